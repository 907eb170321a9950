import fc from 'fast-check';
import type { ClassificationReport } from '@eastlake/classifier';
import { capabilitiesOf, columnsOf, planQuery } from './query-planner.js';
import type { AggregateQuerySpec } from './query-spec.js';

const col = (name: string, category: string, types: string[] = []) => ({ name, category, types: types.map((type) => ({ type, matches: 10, ratio: 1 })) });
const REPORT = {
  verdict: 'UNTRADEABLE',
  rows: 100,
  columns: [
    col('phone', 'DIRECT_IDENTIFIER', ['CN_MOBILE']),
    col('id_no', 'SENSITIVE', ['CN_RESIDENT_ID']),
    col('name', 'PERSON_NAME', ['PERSON_NAME']),
    col('address', 'DIRECT_IDENTIFIER', ['ADDRESS']),
    col('dob', 'QUASI_IDENTIFIER', ['BIRTH_DATE']),
    col('sex', 'QUASI_IDENTIFIER', ['GENDER']),
    col('zip', 'QUASI_IDENTIFIER', ['POSTAL_CODE']),
    col('team', 'NONE'),
    col('amount', 'NONE'),
    col('we"ird', 'NONE'),
  ],
  reasons: [],
  consent: null,
  exposure: [],
  warnings: [],
  stats: { bytes: 0, ms: 0 },
} as unknown as ClassificationReport;
const NO_DP = { minGroupSize: 10, dp: null };
const spec = (s: Partial<AggregateQuerySpec>): AggregateQuerySpec => ({ groupBy: [], measures: [{ fn: 'COUNT' }], filters: [], generalise: [], ...s });
const plan = (s: Partial<AggregateQuerySpec>) => planQuery(REPORT, spec(s), NO_DP, { materialize: false, revoked: true });

describe('planQuery', () => {
  it('never puts a value the buyer typed into the SQL: values are parameters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((v) => v.trim().length > 3), (value) => {
        const p = plan({ filters: [{ column: 'team', op: 'IN', values: [value, `${value}'; DROP TABLE data; --`] }] });
        expect(p.params).toEqual([value.trim(), `${value}'; DROP TABLE data; --`.trim()]);
        expect(p.sql.includes(`${value}'; DROP`)).toBe(false);
      }),
    );
  });

  it('quotes report column names as identifiers (a quote in a name is doubled)', () => {
    const p = plan({ groupBy: [{ column: 'we"ird' }] });
    expect(p.sql).toContain('"we""ird"');
  });

  it('refuses unknown columns, identifying columns and raw quasi-identifiers; allows them generalised', () => {
    expect(() => plan({ groupBy: [{ column: 'nope' }] })).toThrow(/no column "nope"/);
    for (const c of ['phone', 'id_no', 'name', 'address']) {
      expect(() => plan({ groupBy: [{ column: c }] })).toThrow(/cannot be grouped/);
      expect(() => plan({ filters: [{ column: c, op: 'EQ', values: ['x'] }] })).toThrow(/cannot be filtered/);
      expect(() => plan({ measures: [{ fn: 'COUNT_DISTINCT', column: c }] })).toThrow(/cannot be measured/);
    }
    expect(() => plan({ groupBy: [{ column: 'dob' }] })).toThrow(/only through a generalisation \(YEAR_OF_BIRTH, AGE_BAND\)/);
    expect(() => plan({ groupBy: [{ column: 'zip' }] })).toThrow(/POSTAL_PREFIX/);
    expect(() => plan({ groupBy: [{ column: 'sex' }] })).not.toThrow();
    expect(() => plan({ groupBy: [{ column: 'dob' }], generalise: [{ column: 'dob', to: 'YEAR_OF_BIRTH' }] })).not.toThrow();
    expect(() => plan({ groupBy: [{ column: 'address' }], generalise: [{ column: 'address', to: 'DISTRICT' }] })).not.toThrow();
    expect(() => plan({ generalise: [{ column: 'phone', to: 'DISTRICT' }] })).toThrow(/does not apply/);
    expect(() => plan({ generalise: [{ column: 'dob', to: 'POSTAL_PREFIX' }] })).toThrow(/does not apply/);
    expect(() => plan({ generalise: [{ column: 'dob', to: 'AGE_BAND', width: 2 }] })).toThrow(/width/);
  });

  it('allows MIN and MAX only on plain columns', () => {
    expect(() => plan({ measures: [{ fn: 'MAX', column: 'amount' }] })).not.toThrow();
    expect(() => plan({ measures: [{ fn: 'MIN', column: 'dob' }] })).toThrow(/one person's value/);
    expect(() => plan({ measures: [{ fn: 'AVG', column: 'dob' }] })).not.toThrow();
  });

  it('gives the same question the same hash, whatever the order of filters, IN values and generalisations', () => {
    const a = plan({
      filters: [
        { column: 'team', op: 'IN', values: ['b', 'a'] },
        { column: 'amount', op: 'GT', values: ['3'] },
      ],
      generalise: [
        { column: 'zip', to: 'POSTAL_PREFIX' },
        { column: 'dob', to: 'YEAR_OF_BIRTH' },
      ],
    });
    const b = plan({
      filters: [
        { column: 'amount', op: 'GT', values: ['3'] },
        { column: 'team', op: 'IN', values: ['a', 'b', 'a'] },
      ],
      generalise: [
        { column: 'dob', to: 'YEAR_OF_BIRTH' },
        { column: 'zip', to: 'POSTAL_PREFIX', width: 4 },
      ],
    });
    expect(a.inputHash).toBe(b.inputHash);
    expect(plan({ measures: [{ fn: 'SUM', column: 'amount' }] }).inputHash).not.toBe(a.inputHash);
  });

  it('counts subjects by the consent key of the first identifier column, and excludes revoked keys', () => {
    const p = plan({});
    expect(p.keyed).toBe(true);
    expect(p.sql).toContain('count(DISTINCT __subj)');
    expect(p.sql).toContain('sha256(');
    expect(p.sql).toContain('FROM revoked');
  });

  it('says what each column allows, by the same rules', () => {
    const caps = Object.fromEntries(columnsOf(REPORT).map((c) => [c.name, capabilitiesOf(c)]));
    expect(caps.phone).toMatchObject({ groupable: false, generalisations: [], measures: [] });
    expect(caps.address.generalisations).toEqual(['DISTRICT']);
    expect(caps.dob).toMatchObject({ groupable: false, generalisations: ['YEAR_OF_BIRTH', 'AGE_BAND', 'ROUND_COORDINATE'] });
    expect(caps.sex.groupable).toBe(true);
    expect(caps.amount.measures).toContain('MAX');
    expect(caps.dob.measures).not.toContain('MAX');
  });
});

describe('planQuery without a consent key', () => {
  it('counts subjects by a pseudonymous digest column, else by rows', () => {
    const digest = { ...REPORT, columns: [col('customer_hash', 'PSEUDONYMOUS', ['PSEUDONYMOUS_ID']), col('team', 'NONE')] } as unknown as ClassificationReport;
    const p = planQuery(digest, spec({}), NO_DP, { materialize: false, revoked: true });
    expect(p.keyed).toBe(true);
    expect(p.sql).toContain('lower(trim("customer_hash"))');
    expect(p.sql).not.toContain('FROM revoked');
    const plain = { ...REPORT, columns: [col('team', 'NONE')] } as unknown as ClassificationReport;
    expect(planQuery(plain, spec({}), NO_DP, { materialize: false, revoked: false }).keyed).toBe(false);
  });
});
