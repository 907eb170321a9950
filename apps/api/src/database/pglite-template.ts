import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/config.js';
import { DEMO_CORPUS } from './seeds/demo-corpus.js';

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

/** A hash over the files of a folder that `keep` selects (names and contents, in name order). */
function filesHashOf(dir: string, keep: (name: string) => boolean): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter(keep).sort()) {
    hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
  }
  return hash.digest('hex');
}

/** A hash over the migration files of a folder (names and contents, in name order). */
export function migrationsHashOf(migrationsDir: string): string {
  return filesHashOf(migrationsDir, (n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts'));
}

/** A hash over the demo corpus (every file in it): a demo template is used only with the corpus it was seeded from. */
export function corpusHashOf(corpusDir: string): string {
  return existsSync(corpusDir) ? filesHashOf(corpusDir, () => true) : 'missing';
}

/** Whether a parsed manifest has every field of a plain template's (the demo one's extends it). */
function hasTemplateFields(m: TemplateManifest): boolean {
  return typeof m.pglite === 'string' && Array.isArray(m.migrations) && typeof m.migrationsHash === 'string' && typeof m.sourceHash === 'string';
}

export function readManifest(templateDir: string): TemplateManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(templateDir, MANIFEST), 'utf8')) as TemplateManifest;
    if (!hasTemplateFields(m)) return null;
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

/**
 * The demo template: the plain template's database after the demo seed ran in it (accounts,
 * listings classified, a consent, a sale, their ledger entries), with the uploaded files it
 * wrote. Built by `npm run build` beside the plain one (seeds/demo-template.ts); no key and no
 * signed tree head or checkpoint in it: each data folder signs with its own key.
 */
export const DEMO_TEMPLATE = 'demo';
const DEMO_MANIFEST = 'demo.json';
const FILES = 'files';

/** The demo template's manifest: the plain one's fields, when it was seeded, and from which corpus. */
export interface DemoManifest extends TemplateManifest {
  /** ISO time the seed ran: its rows and ledger entries carry this time. */
  builtAt: string;
  /** {@link corpusHashOf} the corpus it was seeded from. */
  corpusHash: string;
  /** The build's hash of the code that seeded it (scripts/build-pglite-template.mjs rebuilds on a change). */
  codeHash?: string;
}

/**
 * How old a demo template may be. The seed's rows carry the build's time (a 90-day demo grant
 * counts from it, the ledger's first entries show it): a template older than a day is not
 * used, and the start seeds live as it always did.
 */
export const DEMO_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function readDemoManifest(templateDir: string): DemoManifest | null {
  const dir = join(templateDir, DEMO_TEMPLATE);
  try {
    const m = JSON.parse(readFileSync(join(dir, DEMO_MANIFEST), 'utf8')) as DemoManifest;
    if (typeof m.builtAt !== 'string' || typeof m.corpusHash !== 'string' || Number.isNaN(Date.parse(m.builtAt)) || !hasTemplateFields(m)) return null;
    return existsSync(join(dir, PGDATA, 'PG_VERSION')) && existsSync(join(dir, FILES)) ? m : null;
  } catch {
    return null;
  }
}

