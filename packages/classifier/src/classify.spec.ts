import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { classifyFile, classifyStream } from './classify.js';
import { subjectKeyFor } from './consent.js';
import { ClassifierError, ClassifierErrorCode } from './errors.js';
import { maskValue } from './mask.js';
import { luhnComplete, residentIdCheck } from './test-support/generators.js';
import type { ClassificationReport } from './types.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classifier-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const typesOf = (r: ClassificationReport, col: string): string[] =>
  r.columns.find((c) => c.name === col)?.types.map((t) => t.type) ?? [];
const mobile = (i: number): string => `139${String(10000000 + i * 7919).slice(-8)}`;
const id = (i: number): string => {
  const body = `4201071990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return body + residentIdCheck(body);
};
const NAMES = [
  '张伟',
  '王芳',
  '李娜',
  '刘强',
  '陈静',
  '杨洋',
  '赵磊',
  '黄敏',
  '周杰',
  '吴霞',
  '徐明',
  '孙丽',
];

describe('encodings and formats', () => {
  const rows = NAMES.map((n, i) => `${n},${mobile(i)},武昌区`).join('\n');
  it('reads UTF-8 with a BOM and GBK the same way', async () => {
    const utf = await classifyFile(file('bom.csv', '\ufeff姓名,手机,区\n' + rows + '\n'), {
      now: NOW,
    });
    const gbk = await classifyFile(
      file('gbk.csv', iconv.encode('姓名,手机,区\n' + rows + '\n', 'gbk')),
      { now: NOW },
    );
    expect(utf.columns.map((c) => c.name)).toEqual(['姓名', '手机', '区']);
    expect(gbk.columns).toEqual(utf.columns);
    expect(typesOf(gbk, '手机')).toEqual(['CN_MOBILE']);
    expect(typesOf(gbk, '姓名')).toEqual(['PERSON_NAME']);
    expect(gbk.verdict).toBe('UNTRADEABLE');
  });
  it('reads NDJSON and JSON arrays, keeping 18-digit numbers exact', async () => {
    const objs = NAMES.map((n, i) => ({
      name: n,
      id: id(i).endsWith('X') ? id(i) : Number.NaN,
      phone: mobile(i),
    }));
    const nd = objs
      .map(
        (o, i) =>
          `{"name":"${o.name}","id":${id(i).endsWith('X') ? `"${id(i)}"` : id(i)},"phone":"${o.phone}"}`,
      )
      .join('\n');
    const a = await classifyFile(file('x.ndjson', nd + '\n'), { now: NOW });
    const b = await classifyFile(file('x.json', `[\n${nd.split('\n').join(',\n')}\n]`), {
      now: NOW,
    });
    expect(a.rows).toBe(12);
    expect(typesOf(a, 'id')).toEqual(['CN_RESIDENT_ID']);
    expect(b.columns).toEqual(a.columns);
    expect(b.verdict).toBe('UNTRADEABLE');
  });
  it('turns ragged rows and an unterminated quote into warnings', async () => {
    const r = await classifyFile(file('ragged.csv', 'a,b\n1,2\n3\n4,5,6\n7,"open\n8,9\n'), {
      now: NOW,
    });
    expect(r.rows).toBe(5);
    expect(r.warnings.join(' ')).toMatch(/more fields/);
    expect(r.warnings.join(' ')).toMatch(/fewer fields/);
    expect(r.warnings.join(' ')).toMatch(/unterminated quote/);
  });
  it('classifies a stream', async () => {
    const r = await classifyStream(
      Readable.from([Buffer.from('phone\n' + NAMES.map((_, i) => mobile(i)).join('\n'))]),
      { now: NOW },
    );
    expect(r.verdict).toBe('UNTRADEABLE');
  });
});

describe('errors carry codes', () => {
  const code = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'none';
    } catch (e) {
      return e instanceof ClassifierError ? e.code : 'other';
    }
  };
  it('for missing, directory, empty, binary, undecodable, unsupported and usage errors', async () => {
    expect(await code(classifyFile(join(dir, 'nope.csv')))).toBe(ClassifierErrorCode.NOT_FOUND);
    expect(await code(classifyFile(dir))).toBe(ClassifierErrorCode.NOT_A_FILE);
    expect(await code(classifyFile(file('empty.csv', '')))).toBe(ClassifierErrorCode.EMPTY_INPUT);
    expect(await code(classifyFile(file('blank.csv', '\n  \n')))).toBe(
      ClassifierErrorCode.EMPTY_INPUT,
    );
    expect(await code(classifyFile(file('bin.dat', Buffer.from([1, 2, 0, 3, 4]))))).toBe(
      ClassifierErrorCode.BINARY_INPUT,
    );
    expect(
      await code(
        classifyFile(
          file('bad.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xff, 0x0a])),
        ),
      ),
    ).toBe(ClassifierErrorCode.UNDECODABLE);
    expect(await code(classifyFile(file('x.xml', '<a><b/></a>')))).toBe(
      ClassifierErrorCode.UNSUPPORTED_FORMAT,
    );
    expect(await code(classifyFile(file('h.csv', 'a,b\n1,2\n'), { consentPath: 'm.csv' }))).toBe(
      ClassifierErrorCode.USAGE,
    );
  });
});

describe('rules', () => {
  it('treats a group table by its smallest count, and age bands are not MINOR', async () => {
    const lines = ['district,age_band,gender,population'];
    for (const d of ['江岸区', '武昌区'])
      for (const b of ['0-14', '15-29'])
        for (const g of ['M', 'F']) lines.push(`${d},${b},${g},${lines.length * 100}`);
    const ok = await classifyFile(file('groups.csv', lines.join('\n')), { now: NOW });
    expect(ok.verdict).toBe('TRADEABLE');
    expect(ok.reasons.find((r) => r.code === 'GROUP_TABLE')?.message).toMatch(
      /smallest group has 100/,
    );
    expect(ok.columns.flatMap((c) => c.types)).toEqual([]);
    lines.push('青山区,0-14,M,3');
    const small = await classifyFile(file('groups2.csv', lines.join('\n')), { now: NOW });
    expect(small.verdict).toBe('AMBIGUOUS');
  });
  it('flags k < 5 over quasi-identifiers and passes k ≥ 5', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `${1970 + (i % 4)},${i % 2 ? 'M' : 'F'},tea`);
    const unique = Array.from({ length: 40 }, (_, i) => `${1950 + i},${i % 2 ? 'M' : 'F'},tea`);
    const a = await classifyFile(file('k5.csv', 'birth_year,gender,x\n' + many.join('\n')), {
      now: NOW,
    });
    const b = await classifyFile(file('k1.csv', 'birth_year,gender,x\n' + unique.join('\n')), {
      now: NOW,
    });
    expect(a.verdict).toBe('TRADEABLE');
    expect(b.verdict).toBe('AMBIGUOUS');
    expect(b.reasons.some((r) => r.code === 'LOW_K_ANONYMITY')).toBe(true);
  });
  it('marks 10+ children under 14 as MINOR (UNTRADEABLE)', async () => {
    const kids = Array.from(
      { length: 12 },
      (_, i) => `${2016 + (i % 3)}-0${1 + (i % 9)}-15,${i % 2 ? 'M' : 'F'}`,
    );
    const r = await classifyFile(file('kids.csv', 'birth_date,gender\n' + kids.join('\n')), {
      now: NOW,
    });
    expect(typesOf(r, 'birth_date')).toContain('MINOR');
    expect(r.verdict).toBe('UNTRADEABLE');
  });
  it('ignores chance check-digit hits in same-length digit columns, counts scattered IDs otherwise', async () => {
    const orders = Array.from({ length: 100 }, (_, i) =>
      i < 10 ? luhnComplete('62' + String(1e15 + i * 7).slice(0, 15)) : String(1e17 + i * 99991),
    );
    const r = await classifyFile(file('orders.csv', 'order_no\n' + orders.join('\n')), {
      now: NOW,
    });
    expect(r.verdict).toBe('TRADEABLE');
    const notes = Array.from({ length: 100 }, (_, i) => (i < 3 ? `call ${mobile(i)}` : 'fine'));
    const s = await classifyFile(file('notes.csv', 'note\n' + notes.join('\n')), { now: NOW });
    expect(s.verdict).toBe('AMBIGUOUS');
    expect(s.exposure).toEqual([{ type: 'CN_MOBILE', distinct: 3, tier: 5000 }]);
  });
  it('finds GEO_TRACE from lat/lon + timestamp + repeated entity', async () => {
    const rows = Array.from(
      { length: 9 },
      (_, i) => `u${i % 3},2026-05-01T0${i}:00:00,30.5${i}1,114.2${i}3`,
    );
    const r = await classifyFile(file('geo.csv', 'user,ts,lat,lon\n' + rows.join('\n')), {
      now: NOW,
    });
    expect(typesOf(r, 'lat')).toEqual(['GEO_TRACE']);
    expect(r.verdict).toBe('UNTRADEABLE');
  });
});

describe('consent', () => {
  const rows = NAMES.map((n, i) => `${n},${mobile(i)}`);
  const data = (): string => file('people.csv', 'name,phone\n' + rows.join('\n'));
  const manifest = (keys: string[], extra = 'marketing,true,false,2028-01-01T00:00:00Z,'): string =>
    file(
      `m${keys.length}-${extra.length}.csv`,
      'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at\n' +
        keys.map((k) => `${k},${extra.replace(/^marketing/, 'marketing;research')}`).join('\n'),
    );
  const keys = NAMES.map((_, i) => subjectKeyFor('CN_MOBILE', `+86 ${mobile(i)}`));

  it('makes the data tradeable when every row is covered for the purpose', async () => {
    const r = await classifyFile(data(), {
      now: NOW,
      consentPath: manifest(keys),
      purpose: 'marketing',
    });
    expect(r.consent).toEqual({ coveredRows: 12, neededRows: 12, purpose: 'marketing' });
    expect(r.verdict).toBe('TRADEABLE');
  });
  it('stays UNTRADEABLE with partial coverage, another purpose, or expired/revoked records', async () => {
    const partial = await classifyFile(data(), {
      now: NOW,
      consentPath: manifest(keys.slice(1)),
      purpose: 'marketing',
    });
    expect(partial.consent).toEqual({ coveredRows: 11, neededRows: 12, purpose: 'marketing' });
    expect(partial.verdict).toBe('UNTRADEABLE');
    const other = await classifyFile(data(), {
      now: NOW,
      consentPath: manifest(keys),
      purpose: 'credit-scoring',
    });
    expect(other.consent?.coveredRows).toBe(0);
    const expired = await classifyFile(data(), {
      now: NOW,
      consentPath: manifest(keys, 'marketing,true,false,2026-01-01T00:00:00Z,'),
      purpose: 'marketing',
    });
    expect(expired.verdict).toBe('UNTRADEABLE');
    const revoked = await classifyFile(data(), {
      now: NOW,
      consentPath: manifest(keys, 'marketing,yes,no,2028-01-01,2026-05-01'),
      purpose: 'marketing',
    });
    expect(revoked.consent?.coveredRows).toBe(0);
    const noThird = await classifyFile(data(), {
      now: NOW,
      consentPath: manifest(keys, 'marketing,FALSE,false,2028-01-01,'),
      purpose: 'marketing',
    });
    expect(noThird.consent?.coveredRows).toBe(0);
  });
  it('needs sensitive_separate when the row has sensitive data', async () => {
    const p = file(
      'ids.csv',
      'phone,id\n' + NAMES.map((_, i) => `${mobile(i)},${id(i)}`).join('\n'),
    );
    const plain = await classifyFile(p, {
      now: NOW,
      consentPath: manifest(keys),
      purpose: 'marketing',
    });
    expect(plain.consent?.coveredRows).toBe(0);
    const sep = await classifyFile(p, {
      now: NOW,
      consentPath: manifest(keys, 'marketing,true,TRUE,2028-01-01,'),
      purpose: 'marketing',
    });
    expect(sep.consent?.coveredRows).toBe(12);
    expect(sep.verdict).toBe('TRADEABLE');
  });
});

describe('maskValue', () => {
  it('masks for previews', () => {
    expect(maskValue('CN_RESIDENT_ID', '42010719900101123x')).toBe('420107********123X');
    expect(maskValue('CN_MOBILE', '13812345678')).toBe('138****5678');
    expect(maskValue('PERSON_NAME', '张三')).toBe('张*');
    expect(maskValue('PERSON_NAME', '欧阳娜娜')).toBe('欧阳**');
    expect(maskValue('EMAIL', 'zhang@example.com')).toBe('z***@example.com');
  });
});
