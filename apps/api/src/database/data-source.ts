import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { QueryCountingLogger } from '../common/database/query-counting.logger.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { DataDirLock } from './data-dir-lock.js';
import { copyTemplateIfFresh, demoTargetOf, pgliteVersion, TEMPLATE_PGDATA, TEMPLATE_TARBALL, templateTarball, writeManifest } from './pglite-template.js';

/** The migrations' names, in order (TypeORM records each under its class name). */
const migrationNames = (): string[] => migrations.map((m) => m.name);

/** A DataSource that also owns the embedded PGlite instance (and the data folder's lock) and closes them last. */
export class EmbeddedDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    readonly pglite: PGlite,
    private readonly lock: DataDirLock | null,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
      if (!this.pglite.closed) await this.pglite.close();
    } finally {
      this.lock?.release();
    }
  }
}

const common = () => ({
  type: 'postgres' as const,
  entities,
  migrations,
  migrationsRun: true,
  migrationsTransactionMode: 'each' as const,
  synchronize: false,
  uuidExtension: 'pgcrypto' as const,
  logging: false,
  logger: new QueryCountingLogger(),
});

/**
 * Runs the pending migrations while holding a PostgreSQL advisory lock for the schema, so
 * two APIs or workers starting at once on an empty database do not both create the same
 * tables (the second waits, then finds nothing left to run).
 */
async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = `eastlake-migrations:${schema}`;
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Opens the database and runs the committed migrations: PostgreSQL through `pg` when
 * `DATABASE_URL` is set, otherwise PGlite (real Postgres in WASM) under the data folder,
 * reached through PGlite's own node-postgres bridge with a single connection so
 * transactions keep their isolation (see STACK.md).
 */
export async function openDataSource(config: AppConfig): Promise<DataSource> {
  if (config.databaseUrl) {
    const schema = config.databaseSchema;
    const dataSource = new DataSource({
      ...common(),
      // Run below, under a lock: processes starting together on one database take turns.
      migrationsRun: false,
      url: config.databaseUrl,
      ...(schema ? { schema } : {}),
      poolSize: 10,
      extra: {
        connectionTimeoutMillis: 10_000,
        ...(schema ? { options: `-c search_path=${schema}` } : {}),
      },
    });
    await dataSource.initialize();
    try {
      await runMigrationsLocked(dataSource, schema ?? 'public');
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return dataSource;
  }

  let pglite: PGlite;
  let lock: DataDirLock | null = null;
  if (config.dataDir === 'memory://') {
    // From the pre-migrated template when there is one: no initdb (seconds in WASM); the migrations still run below.
    const loadDataDir = templateTarball(migrationNames());
    pglite = await PGlite.create(loadDataDir ? { loadDataDir } : {});
  } else {
    // PGlite allows one writer: a second process on this folder would lose commits (DataDirLockedError).
    lock = DataDirLock.acquire(config.dataDir);
    try {
      const dir = join(config.dataDir, 'pgdata');
      // A first start copies a pre-built template (npm run build): the demo one when the demo
      // seed would run into empty storage, else the pre-migrated one; the migrations still run below.
      copyTemplateIfFresh(dir, migrationNames(), undefined, demoTargetOf(config));
      mkdirSync(dir, { recursive: true });
      pglite = await PGlite.create(dir);
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const dataSource = new EmbeddedDataSource(
    {
      ...common(),
      poolSize: 1,
      extra: {
        connection: createPgConfig(pglite).connection,
        idleTimeoutMillis: 0,
        // One connection: a query that waits for it longer than this is a bug, not a hang.
        connectionTimeoutMillis: 30_000,
      },
    },
    pglite,
    lock,
  );
  try {
    return await dataSource.initialize();
  } catch (error) {
    await pglite.close();
    lock?.release();
    throw error;
  }
}

/**
 * Builds the pre-migrated PGlite data folder a first embedded start copies (see
 * pglite-template.ts): a fresh PGlite with every committed migration applied, closed
 * cleanly, then its manifest. No demo data and no keys: those are made per data folder.
 */
export async function buildPgliteTemplate(templateDir: string, hashes: { migrationsHash: string; sourceHash: string }): Promise<void> {
  // Built beside the old one and swapped in, so a start reading the old one meanwhile is not cut short.
  const target = templateDir.replace(/\/+$/, '');
  const building = `${target}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  await buildTemplateIn(building, hashes);
  const old = `${target}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  try {
    if (existsSync(target)) renameSync(target, old);
    renameSync(building, target);
  } catch (error) {
    // Another build swapped its own (same) template in at the same moment: keep that one.
    if (!existsSync(join(target, 'template.json'))) throw error;
  } finally {
    rmSync(building, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

async function buildTemplateIn(templateDir: string, hashes: { migrationsHash: string; sourceHash: string }): Promise<void> {
  const pglite = await PGlite.create(join(templateDir, TEMPLATE_PGDATA));
  const dataSource = new DataSource({
    ...common(),
    poolSize: 1,
    extra: { connection: createPgConfig(pglite).connection, idleTimeoutMillis: 0, connectionTimeoutMillis: 30_000 },
  });
  try {
    await dataSource.initialize();
    const applied: Array<{ name: string }> = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    await dataSource.destroy();
    const tarball = await pglite.dumpDataDir('none');
    writeFileSync(join(templateDir, TEMPLATE_TARBALL), Buffer.from(await tarball.arrayBuffer()));
    await pglite.close();
    writeManifest(templateDir, { pglite: pgliteVersion(), migrations: applied.map((r) => r.name), ...hashes });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (!pglite.closed) await pglite.close();
  }
}
