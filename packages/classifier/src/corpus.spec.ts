import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { classifyFile } from './classify.js';

/** The repository's own labelled corpus (a copy of the public one, with its expected.json). */
const CORPUS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'fixtures',
  'corpus',
);

interface Expected {
  file?: string;
  verdict: string;
  types: string[];
  consent?: string;
  purpose?: string;
}

const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
>;

describe('the labelled corpus in fixtures/corpus', () => {
  it.each(Object.entries(expected))('%s', async (name, want) => {
    const opts = want.consent
      ? { consentPath: join(CORPUS, want.consent), purpose: want.purpose }
      : {};
    const report = await classifyFile(join(CORPUS, want.file ?? name), opts);
    expect(report.verdict).toBe(want.verdict);
    const found = new Set(report.columns.flatMap((c) => c.types.map((t) => t.type)));
    for (const type of want.types) expect(found).toContain(type);
  });
});
