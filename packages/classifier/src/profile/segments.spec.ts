// Segmented profiling (segments.ts) must give exactly what one pass gives: the merge of
// segment profiles is checked against the single pass over the same bytes, with segments cut
// anywhere (inside quoted fields too), ragged rows, CRLF, blank lines and undecodable bytes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, type TableInfo } from '../input/read-table.js';
import { bankCardArb, mobileArb, residentIdArb, usccArb } from '../test-support/generators.js';
import { ColumnProfile, mergeDigitLen, SUMMED_FIELDS } from './column-profile.js';
import { DistinctCounter, type DistinctState } from './distinct-counter.js';
import { profileSegment, readFileInSegments, type SegmentRunner } from './segments.js';
import { TableProfiler } from './table-profiler.js';
import { IdentifierScanner } from '../detect/identifier-scanner.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classifier-segments-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const canon = (d: DistinctState | null): string | null =>
  d === null ? null : DistinctCounter.fromState(d).canonical();

/** Everything a report is computed from, independent of the order hashes were inserted in. */
function snapshot(p: TableProfiler, info: TableInfo): string {
  const st = p.toState();
  return JSON.stringify({
    info,
    rows: p.rows,
    headerless: p.headerless,
    warnings: p.warnings,
    names: p.cols.map((c) => c.name),
    cols: st.cols.map((c) => ({
      ...c,
      idMatches: Array.from(c.idMatches),
      idDistinct: c.idDistinct.map(canon),
      nameDistinct: canon(c.nameDistinct),
      anyNameDistinct: canon(c.anyNameDistinct),
      addressDistinct: canon(c.addressDistinct),
      opaqueDistinct: canon(c.opaqueDistinct),
    })),
    splits: st.splits.map((s) => ({
      left: s.left,
      hits: s.hits,
      distinct: Object.fromEntries(Object.entries(s.distinct).map(([k, d]) => [k, canon(d)])),
    })),
  });
}

