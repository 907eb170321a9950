import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import { createApp } from '../../app.factory.js';
import { loadConfig } from '../../config/config.js';
import { corpusHashOf, DEMO_TEMPLATE, readManifest, TEMPLATE_FILES, TEMPLATE_PGDATA, writeDemoManifest, type DemoManifest } from '../pglite-template.js';
import { LedgerService } from '../../modules/ledger/ledger.service.js';
import { DEMO_CORPUS } from './demo-corpus.js';
import { DEMO_LISTINGS } from './demo-datasets.seed.js';

/** Why no demo template was built (the first start then seeds live, as before). */
export class DemoTemplateError extends Error {}

/**
 * Builds the demo template (pglite-template.ts) inside `templateDir`, which holds a fresh plain
 * template: the real application starts on a scratch data folder (copying the plain template),
 * runs the demo seed as a first start would — every listing uploaded, classified, consented,
 * published and sold through the real services, each step ledgered — and closes. The folder's
 * database and uploaded files become the template. Left out: the scratch signing key and
 * whatever it signed (tree heads, checkpoints), so each data folder signs its ledger with its
 * own key from its first start. Replaces an older demo template only once the new one is whole.
 */
export async function buildDemoTemplate(templateDir: string, logger: Logger, codeHash: string): Promise<DemoManifest> {
  const plain = readManifest(templateDir);
  if (!plain) throw new DemoTemplateError(`no plain template in ${templateDir}: build it first`);
  const scratch = join(templateDir, `.demo-scratch-${process.pid}`);
  const building = join(templateDir, `.demo-building-${process.pid}`);
  const target = join(templateDir, DEMO_TEMPLATE);
  const old = join(templateDir, `.demo-old-${process.pid}`);
  for (const dir of [scratch, building, old]) rmSync(dir, { recursive: true, force: true });
  // The old demo template out of the way first: the scratch start must seed, not copy it.
  if (existsSync(target)) renameSync(target, old);
  try {
    const builtAt = new Date().toISOString();
    const corpusHash = corpusHashOf(DEMO_CORPUS);
    const config = loadConfig({ NODE_ENV: 'development', EASTLAKE_DATA_DIR: scratch, SEED_DEMO: 'true', LOG_LEVEL: logger.level });
    const app = await createApp(config, logger);
    try {
      await app.get(LedgerService).flush(); // the seed's last entries, sequenced before the folder closes
    } finally {
      await app.close();
    }
    const pgdata = join(scratch, TEMPLATE_PGDATA);
    const pglite = await PGlite.create(pgdata);
    try {
      const [datasets] = (await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM datasets`)).rows;
      const [unfinished] = (await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM classification_jobs WHERE state <> 'COMPLETED'`)).rows;
      const [pending] = (await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_pending`)).rows;
      if (datasets.n !== DEMO_LISTINGS.length || unfinished.n !== 0 || pending.n !== 0) {
        throw new DemoTemplateError(`the demo seed did not finish (${datasets.n} of ${DEMO_LISTINGS.length} listings, ${unfinished.n} jobs unfinished, ${pending.n} ledger entries queued)`);
      }
      // Signed with the scratch key, which is thrown away: each data folder signs its own heads.
      // The append-only triggers guard a live ledger; this folder has never been served.
      await pglite.exec(`SET session_replication_role = replica; DELETE FROM ledger_tree_heads; DELETE FROM ledger_checkpoints; SET session_replication_role = origin;`);
    } finally {
      await pglite.close();
    }
    mkdirSync(building, { recursive: true });
    renameSync(pgdata, join(building, TEMPLATE_PGDATA));
    const files = join(scratch, TEMPLATE_FILES);
    if (!existsSync(files) || readdirSync(files).length === 0) throw new DemoTemplateError('the demo seed stored no file');
    renameSync(files, join(building, TEMPLATE_FILES));
    const manifest: DemoManifest = { ...plain, builtAt, corpusHash, codeHash };
    writeDemoManifest(building, manifest);
    renameSync(building, target);
    return manifest;
  } finally {
    for (const dir of [scratch, building, old]) rmSync(dir, { recursive: true, force: true });
  }
}
