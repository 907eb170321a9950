// Classifier v2 fixtures (fixtures/classifier, written by its generate.mjs): one small file per
// v2 rule of CLASSIFIER.md — adversarial cases that must be caught and honest look-alikes that
// must stay TRADEABLE. Each case states the verdict and the types, reasons and warnings it needs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { classifyFile } from './classify.js';

const DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'fixtures',
  'classifier',
);
const NOW = new Date('2026-06-01T12:00:00Z');

interface Case {
  file?: string;
  consent?: string;
  purpose?: string;
  verdict: string;
  types?: string[];
  notTypes?: string[];
  reasons?: string[];
  warnings?: string[];
}

const cases = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Case>;

describe('classifier v2 fixtures', () => {
  it.each(Object.entries(cases))('%s', async (name, want) => {
    const opts = want.consent
      ? { consentPath: join(DIR, want.consent), purpose: want.purpose, now: NOW }
      : { now: NOW };
    const report = await classifyFile(join(DIR, want.file ?? name), opts);
    const found = new Set(
      report.columns.flatMap((c) => c.types.filter((t) => t.ratio >= 0.6).map((t) => t.type)),
    );
    const detail = JSON.stringify({
      verdict: report.verdict,
      columns: report.columns,
      reasons: report.reasons.map((r) => r.code),
      warnings: report.warnings,
    });
    expect(`${report.verdict} ${detail}`).toMatch(new RegExp(`^${want.verdict} `));
    for (const t of want.types ?? []) expect([...found].join(',') + ' ' + detail).toContain(t);
    for (const t of want.notTypes ?? [])
      expect(report.columns.flatMap((c) => c.types.map((x) => x.type))).not.toContain(t);
    for (const r of want.reasons ?? []) expect(report.reasons.map((x) => x.code)).toContain(r);
    for (const w of want.warnings ?? []) expect(report.warnings.join('\n')).toContain(w);
  });
});
