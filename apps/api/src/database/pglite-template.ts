import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm run build` leaves the pre-migrated PGlite data folder. The path is the same
 * from `src/` (tests) and from `dist/` (npm start): both sit at apps/api/<src|dist>/database.
 */
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('../../dist/pglite-template/', import.meta.url));

/** What a template was built from: used only when it matches the running code. */
export interface TemplateManifest {
  /** The PGlite version that wrote the folder (its on-disk format). */
  pglite: string;
  /** The migrations applied in it, in order. */
  migrations: string[];
  /** A hash of the compiled migration files (dist), so an edited migration rebuilds the template. */
  migrationsHash: string;
  /** The same over the TypeScript sources (src), for runs from src (tests). */
  sourceHash: string;
}

const MANIFEST = 'template.json';
const PGDATA = 'pgdata';
const TARBALL = 'pgdata.tar';

/** The installed PGlite's version, read from its package.json. */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
  }
  throw new Error('cannot find the version of @electric-sql/pglite');
}

/** A hash over the migration files of a folder (names and contents, in name order). */
export function migrationsHashOf(migrationsDir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
    hash.update(name).update('\0').update(readFileSync(join(migrationsDir, name))).update('\0');
  }
  return hash.digest('hex');
}

export function readManifest(templateDir: string): TemplateManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(templateDir, MANIFEST), 'utf8')) as TemplateManifest;
    if (typeof m.pglite !== 'string' || !Array.isArray(m.migrations) || typeof m.migrationsHash !== 'string' || typeof m.sourceHash !== 'string') return null;
    return existsSync(join(templateDir, PGDATA, 'PG_VERSION')) ? m : null;
  } catch {
    return null;
  }
}

/** The migrations folder next to the running code (dist/database/migrations or src/database/migrations). */
const RUNNING_MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));

let runningHash: string | undefined;

/**
 * Usable only when written by the same PGlite from exactly the migrations this code runs
 * (same names in the same order, same file contents): anything else — a migration added or
 * edited since the build — falls back to a plain start. The migrations run on top either way.
 */
export function templateFits(manifest: TemplateManifest, migrationNames: readonly string[]): boolean {
  if (manifest.pglite !== pgliteVersion()) return false;
  if (manifest.migrations.length !== migrationNames.length || !manifest.migrations.every((m, i) => m === migrationNames[i])) return false;
  runningHash ??= migrationsHashOf(RUNNING_MIGRATIONS);
  return runningHash === manifest.migrationsHash || runningHash === manifest.sourceHash;
}

/** True when `dir` is missing or an empty folder: a first start. */
function isFresh(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Where this process stages the template beside `pgdataDir` (its own name: processes never share one). */
function stagingDir(pgdataDir: string): string {
  return join(dirname(pgdataDir), `.pgdata-template-${process.pid}`);
}

const STAGED_MARK = '.eastlake-staged';

/** The copy, in a worker thread: `cpSync` on another core (an async `cp` of ~1,200 files ran on the main thread's turns and slowed the module loading it was to overlap). */
const STAGE_IN_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { cpSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
try {
  rmSync(workerData.staging, { recursive: true, force: true });
  cpSync(workerData.from, workerData.staging, { recursive: true });
  parentPort.postMessage(true);
} catch {
  rmSync(workerData.staging, { recursive: true, force: true });
  parentPort.postMessage(false);
}`;

/**
 * Copies the template beside a fresh `pgdataDir` ahead of time, in a worker thread (while
 * the process loads its modules), without the data folder's lock: the staging folder is
 * this process's own, and only {@link copyTemplateIfFresh}, under the lock, moves it into
 * place. Resolves to whether a complete copy is staged.
 */
export async function stageTemplate(pgdataDir: string, migrationNames: readonly string[], templateDir = PGLITE_TEMPLATE_DIR): Promise<boolean> {
  if (!isFresh(pgdataDir)) return false;
  const manifest = readManifest(templateDir);
  if (!manifest || !templateFits(manifest, migrationNames)) return false;
  const staging = stagingDir(pgdataDir);
  mkdirSync(dirname(pgdataDir), { recursive: true });
  const copied = await new Promise<boolean>((resolve) => {
    const worker = new Worker(STAGE_IN_THREAD, { eval: true, workerData: { from: join(templateDir, PGDATA), staging } });
    worker.once('message', (ok: boolean) => resolve(ok));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  if (!copied || readManifest(templateDir) === null) {
    rmSync(staging, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(staging, STAGED_MARK), '');
  return true;
}

/**
 * On a first start (`pgdataDir` missing or empty), fills `pgdataDir` with the pre-migrated
 * template instead of letting PGlite run initdb and every migration (seconds in WASM): the
 * copy {@link stageTemplate} made, or one made now — to a sibling folder, then renamed into
 * place, so a copy cut short leaves no half database behind. The caller holds the data
 * folder's lock. Returns false (and changes nothing but a staged copy it no longer needs)
 * when the folder is not fresh, no fitting template is there, or it could not be read whole
 * (a build replacing it at that moment); the start then proceeds as before.
 */
export function copyTemplateIfFresh(pgdataDir: string, migrationNames: readonly string[], templateDir = PGLITE_TEMPLATE_DIR): boolean {
  const staging = stagingDir(pgdataDir);
  const staged = existsSync(join(staging, STAGED_MARK));
  if (!isFresh(pgdataDir)) {
    if (staged) rmSync(staging, { recursive: true, force: true });
    return false;
  }
  if (!staged) {
    const manifest = readManifest(templateDir);
    if (!manifest || !templateFits(manifest, migrationNames)) return false;
    mkdirSync(dirname(pgdataDir), { recursive: true });
    rmSync(staging, { recursive: true, force: true });
    try {
      cpSync(join(templateDir, PGDATA), staging, { recursive: true });
      if (readManifest(templateDir) === null) throw new Error('the template changed while it was copied');
    } catch {
      rmSync(staging, { recursive: true, force: true });
      return false;
    }
  }
  rmSync(join(staging, STAGED_MARK), { force: true });
  rmSync(pgdataDir, { recursive: true, force: true });
  renameSync(staging, pgdataDir);
  return true;
}

/** The template as a tarball (PGlite's dumpDataDir), for an in-memory start (`memory://`, tests); null when none fits. */
export function templateTarball(migrationNames: readonly string[], templateDir = PGLITE_TEMPLATE_DIR): Blob | null {
  const manifest = readManifest(templateDir);
  const file = join(templateDir, TARBALL);
  if (!manifest || !templateFits(manifest, migrationNames) || !existsSync(file)) return null;
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return null; // replaced by a build at this moment: start without it
  }
}

/** Writes the manifest last: a template without one is never used. */
export function writeManifest(templateDir: string, manifest: TemplateManifest): void {
  writeFileSync(join(templateDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

export const TEMPLATE_PGDATA = PGDATA;
export const TEMPLATE_TARBALL = TARBALL;
