import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { subjectKeyFor, type ClassificationReport, type ColumnReport } from '@eastlake/classifier';
import { deriveTable } from './derived-table.writer.js';
import { RemediationException } from './exceptions/remediation.exception.js';
import { compilePlan, csvLine, generaliseCell, hashCell, isCovered, maskCell, validateTransforms, type ColumnTransform } from './transforms.js';

const col = (name: string, category: ColumnReport['category'], type?: string, ratio = 1): ColumnReport =>
  ({ name, category, types: type ? [{ type, matches: 10, ratio }] : [] }) as ColumnReport;

const report = (columns: ColumnReport[]): ClassificationReport =>
  ({ verdict: 'UNTRADEABLE', rows: 3, columns, reasons: [], consent: null, exposure: [], warnings: [], stats: { bytes: 0, ms: 0 } }) as ClassificationReport;

const customers = report([
  col('姓名', 'PERSON_NAME', 'PERSON_NAME'),
  col('手机号', 'DIRECT_IDENTIFIER', 'CN_MOBILE'),
  col('地址', 'DIRECT_IDENTIFIER', 'ADDRESS'),
  col('birth', 'QUASI_IDENTIFIER', 'BIRTH_DATE'),
  col('amount', 'NONE'),
]);
const SALT = 'ab'.repeat(32);
const NOW = new Date('2026-06-15T00:00:00Z');
const t = (kind: ColumnTransform['kind'], column: string | null, extra: Partial<ColumnTransform> = {}): ColumnTransform => ({
  kind,
  column,
  mode: null,
  purpose: null,
  ...extra,
});

describe('validateTransforms', () => {
  it('returns the stored form: trimmed, purposes lower-case, nulls for what does not apply', () => {
    expect(validateTransforms(customers, [{ kind: 'MASK', column: ' 手机号 ' }, { kind: 'COVERED_SUBSET', purpose: ' Marketing ' }])).toEqual([
      t('MASK', '手机号'),
      t('COVERED_SUBSET', null, { purpose: 'marketing' }),
    ]);
  });

  it.each([
    [[], 'at least one'],
    [[{ kind: 'MASK', column: 'nope' }], 'no column named "nope"'],
    [[{ kind: 'MASK' }], 'MASK needs a column'],
    [[{ kind: 'MASK', column: '手机号' }, { kind: 'HASH', column: '手机号' }], 'more than one transform'],
    [[{ kind: 'GENERALISE', column: 'birth' }], 'needs a mode'],
    [[{ kind: 'DROP', column: 'birth', mode: 'YEAR' }], 'only GENERALISE takes a mode'],
    [[{ kind: 'COVERED_SUBSET' }], 'needs the purpose'],
    [[{ kind: 'COVERED_SUBSET', purpose: 'a', column: '手机号' }], 'not a column'],
    [[{ kind: 'COVERED_SUBSET', purpose: 'a' }, { kind: 'COVERED_SUBSET', purpose: 'b' }], 'at most once'],
    [[{ kind: 'HASH', column: '手机号', purpose: 'x' }], 'only COVERED_SUBSET takes a purpose'],
    [customers.columns.map((c) => ({ kind: 'DROP', column: c.name })), 'dropping every column'],
  ] as const)('refuses %j with a coded error', (request, message) => {
    expect(() => validateTransforms(customers, request as never)).toThrow(RemediationException);
    expect(() => validateTransforms(customers, request as never)).toThrow(message);
  });
});

describe('cell transforms', () => {
  it('MASK applies the masked-preview rules of the column type', () => {
    expect(maskCell('CN_MOBILE', '13812345678')).toBe('138****5678');
    expect(maskCell('PERSON_NAME', '张三丰')).toBe('张**');
    expect(maskCell(null, 'free text')).toBe('********');
    expect(maskCell('CN_MOBILE', '  ')).toBe('  ');
  });

  it('HASH is HMAC-SHA-256 with the salt over the consent subject key, so manifests still join', () => {
    const token = hashCell(SALT, 'CN_MOBILE', '+86 138-1234-5678');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const key = subjectKeyFor('CN_MOBILE', '13812345678');
    expect(token).toBe(createHmac('sha256', Buffer.from(SALT, 'hex')).update(key).digest('hex'));
    expect(hashCell(SALT, 'CN_MOBILE', '13812345678')).toBe(token);
    expect(hashCell('cd'.repeat(32), 'CN_MOBILE', '13812345678')).not.toBe(token);
    expect(hashCell(SALT, null, '')).toBe('');
  });

  it('GENERALISE coarsens dates, ages, addresses and coordinates', () => {
    expect(generaliseCell('YEAR', '1990-05-17', NOW)).toBe('1990');
    expect(generaliseCell('YEAR', '19900517', NOW)).toBe('1990');
    expect(generaliseCell('YEAR', 'unknown', NOW)).toBe('');
    expect(generaliseCell('AGE_BAND', '1990-07-01', NOW)).toBe('30-39'); // 35 on 2026-06-15
    expect(generaliseCell('AGE_BAND', '1996-06-16', NOW)).toBe('20-29'); // turns 30 tomorrow
    expect(generaliseCell('AGE_BAND', '1996-06-15', NOW)).toBe('30-39');
    expect(generaliseCell('AGE_BAND', '63.5', NOW)).toBe('60-69');
    expect(generaliseCell('AGE_BAND', '95', NOW)).toBe('90+');
    expect(generaliseCell('DISTRICT', '湖北省武汉市洪山区珞喻路123号', NOW)).toBe('湖北省武汉市洪山区');
    expect(generaliseCell('DISTRICT', '北京市朝阳区武珞路123号30栋2单元1206室', NOW)).toBe('北京市朝阳区');
    expect(generaliseCell('DISTRICT', '12 Main St', NOW)).toBe('');
    expect(generaliseCell('ROUND_COORDINATES', '30.527361,114.356812', NOW)).toBe('30.53,114.36');
    expect(generaliseCell('REMOVE', '30.5', NOW)).toBe('');
  });
});