export function writeDemoManifest(demoDir: string, manifest: DemoManifest): void {
  writeFileSync(join(demoDir, DEMO_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** A first start that would seed the demo into an empty storage folder: it may start from the demo template instead. */
export interface DemoTarget {
  /** Where uploaded files go (config.storageDir); the template's files are moved there. */
  storageDir: string;
  /** The corpus the live seed would list ({@link corpusHashOf} must match the template's). */
  corpusDir: string;
}

/** The demo template applies to an embedded first start that would seed the demo listings (not in tests, which count their own data). */
export function demoTargetOf(config: AppConfig): DemoTarget | undefined {
  if (config.databaseUrl || config.dataDir === 'memory://' || !config.seedDemo || config.nodeEnv === 'test') return undefined;
  return { storageDir: config.storageDir, corpusDir: DEMO_CORPUS };
}

/** Usable when it fits like the plain template, was seeded from this corpus, is at most a day old, and the storage folder is empty. */
export function demoTemplateFits(manifest: DemoManifest, migrationNames: readonly string[], target: DemoTarget, now = Date.now()): boolean {
  const age = now - Date.parse(manifest.builtAt);
  return age >= 0 && age <= DEMO_MAX_AGE_MS && templateFits(manifest, migrationNames) && isFresh(target.storageDir) && manifest.corpusHash === corpusHashOf(target.corpusDir);
}

/** Which template a first start copied. */
export type TemplateKind = 'plain' | 'demo';

/** The template to copy for this start, with its folders, or null when none fits. */
function chooseTemplate(migrationNames: readonly string[], templateDir: string, demo: DemoTarget | undefined): { kind: TemplateKind; pgdata: string; files?: string } | null {
  if (demo) {
    const m = readDemoManifest(templateDir);
    if (m && demoTemplateFits(m, migrationNames, demo)) {
      return { kind: 'demo', pgdata: join(templateDir, DEMO_TEMPLATE, PGDATA), files: join(templateDir, DEMO_TEMPLATE, FILES) };
    }
  }
  const manifest = readManifest(templateDir);
  return manifest && templateFits(manifest, migrationNames) ? { kind: 'plain', pgdata: join(templateDir, PGDATA) } : null;
}

/** Whether the template just copied is still whole (a build may replace it while it is read). */
function stillThere(kind: TemplateKind, templateDir: string): boolean {
  return kind === 'demo' ? readDemoManifest(templateDir) !== null : readManifest(templateDir) !== null;
}

/** Where this process stages the template beside `pgdataDir` (its own name: processes never share one). */
function stagingDir(pgdataDir: string): string {
  return join(dirname(pgdataDir), `.pgdata-template-${process.pid}`);
}

/** Where it stages the demo template's files, beside the storage folder (so a rename moves them in). */
function filesStagingDir(storageDir: string): string {
  return join(dirname(storageDir), `.files-template-${process.pid}`);
}

/** Written last into a staged copy; holds the {@link TemplateKind}. */
const STAGED_MARK = '.eastlake-staged';

function stagedKind(staging: string): TemplateKind | null {
  try {
    const kind = readFileSync(join(staging, STAGED_MARK), 'utf8');
    return kind === 'demo' || kind === 'plain' ? kind : null;
  } catch {
    return null;
  }
}

/** The copy, in a worker thread: `cpSync` on another core (an async `cp` of ~1,200 files ran on the main thread's turns and slowed the module loading it was to overlap). */
const STAGE_IN_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { cpSync, rmSync } = require('node:fs');
const clear = () => { for (const c of workerData.copies) rmSync(c.to, { recursive: true, force: true }); };
try {
  clear();
  for (const c of workerData.copies) cpSync(c.from, c.to, { recursive: true });
  parentPort.postMessage(true);
} catch {
  clear();
  parentPort.postMessage(false);
}`;

/**
 * Copies the template beside a fresh `pgdataDir` ahead of time, in a worker thread (while
 * the process loads its modules), without the data folder's lock: the staging folders are
 * this process's own, and only {@link copyTemplateIfFresh}, under the lock, moves them into
 * place. With `demo`, the demo template when it fits (see {@link demoTemplateFits}).
 * Resolves to the kind of template staged, or false.
 */
export async function stageTemplate(pgdataDir: string, migrationNames: readonly string[], templateDir = PGLITE_TEMPLATE_DIR, demo?: DemoTarget): Promise<TemplateKind | false> {
  if (!isFresh(pgdataDir)) return false;
  const chosen = chooseTemplate(migrationNames, templateDir, demo);
  if (!chosen) return false;
  const staging = stagingDir(pgdataDir);
  const copies = [{ from: chosen.pgdata, to: staging }];
  if (chosen.files && demo) copies.push({ from: chosen.files, to: filesStagingDir(demo.storageDir) });
  for (const c of copies) mkdirSync(dirname(c.to), { recursive: true });
  const copied = await new Promise<boolean>((resolve) => {
    const worker = new Worker(STAGE_IN_THREAD, { eval: true, workerData: { copies } });
    worker.once('message', (ok: boolean) => resolve(ok));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  if (!copied || !stillThere(chosen.kind, templateDir)) {
    for (const c of copies) rmSync(c.to, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(staging, STAGED_MARK), chosen.kind);
  return chosen.kind;
}

/**
 * On a first start (`pgdataDir` missing or empty), fills `pgdataDir` with a pre-built
 * template instead of letting PGlite run initdb and every migration (seconds in WASM) — with
 * `demo`, the demo template (and its files into the empty storage folder) when it fits: the
 * copy {@link stageTemplate} made, or one made now — to sibling folders, then renamed into
 * place (the files first, the database last), so a copy cut short leaves no half database
 * behind. The caller holds the data folder's lock. Returns false (and changes nothing but
 * staged copies it no longer needs) when the folder is not fresh, no fitting template is
 * there, or it could not be read whole (a build replacing it at that moment); the start then
 * proceeds as before. The migrations (and the demo seed, which finds its story told) run on top.
 */
export function copyTemplateIfFresh(pgdataDir: string, migrationNames: readonly string[], templateDir = PGLITE_TEMPLATE_DIR, demo?: DemoTarget): TemplateKind | false {
  const staging = stagingDir(pgdataDir);
  const filesStaging = demo ? filesStagingDir(demo.storageDir) : null;
  const discard = () => {
    rmSync(staging, { recursive: true, force: true });
    if (filesStaging) rmSync(filesStaging, { recursive: true, force: true });
  };
  let kind = stagedKind(staging);
  if (!isFresh(pgdataDir)) {
    if (kind) discard();
    return false;
  }
  // Staged as demo, but the storage folder got files meanwhile (or no demo is wanted now): copy again.
  if (kind === 'demo' && !(demo && filesStaging && isFresh(demo.storageDir) && existsSync(filesStaging))) {
    discard();
    kind = null;
  }
  if (!kind) {
    const chosen = chooseTemplate(migrationNames, templateDir, demo);
    if (!chosen) return false;
    mkdirSync(dirname(pgdataDir), { recursive: true });
    discard();
    try {
      cpSync(chosen.pgdata, staging, { recursive: true });
      if (chosen.files && filesStaging) {
        mkdirSync(dirname(filesStaging), { recursive: true });
        cpSync(chosen.files, filesStaging, { recursive: true });
      }
      if (!stillThere(chosen.kind, templateDir)) throw new Error('the template changed while it was copied');
    } catch {
      discard();
      return false;
    }
    kind = chosen.kind;
  }
  rmSync(join(staging, STAGED_MARK), { force: true });
  if (kind === 'demo' && demo && filesStaging) {
    rmSync(demo.storageDir, { recursive: true, force: true }); // empty (checked above)
    renameSync(filesStaging, demo.storageDir);
  } else if (filesStaging) {
    rmSync(filesStaging, { recursive: true, force: true });
  }
  rmSync(pgdataDir, { recursive: true, force: true });
  renameSync(staging, pgdataDir);
  return kind;
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
export const TEMPLATE_FILES = FILES;
export const TEMPLATE_TARBALL = TARBALL;
