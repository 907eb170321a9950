// The in-place fast paths (IdentifierScanner.scanRange, TableProfiler.rowRange fed by the CSV
// tokenizer's field bounds) must give exactly what the string paths give.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ID_NAMES, IdentifierScanner, type Id } from '../detect/identifier-scanner.js';
import { dateNumber } from '../detect/validators.js';
import { readTable, type TableSink } from '../input/read-table.js';
import { bankCardArb, mobileArb, residentIdArb, usccArb } from '../test-support/generators.js';
import { hash52 } from './distinct-counter.js';
import { setValueMemo } from './column-profile.js';
import { TableProfiler } from './table-profiler.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const TODAY = dateNumber(NOW);

// Values mixing identifiers with the characters that make scanning interesting.
const pieceArb = fc.oneof(
  residentIdArb,
  residentIdArb.map((x) => x.toLowerCase()),
  usccArb,
  bankCardArb,
  mobileArb,
  mobileArb.map((m) => `+86 ${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`),
  fc.constantFrom(
    'user1@example.com',
    'Zhang.Wei@Example.COM.cn',
    'a@b',
    '@',
    '10.0.0.255',
    '1.2.3.4.5',
    'E12345678',
    'G1234567',
    'A123456789',
    '0123456789',
    'd41d8cd98f00b204e9800998ecf8427e',
    '张伟',
    '欧阳娜娜',
    '白酒',
    '江岸区',
    '湖北省',
    '武汉',
    '青年路866号4栋1单元1547室',
    '高血压',
    'diabetes',
    'HIV',
    'E11.9',
    'Baker St',
    ' ',
    '\u3000',
    '\t',
    '.',
    '-',
    '(',
    ')',
    '0',
    '9',
    'x',
    'Z',
    '，',
    '订单',
    '回电',
    '2024-01-02',
    '35岁',
    '男',
    '430070',
    'wine tasted fine',
    // v2 forms: full-width and zero-width characters, decimals, grouped and 15-digit IDs, IPv6, base64
    '１３８１２３４５６７８',
    '\u200b',
    '\u00ad',
    '\uff0b',
    '0.4218407843137255',
    '42.19313080998',
    '4.20102E+17',
    '.5',
    '420102 19900101 009X',
    '110105710923002',
    '2001:db8::1',
    'fe80::1%eth0',
    '5byg5LiJLDEzODEyMzQ1Njc4',
    'q83vEjRWeJq8reF+Gh0q/w==',
    '新华路12',
    'A座1201室',
    'I10',
    'E11.9',
  ),
  fc.string({ unit: fc.constantFrom(...'0123456789 -.@abXZ张区路号'), maxLength: 24 }),
);
const valueArb = fc.array(pieceArb, { maxLength: 4 }).map((a) => a.join(''));
const edgeArb = fc.string({
  unit: fc.constantFrom(...'0123456789aZ.@-  \u3000,;|张'),
  maxLength: 3,
});

function scanOut(sc: IdentifierScanner, s: string, a: number, b: number): string {
  const hits: string[] = [];
  const hashes: number[] = [];
  const mask = sc.scanRange(
    s,
    a,
    b,
    false,
    (id: Id, norm: string) => hits.push(`${ID_NAMES[id]}:${norm}`),
    (_id: Id, h: number) => hashes.push(h),
  );
  // The hash sink sees exactly the hashes of the string sink's normalised tokens.
  expect(hashes).toEqual(hits.map((h) => hash52(h.slice(h.indexOf(':') + 1))));
  return JSON.stringify([mask, hits, sc.digitOnlyLen, sc.hasHan, sc.hasLetter, sc.hanFlags]);
}

describe('IdentifierScanner.scanRange', () => {
  it('equals scan of the substring, whatever surrounds the range', () => {
    const sc = new IdentifierScanner(TODAY);
    fc.assert(
      fc.property(edgeArb, valueArb, edgeArb, (pre, v, post) => {
        const whole = scanOut(sc, v, 0, v.length);
        const inPlace = scanOut(sc, pre + v + post, pre.length, pre.length + v.length);
        return whole === inPlace;
      }),
      { numRuns: 5000 },
    );
  });
});

