#!/usr/bin/env node
// Runs dependency-cruiser over src/ and applies the module-boundary rules (module-boundaries.mjs).
//   node tools/check-module-boundaries.mjs            fail on any violation not in the baseline
//   node tools/check-module-boundaries.mjs --strict   fail on every violation, baseline ignored
//   node tools/check-module-boundaries.mjs --write-baseline   record today's violations
// The baseline only shrinks: a violation fixed must leave it (a stale entry fails too).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import { entityImportViolations, featureRegistrationViolations, moduleCycleViolations, rawSqlViolations, tableOwners } from './module-boundaries.mjs';

// Tables created by migrations without an entity class, and the module that owns each.
export const MIGRATION_ONLY_TABLES = {
  buyer_delivered_versions: 'modules/access',
  buyer_exposure: 'modules/access',
  idempotency_keys: 'modules/access',
  buyer_holdings: 'modules/enforcement',
  organization_insiders: 'modules/enforcement',
  orders: 'modules/orders',
  consent_records: 'modules/consent',
  consent_revocations: 'modules/consent',
  cross_border_evidence: 'modules/cross-border',
  cross_border_exports: 'modules/cross-border',
  resale_suspicions: 'modules/classification',
  version_fingerprints: 'modules/classification',
  ledger_checkpoints: 'modules/ledger',
  ledger_pending: 'modules/ledger',
  ledger_tile_tail: 'modules/ledger',
  ledger_tiles: 'modules/ledger',
};

/** Every violation of the three rules in the app rooted at `root`, each with a stable key. */
export async function checkBoundaries(root, extraTables = {}) {
  const prev = process.cwd();
  process.chdir(root);
  let result;
  try {
    result = await cruise(['src'], {
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '(^|/)(dist|node_modules)/' },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.json' },
    }, undefined, { tsConfig: JSON.parse(readFileSync('tsconfig.json', 'utf8')) });
  } finally {
    process.chdir(prev);
  }
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  const owners = tableOwners(root, extraTables);
  return [
    ...entityImportViolations(output).map((v) => ({ ...v, key: `entity ${v.from} -> ${v.to}` })),
    ...moduleCycleViolations(output).flatMap((c) => c.arrows.map((a) => ({ rule: c.rule, from: a, to: c.modules.join(' '), key: `cycle ${a.replace(/ \(.*\)$/, '')}` }))),
    ...featureRegistrationViolations(root).map((v) => ({ ...v, key: `feature ${v.from} -> ${v.to}` })),
    ...rawSqlViolations(root, owners).map((v) => ({ ...v, key: `sql ${v.from.replace(/:\d+$/, '')} -> ${v.to.split(' ')[0]}` })),
  ];
}

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASELINE = join(APP_ROOT, 'tools/module-boundaries.baseline.json');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--')) ?? APP_ROOT;
  const violations = await checkBoundaries(root, root === APP_ROOT ? MIGRATION_ONLY_TABLES : {});
  const keys = [...new Set(violations.map((v) => v.key))].sort();
  if (args.includes('--write-baseline')) {
    writeFileSync(BASELINE, JSON.stringify(keys, null, 2) + '\n');
    console.log(`module boundaries: ${keys.length} known violations written to the baseline`);
    process.exit(0);
  }
  const baseline = args.includes('--strict') || !existsSync(BASELINE) ? [] : JSON.parse(readFileSync(BASELINE, 'utf8'));
  const known = new Set(baseline);
  const fresh = violations.filter((v) => !known.has(v.key));
  const stale = baseline.filter((k) => !keys.includes(k));
  for (const v of fresh) console.error(`✗ ${v.rule}: ${v.from} → ${v.to}`);
  for (const k of stale) console.error(`✗ fixed, remove it from tools/module-boundaries.baseline.json: ${k}`);
  if (fresh.length || stale.length) process.exit(1);
  console.log(`module boundaries: no new violation (${baseline.length} known, listed in the baseline)`);
}
