#!/usr/bin/env node
// Part of `npm run build` (after tsc), both not committed, in dist/pglite-template:
//  - the pre-migrated PGlite data folder that a first embedded start copies instead of running
//    initdb and every migration; skipped when the one there was built by this PGlite from these
//    migrations;
//  - the demo template beside it: that folder after the demo seed ran in it, with its uploaded
//    files, which a first start that would seed the demo copies instead (seeds/demo-template.ts);
//    rebuilt when the plain one was, when the code or the corpus changed, or when it is more
//    than 12 hours old (a start uses it for 24 hours). A failed demo build is a warning: the
//    first start then seeds live, as before.
//   node scripts/build-pglite-template.mjs [--force]
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = join(apiDir, '..', '..');
const { buildPgliteTemplate } = await import(join(apiDir, 'dist', 'database', 'data-source.js'));
const { corpusHashOf, migrationsHashOf, pgliteVersion, PGLITE_TEMPLATE_DIR, readDemoManifest, readManifest, TEMPLATE_TARBALL } = await import(join(apiDir, 'dist', 'database', 'pglite-template.js'));
const { DEMO_CORPUS } = await import(join(apiDir, 'dist', 'database', 'seeds', 'demo-corpus.js'));

const force = process.argv.includes('--force');
const hashes = {
  migrationsHash: migrationsHashOf(join(apiDir, 'dist', 'database', 'migrations')),
  sourceHash: migrationsHashOf(join(apiDir, 'src', 'database', 'migrations')),
};
const current = readManifest(PGLITE_TEMPLATE_DIR);
const upToDate =
  current &&
  current.pglite === pgliteVersion() &&
  current.migrationsHash === hashes.migrationsHash &&
  current.sourceHash === hashes.sourceHash &&
  existsSync(join(PGLITE_TEMPLATE_DIR, TEMPLATE_TARBALL));
let rebuilt = false;
if (force || !upToDate) {
  const t0 = Date.now();
  await buildPgliteTemplate(PGLITE_TEMPLATE_DIR, hashes);
  rebuilt = true;
  console.log(`pglite template: ${readManifest(PGLITE_TEMPLATE_DIR)?.migrations.length ?? 0} migrations applied in ${PGLITE_TEMPLATE_DIR} (${Date.now() - t0} ms)`);
}

/** Every file of the code that runs the seed: the API's dist (not the templates) and the workspace packages' dist. */
function codeHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (path === PGLITE_TEMPLATE_DIR.replace(/\/+$/, '')) continue;
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(repoDir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(join(apiDir, 'dist'));
  for (const pkg of readdirSync(join(repoDir, 'packages')).sort()) {
    const dist = join(repoDir, 'packages', pkg, 'dist');
    if (existsSync(dist)) walk(dist);
  }
  return hash.digest('hex');
}

const code = codeHash();
const demo = readDemoManifest(PGLITE_TEMPLATE_DIR);
const demoFresh =
  demo && !rebuilt && demo.codeHash === code && demo.corpusHash === corpusHashOf(DEMO_CORPUS) && Date.now() - Date.parse(demo.builtAt) < 12 * 3600_000;
if (force || !demoFresh) {
  const t0 = Date.now();
  const [{ buildDemoTemplate }, { createLogger }] = await Promise.all([
    import(join(apiDir, 'dist', 'database', 'seeds', 'demo-template.js')),
    import(join(apiDir, 'dist', 'common', 'logging', 'logger.js')),
  ]);
  try {
    await buildDemoTemplate(PGLITE_TEMPLATE_DIR, createLogger(process.env.LOG_LEVEL ?? 'warn'), code);
    console.log(`pglite demo template: the demo seed ran in ${join(PGLITE_TEMPLATE_DIR, 'demo')} (${Date.now() - t0} ms)`);
  } catch (error) {
    console.warn(`pglite demo template not built (a first start seeds the demo itself): ${error instanceof Error ? error.message : error}`);
  }
}
// The app's in-process queue and threads are closed; nothing should hold the process, but a build must end.
process.exit(0);