/** Everything the profiler gathered, as comparable JSON. */
function state(p: TableProfiler): string {
  return JSON.stringify({
    rows: p.rows,
    warnings: p.warnings,
    plan: p.plan,
    cols: p.cols.map((c) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c)) {
        if (
          !k.startsWith('memo') &&
          (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
        )
          o[k] = v;
      }
      o.idMatches = [...c.idMatches];
      o.idDistinct = c.idDistinct.map((d) => (d === null ? null : d.count));
      o.nameDistinct = c.nameDistinct.count;
      o.addressDistinct = c.addressDistinct?.count ?? null;
      return o;
    }),
  });
}

async function profile(chunks: string[], fast: boolean): Promise<string> {
  const p = new TableProfiler(NOW);
  const sink: TableSink = fast
    ? p
    : {
        columns: (n) => p.columns(n),
        row: (v) => p.row(v),
        warning: (w) => p.warning(w),
        isHeader: (f) => p.isHeader(f),
      };
  await readTable(
    (async function* () {
      for (const c of chunks) yield Buffer.from(c);
    })(),
    0,
    sink,
  );
  p.finish();
  return state(p);
}

describe('TableProfiler.rowRange (CSV fast path)', () => {
  it('gathers exactly what the string path gathers, also with ragged rows, quotes, CRLF and chunk splits', async () => {
    const fieldArb = fc.oneof(
      { weight: 6, arbitrary: valueArb.map((v) => v.replace(/[,\n\r"]/g, '')) },
      { weight: 1, arbitrary: valueArb.map((v) => `"${v.replace(/"/g, '""')}"`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('', ' ', '  x ', '\u3000张伟\u3000', ' 13812345678 '),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            fc.constantFrom('', ' ', '\t', '\u3000', '  '),
            fc.oneof(valueArb, pieceArb),
            fc.constantFrom('', ' ', '\t', '\u3000', '  '),
          )
          .map(([a, v, b]) => (a + v + b).replace(/[,\n\r"]/g, '')),
      },
    );
    const rowArb = fc.oneof(
      { weight: 20, arbitrary: fc.array(fieldArb, { minLength: 5, maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(fieldArb, { minLength: 0, maxLength: 8 }) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1100, maxLength: 1600 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom('name,contact,account,note,age', 'a,b,c,d,e'),
        async (rows, eol, cuts, header) => {
          const text = header + eol + rows.map((r) => r.join(',')).join(eol) + eol;
          const bytes = Buffer.from(text);
          const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((x, y) => x - y);
          const chunks: string[] = [];
          let last = 0;
          // Cut on character boundaries only (the decoder handles split sequences; this test is about records).
          for (const pt of points) {
            const s = bytes.subarray(last, pt).toString();
            if (Buffer.byteLength(s) === pt - last) {
              chunks.push(s);
              last = pt;
            }
          }
          chunks.push(bytes.subarray(last).toString());
          const [fast, slow] = [await profile(chunks, true), await profile(chunks, false)];
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 25, endOnFailure: true }, // shrinking thousand-row tables would take minutes
    );
  });
});

describe('ColumnProfile value memo', () => {
  it('gathers exactly what scanning every value gathers (repeated short values, every header hint)', async () => {
    const poolArb = fc.array(
      fc.oneof(
        pieceArb,
        valueArb,
        fc.constantFrom('张伟', '王芳', '江岸区', 'M', '女', '35', '35岁', '1990-01-02', '430070'),
      ),
      { minLength: 1, maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(
        poolArb,
        fc.array(fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), {
          minLength: 50,
          maxLength: 400,
        }),
        fc.constantFrom(
          'name,contact,account,note,age,birth',
          'a,b,c,d,e,f',
          'gender,postcode,diagnosis,created_at,count,id_number',
        ),
        async (pool, picks, header) => {
          const clean = pool.map((v) => v.replace(/[,\n\r"]/g, ''));
          const text =
            header +
            '\n' +
            picks.map((r) => r.map((i) => clean[i % clean.length]).join(',')).join('\n') +
            '\n';
          setValueMemo(false);
          let without: string;
          try {
            without = await profile([text], true);
          } finally {
            setValueMemo(true);
          }
          expect(await profile([text], true)).toEqual(without);
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
  });
});