describe('compilePlan', () => {
  it('drops, masks and generalises by column, keeping the other columns in order', () => {
    const plan = compilePlan(customers, [t('DROP', '姓名'), t('MASK', '手机号'), t('GENERALISE', 'birth', { mode: 'YEAR' })], SALT, NOW);
    expect(plan.outputNames).toEqual(['手机号', '地址', 'birth', 'amount']);
    expect(plan.project(['张三', '13812345678', '武汉市洪山区珞喻路1号', '1990-01-02', '100'])).toEqual(['138****5678', '武汉市洪山区珞喻路1号', '1990', '100']);
    expect(plan.subset).toBeNull();
  });

  it('finds the subject keys of a row and whether it needs consent', () => {
    const plan = compilePlan(customers, [t('COVERED_SUBSET', null, { purpose: 'marketing' })], SALT, NOW);
    const row = plan.subjects(['张三', '13812345678', '', '', '1']);
    expect(row).toEqual({ keys: [subjectKeyFor('CN_MOBILE', '13812345678')], needsConsent: true, sensitive: false });
    expect(plan.subjects(['张三', '', '', '', '1']).needsConsent).toBe(false);
    expect(plan.subjects(['张三', '', '武汉市洪山区珞喻路123号', '', '1'])).toEqual({ keys: [], needsConsent: true, sensitive: false });
  });

  it('keeps a row only when a key has valid consent, separate consent for sensitive rows', () => {
    const key = 'k'.repeat(64);
    expect(isCovered({ keys: [], needsConsent: false, sensitive: false }, new Map())).toBe(true);
    expect(isCovered({ keys: [key], needsConsent: true, sensitive: false }, new Map())).toBe(false);
    expect(isCovered({ keys: [key], needsConsent: true, sensitive: false }, new Map([[key, false]]))).toBe(true);
    expect(isCovered({ keys: [key], needsConsent: true, sensitive: true }, new Map([[key, false]]))).toBe(false);
    expect(isCovered({ keys: [key], needsConsent: true, sensitive: true }, new Map([[key, true]]))).toBe(true);
  });
});

describe('csvLine', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'x\ny'])).toBe('a,"b,c","say ""hi""","x\ny"\n');
  });
});

describe('deriveTable', () => {
  const collect = async (stream: NodeJS.ReadableStream) => {
    const parts: Buffer[] = [];
    for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(parts).toString('utf8');
  };

  it('streams the file through the plan and filters a covered subset with one lookup per chunk', async () => {
    const header = '姓名,手机号,地址,birth,amount\n';
    const mobile = (i: number) => `139${String(10000000 + i).slice(-8)}`;
    const lines = Array.from({ length: 4000 }, (_, i) => `张${i % 10}三,${mobile(i)},,1990-01-01,${i}\n`);
    const source = Readable.from([Buffer.from(header + lines.join(''))].flatMap((b) => Array.from({ length: Math.ceil(b.length / 8192) }, (_, i) => b.subarray(i * 8192, (i + 1) * 8192))));
    const consented = new Set(Array.from({ length: 4000 }, (_, i) => i).filter((i) => i % 2 === 0).map((i) => subjectKeyFor('CN_MOBILE', mobile(i))));
    let lookups = 0;
    const plan = compilePlan(customers, [t('MASK', '手机号'), t('COVERED_SUBSET', null, { purpose: 'marketing' })], SALT, NOW);
    const { output, stats } = deriveTable(source, 0, customers, plan, async (keys) => {
      lookups++;
      return new Map(keys.filter((k) => consented.has(k)).map((k) => [k, false]));
    });
    const text = await collect(output);
    expect(await stats).toEqual({ rowsIn: 4000, rowsOut: 2000 });
    const rows = text.trim().split('\n');
    expect(rows[0]).toBe('姓名,手机号,地址,birth,amount');
    expect(rows).toHaveLength(2001);
    expect(rows[1]).toBe('张0三,139****0000,,1990-01-01,0');
    expect(rows[2]).toBe('张2三,139****0002,,1990-01-01,2');
    expect(lookups).toBeGreaterThan(1);
  });

  it('reads only as fast as the output is consumed (bounded memory, however large the file)', async () => {
    const plan = compilePlan(customers, [t('MASK', '手机号')], SALT, NOW);
    const line = (i: number) => `张三,1391234${String(i % 10000).padStart(4, '0')},,1990-01-01,${'9'.repeat(100)}\n`;
    const CHUNK = 64 * 1024;
    const TOTAL = 40 * 1024 * 1024;
    let read = 0;
    let i = 0;
    async function* source() {
      yield Buffer.from('姓名,手机号,地址,birth,amount\n');
      while (read < TOTAL) {
        let text = '';
        while (text.length < CHUNK / 2) text += line(i++);
        const b = Buffer.from(text);
        read += b.length;
        yield b;
      }
    }
    const { output, stats } = deriveTable(source(), 0, customers, plan, null);
    let written = 0;
    let maxLag = 0;
    for await (const chunk of output) {
      written += (chunk as Buffer).length;
      maxLag = Math.max(maxLag, read - written);
      await new Promise((r) => setImmediate(r)); // a slow consumer (the disk)
    }
    expect((await stats).rowsIn).toBe(i);
    expect(written).toBeGreaterThan(TOTAL * 0.9);
    // Holding the file would let reading run ~40 MB ahead; backpressure keeps it within a few chunks.
    expect(maxLag).toBeLessThan(4 * 1024 * 1024);
  });
});
