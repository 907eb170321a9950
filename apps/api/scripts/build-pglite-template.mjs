#!/usr/bin/env node
// Part of `npm run build` (after tsc): the pre-migrated PGlite data folder that a first
// embedded start copies instead of running initdb and every migration (dist/pglite-template,
// not committed). Skipped when the one there was built by this PGlite from these migrations.
//   node scripts/build-pglite-template.mjs [--force]
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { buildPgliteTemplate } = await import(join(apiDir, 'dist', 'database', 'data-source.js'));
const { migrationsHashOf, pgliteVersion, PGLITE_TEMPLATE_DIR, readManifest, TEMPLATE_TARBALL } = await import(join(apiDir, 'dist', 'database', 'pglite-template.js'));

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
if (!process.argv.includes('--force') && upToDate) process.exit(0);
const t0 = Date.now();
await buildPgliteTemplate(PGLITE_TEMPLATE_DIR, hashes);
console.log(`pglite template: ${readManifest(PGLITE_TEMPLATE_DIR)?.migrations.length ?? 0} migrations applied in ${PGLITE_TEMPLATE_DIR} (${Date.now() - t0} ms)`);
