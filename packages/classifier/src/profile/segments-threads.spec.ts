// Segmented profiling with real worker threads, through the built CLI (run `npm run build`
// first): the JSON report must be the same byte for byte whatever the number of threads.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { luhnComplete, residentIdCheck } from '../test-support/generators.js';

const CLI = resolve('bin/eastlake-classify.js');
let dir: string;

/** ~18 MB: a third of the rows with identifiers, the rest look-alikes (two 8 MB segments or more). */
function table(midQuoted: boolean): string {
  const rows: string[] = ['id,name,contact,id_number,card,email,address,note,amount'];
  let size = 0;
  let quoted = !midQuoted;
  for (let i = 0; size < 18_000_000; i++) {
    const body = `42010219${String(50 + (i % 50))}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`;
    const mobile = `13${String(100000000 + ((i * 7919) % 899999999))}`;
    const row =
      i % 3 === 0
        ? [
            i,
            '王伟',
            mobile,
            body + residentIdCheck(body),
            luhnComplete(`62${String(i).padStart(16, '0')}`),
            `u${i}@example.com`,
            `武汉市武昌区武珞路${i % 900}号`,
            `回电${mobile}`,
            (i % 1000) / 100,
          ]
        : [
            i,
            '白酒',
            `12${String(i).padStart(9, '0')}`,
            body + 'Y',
            String(i).padStart(16, '4'),
            `u${i} at example`,
            '武汉市武昌区',
            '物流太慢了',
            i % 7,
          ];
    let line = row.join(',');
    if (!quoted && size > 9_000_000) {
      // A quoted field of many lines where the file is cut in two: that segment is read in order.
      line += `,"${'第一行\n'.repeat(20_000)}"`;
      quoted = true;
    }
    rows.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return rows.join('\n') + '\n';
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classifier-threads-'));
  writeFileSync(join(dir, 'plain.csv'), table(false));
  writeFileSync(join(dir, 'quoted.csv'), table(true));
  writeFileSync(
    join(dir, 'consent.csv'),
    'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(threads: number, ...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, EASTLAKE_CLASSIFY_THREADS: String(threads) },
  });
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout) as { stats: { ms: number } };
  out.stats.ms = 0;
  return JSON.stringify(out);
}

describe('classifying with threads', () => {
  it.each(['plain.csv', 'quoted.csv'])(
    'gives the single-thread report for %s',
    (name) => {
      const one = report(1, join(dir, name));
      expect(JSON.parse(one).verdict).toBe('UNTRADEABLE');
      expect(report(2, join(dir, name))).toBe(one);
      expect(report(3, join(dir, name))).toBe(one);
    },
    120_000,
  );

  it('gives the single-thread report with a consent check (a second pass)', () => {
    const args = [join(dir, 'plain.csv'), '--consent', join(dir, 'consent.csv'), '--purpose', 'x'];
    const one = report(1, ...args);
    expect(JSON.parse(one).consent.neededRows).toBeGreaterThan(0);
    expect(report(2, ...args)).toBe(one);
  }, 120_000);
});
