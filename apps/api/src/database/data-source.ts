import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { QueryCountingLogger } from '../common/database/query-counting.logger.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { DataDirLock } from './data-dir-lock.js';

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
      url: config.databaseUrl,
      ...(schema ? { schema } : {}),
      poolSize: 10,
      extra: {
        connectionTimeoutMillis: 10_000,
        ...(schema ? { options: `-c search_path=${schema}` } : {}),
      },
    });
    return dataSource.initialize();
  }

  let pglite: PGlite;
  let lock: DataDirLock | null = null;
  if (config.dataDir === 'memory://') {
    pglite = await PGlite.create();
  } else {
    // PGlite allows one writer: a second process on this folder would lose commits (DataDirLockedError).
    lock = DataDirLock.acquire(config.dataDir);
    try {
      const dir = join(config.dataDir, 'pgdata');
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