async function onePass(path: string): Promise<string> {
  const p = new TableProfiler(NOW);
  try {
    const info = await readTable(
      createReadStream(path, { highWaterMark: 1 << 20 }),
      statSync(path).size,
      p,
    );
    p.finish();
    return snapshot(p, info);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const inThread: SegmentRunner = (job) => ({ result: profileSegment(job), stop: () => {} });

async function segmented(path: string, threads: number, merged: number[]): Promise<string> {
  const p = new TableProfiler(NOW);
  try {
    const info = await readFileInSegments(path, statSync(path).size, p, threads, {
      minSegmentBytes: 1,
      runSegment: inThread,
      onMerged: (k) => merged.push(k),
    });
    p.finish();
    return snapshot(p, info);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const HEADER = 'name,phone,id_number,card_a,card_b,address,note\n';
// Values a regular row holds; quoted values may hold delimiters and line breaks.
const valueArb = fc.oneof(
  residentIdArb,
  usccArb,
  bankCardArb,
  mobileArb,
  mobileArb.map((m) => m.slice(0, 5)),
  mobileArb.map((m) => m.slice(5)),
  fc.constantFrom(
    '张伟',
    '欧阳娜娜',
    '白酒',
    '江岸区',
    '青年路866号4栋1单元1547室',
    'user1@example.com',
    '10.0.0.255',
    '0.4218407843137255',
    '１３８１２３４５６７８',
    'd41d8cd98f00b204e9800998ecf8427e',
    'aGVsbG8gd29ybGQgMTM4MTIzNDU2Nzg=',
    '',
    ' ',
    '"quoted, with a comma"',
    '"two\nlines"',
    '"many\n\n\nlines\n13812345678\n"',
    '42',
    '2024-01-05',
  ),
);
const WIDTH = HEADER.split(',').length;
const regularRowArb = fc
  .array(valueArb, { minLength: WIDTH, maxLength: WIDTH })
  .map((vs) => vs.join(','));
// Rows a warning reports: ragged, unterminated or stray quotes.
const irregularRowArb = fc.oneof(
  fc.array(valueArb, { minLength: 1, maxLength: WIDTH + 3 }).map((vs) => vs.join(',')),
  regularRowArb.map((r) => `${r},"unterminated`),
  regularRowArb.map((r) => `"a"b,${r.slice(r.indexOf(',') + 1)}`),
);
const tableArb = fc.record({
  rows: fc.array(regularRowArb, { minLength: 1, maxLength: 40 }),
  irregular: fc.option(irregularRowArb, { freq: 3 }),
  crlf: fc.boolean(),
  blank: fc.boolean(),
  badBytes: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
  threads: fc.integer({ min: 2, max: 4 }),
});

/** The rows repeated past the 64 KB head, so that later segments are read apart. */
function fileOf(t: { rows: string[]; crlf: boolean; blank: boolean; badBytes: boolean }): Buffer {
  const nl = t.crlf ? '\r\n' : '\n';
  const body = t.rows.join(nl) + nl + (t.blank ? nl : '');
  const parts: Buffer[] = [Buffer.from(HEADER)];
  let len = HEADER.length;
  for (let i = 0; len < 200_000; i++) {
    const b = Buffer.from(body);
    parts.push(b);
    len += b.length;
    if (t.badBytes && i % 7 === 3) parts.push(Buffer.from([0xe6, 0xff, 0x0a]));
  }
  return Buffer.concat(parts);
}

describe('segmented profiling', () => {
  it('merges segment profiles into exactly the single-pass profile', async () => {
    let runs = 0;
    let mergedRuns = 0;
    await fc.assert(
      fc.asyncProperty(tableArb, async (t) => {
        const path = join(dir, `t${runs++}.csv`);
        writeFileSync(path, fileOf(t));
        const merged: number[] = [];
        const a = await onePass(path);
        const b = await segmented(path, t.threads, merged);
        if (merged.length > 0) mergedRuns++;
        expect(b).toBe(a);
      }),
      { numRuns: 50 },
    );
    // The property is about merges: most runs must have merged at least one segment.
    expect(mergedRuns).toBeGreaterThan(15);
  }, 120_000);

  it('reads a segment in file order when its first line break is inside a quoted field', async () => {
    // One quoted field of many lines around the middle of the file: the cut lands inside it.
    const row = '张伟,13812345678,x,1,2,武汉,ok\n';
    const half = row.repeat(Math.ceil(150_000 / Buffer.byteLength(row)));
    const quoted = `王芳,13912345678,x,1,2,"${'第一行\n'.repeat(3000)}",note\n`;
    const path = join(dir, 'quoted.csv');
    writeFileSync(path, HEADER + half + quoted + half);
    const merged: number[] = [];
    const a = await onePass(path);
    const b = await segmented(path, 2, merged);
    expect(b).toBe(a);
    expect(merged).toEqual([]);
    // The same file with the quoted field moved away from the cut is merged, with the same result.
    const path2 = join(dir, 'quoted2.csv');
    writeFileSync(path2, HEADER + quoted + half + half);
    const merged2: number[] = [];
    expect(await segmented(path2, 2, merged2)).toBe(await onePass(path2));
    expect(merged2).toEqual([1]);
  });

  it('refuses a NUL byte in a later segment exactly as one pass does', async () => {
    const row = '张伟,13812345678,x,1,2,武汉,ok\n';
    const half = row.repeat(Math.ceil(600_000 / Buffer.byteLength(row)));
    const path = join(dir, 'nul.csv');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(HEADER + half + half), Buffer.from([0]), Buffer.from(half)]),
    );
    const a = await onePass(path);
    expect(a).toBe(
      `error: input is binary (a NUL byte at byte ${Buffer.byteLength(HEADER + half + half)}), not CSV, TSV, NDJSON or JSON`,
    );
    expect(await segmented(path, 3, [])).toBe(a);
  });
});

describe('profile merge', () => {
  it('covers every counted field of a column profile', () => {
    const c = new ColumnProfile('x', 0, new IdentifierScanner(20260601), 20260601);
    const handled = new Set<string>([
      ...SUMMED_FIELDS,
      'idMatches',
      'idDistinct',
      'digitLen',
      'intMin',
      'nameDistinct',
      'anyNameDistinct',
      'addressDistinct',
      'opaqueDistinct',
    ]);
    // Per-value scratch, configuration and the memo (a cache: it changes no result).
    const transient = new Set([
      'name',
      'index',
      'scanner',
      'todayNum',
      'hints',
      'lastDigitLen',
      'lastNormalised',
      'memo',
      'memoHits',
      'memoMisses',
      'memoScratch',
      'hashSink',
    ]);
    const unknown = Object.keys(c).filter((k) => !handled.has(k) && !transient.has(k));
    expect(unknown).toEqual([]);
    expect(Object.keys(c.toState().sums).sort()).toEqual([...SUMMED_FIELDS].sort());
  });

  it('digit lengths combine associatively, as observing both parts in order', () => {
    const lenArb = fc.constantFrom(0, -1, 11, 18);
    fc.assert(
      fc.property(lenArb, lenArb, lenArb, (a, b, c) => {
        expect(mergeDigitLen(mergeDigitLen(a, b), c)).toBe(mergeDigitLen(a, mergeDigitLen(b, c)));
      }),
    );
  });

  it('distinct counters unite exactly, across the exact-to-estimate switch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        (xs, ys, cap) => {
          const all = new DistinctCounter(cap);
          for (const v of [...xs, ...ys]) all.add(v);
          const a = new DistinctCounter(cap);
          for (const v of xs) a.add(v);
          const b = new DistinctCounter(cap);
          for (const v of ys) b.add(v);
          a.merge(DistinctCounter.fromState(b.toState()));
          expect(a.canonical()).toBe(all.canonical());
          expect(a.count).toBe(all.count);
          expect(a.estimated).toBe(all.estimated);
        },
      ),
    );
  });
});
