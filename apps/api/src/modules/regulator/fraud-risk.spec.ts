import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { ColumnReport } from '@eastlake/classifier';
import { fraudRiskOf, maxAgeInSample } from './fraud-risk.js';

const col = (name: string, ...types: string[]): ColumnReport => ({ name, category: 'NONE', types: types.map((type) => ({ type, matches: 1, ratio: 1 })) as ColumnReport['types'] });
const ages = (max: number | null) => async () => max;

describe('targeted-fraud risk', () => {
  it('flags contacts with securities accounts or a shareholding header (the stock-tip fraud)', async () => {
    expect((await fraudRiskOf([col('mobile', 'CN_MOBILE'), col('股东账户', 'STOCK_ACCOUNT')], ages(null)))?.pattern).toBe('SHAREHOLDER_CONTACTS');
    expect((await fraudRiskOf([col('email', 'EMAIL'), col('持股数量')], ages(null)))?.targetColumns).toEqual(['持股数量']);
    expect((await fraudRiskOf([col('phone', 'CN_MOBILE'), col('shares')], ages(null)))?.pattern).toBe('SHAREHOLDER_CONTACTS');
  });

  it('flags contacts with birth dates, or with ages that reach 60 (the wine fraud), not with younger ages', async () => {
    expect((await fraudRiskOf([col('address', 'ADDRESS'), col('birth', 'BIRTH_DATE')], ages(null)))?.pattern).toBe('ELDERLY_CONTACTS');
    expect((await fraudRiskOf([col('mobile', 'CN_MOBILE'), col('age', 'AGE')], ages(60)))?.pattern).toBe('ELDERLY_CONTACTS');
    expect(await fraudRiskOf([col('mobile', 'CN_MOBILE'), col('age', 'AGE')], ages(59))).toBeNull();
    // Unreadable sample: the higher risk when in doubt.
    expect((await fraudRiskOf([col('mobile', 'CN_MOBILE'), col('age', 'AGE')], ages(null)))?.pattern).toBe('ELDERLY_CONTACTS');
  });

  it('needs a contact column', async () => {
    expect(await fraudRiskOf([col('股东账户', 'STOCK_ACCOUNT'), col('birth', 'BIRTH_DATE')], ages(80))).toBeNull();
    expect(await fraudRiskOf([col('mobile', 'CN_MOBILE'), col('city')], ages(80))).toBeNull();
  });

  it('reads the largest age of a CSV or NDJSON sample', async () => {
    expect(await maxAgeInSample(Readable.from([Buffer.from('name,age\n张三,59\n李四,72.5\n')]), 'age')).toBe(72);
    expect(await maxAgeInSample(Readable.from([Buffer.from('{"age":61}\n{"age":30}\n')]), 'age')).toBe(61);
    expect(await maxAgeInSample(Readable.from([Buffer.from('a;b\n1;2\n')]), 'age')).toBeNull();
  });
});
