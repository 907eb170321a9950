import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyFile, type ClassificationReport } from '@eastlake/classifier';
import { releaseAnswer } from './answer-release.js';
import { shapeOf, viewSql } from './file-view.js';
import { QueryEngineService } from './query-engine.service.js';
import { planQuery } from './query-planner.js';
import type { AggregateQuerySpec, QueryPolicyTerms } from './query-spec.js';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', 'fixtures', 'corpus');
const NO_DP: QueryPolicyTerms = { minGroupSize: 10, dp: null };
const empty = { groupBy: [], measures: [], filters: [], generalise: [] };

describe('aggregate queries in DuckDB (real engine, real files)', () => {
  const engine = new QueryEngineService();
  afterAll(() => engine.onModuleDestroy());

  async function ask(path: string, report: ClassificationReport, spec: Partial<AggregateQuerySpec>, policy = NO_DP, revokedKeys: string[] = []) {
    const plan = planQuery(report, { ...empty, ...spec }, policy, { materialize: true, revoked: revokedKeys.length > 0 });
    const shape = await shapeOf(path, report.columns.map((c) => c.name));
    const result = await engine.run({ path, viewSql: viewSql(path, shape, report.columns.map((c) => c.name)), sql: plan.sql, params: plan.params, revokedKeys });
    return releaseAnswer(plan, result, policy);
  }

  it('groups a quasi-identifier only through a generalisation, every group ≥ k, small groups suppressed and counted', async () => {
    const path = join(CORPUS, 'survey_quasi.csv');
    const report = await classifyFile(path);
    const answer = await ask(path, report, {
      groupBy: [{ column: 'birth_year' }, { column: 'gender' }],
      generalise: [{ column: 'birth_year', to: 'AGE_BAND', width: 20 }],
      measures: [{ fn: 'COUNT' }, { fn: 'AVG', column: 'satisfaction' }],
    });
    expect(answer.columns).toEqual(['age_band(birth_year)', 'gender', 'count(*)', 'avg(satisfaction)']);
    expect(answer.rows.length).toBeGreaterThan(0);
    for (const row of answer.rows) expect(row[2] as number).toBeGreaterThanOrEqual(10);
    const total = answer.rows.reduce((s, r) => s + (r[2] as number), 0);
    // Released and suppressed groups together cover the file's 150 rows.
    expect(total).toBeLessThanOrEqual(150);
    if (total < 150) expect(answer.suppressedGroups).toBeGreaterThan(0);
  });

  it('counts subjects by identifier key, not rows, and excludes revoked subjects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eastlake-q-'));
    const path = join(dir, 'orders.csv');
    // 12 customers in district A with 3 orders each (36 rows), 9 customers in B with 4 orders each,
    // 5 in C with one order each: B and C are suppressed, together 14 subjects (≥ k, so A can be shown).
    const lines = ['phone,address,amount'];
    for (let i = 0; i < 5; i++) lines.push(`1371234${String(1000 + i)},武汉市武昌区中南路${i + 1}号,5`);
    for (let i = 0; i < 12; i++) for (let j = 0; j < 3; j++) lines.push(`1391234${String(1000 + i)},武汉市洪山区珞喻路${i + 1}号,${10 + j}`);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 4; j++) lines.push(`1381234${String(1000 + i)},武汉市江汉区解放大道${i + 1}号,${20 + j}`);
    writeFileSync(path, lines.join('\n') + '\n');
    const report = await classifyFile(path);
    expect(report.columns.find((c) => c.name === 'phone')?.category).toBe('DIRECT_IDENTIFIER');
    const spec: Partial<AggregateQuerySpec> = { groupBy: [{ column: 'address' }], generalise: [{ column: 'address', to: 'DISTRICT' }], measures: [{ fn: 'COUNT' }, { fn: 'SUM', column: 'amount' }] };
    const answer = await ask(path, report, spec);
    // B has 36 rows but only 9 subjects: suppressed.
    expect(answer.rows).toEqual([['武汉市洪山区', 36, 12 * 33]]);
    expect(answer.suppressedGroups).toBe(2);

    const { createHash } = await import('node:crypto');
    const key = createHash('sha256').update('13912341000').digest('hex');
    const after = await ask(path, report, spec, NO_DP, [key]);
    expect(after.rows).toEqual([['武汉市洪山区', 33, 11 * 33]]);
  });

  it('suppresses the group a filter would single out (differencing pair)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eastlake-q-'));
    const path = join(dir, 'salaries.csv');
    const lines = ['birth_year,team,salary'];
    for (let i = 0; i < 20; i++) lines.push(`19${70 + (i % 10)},ops,${1000 + i}`);
    lines.push('1975,audit,99999'); // the one person in audit
    writeFileSync(path, lines.join('\n') + '\n');
    const report = await classifyFile(path);
    const base = { measures: [{ fn: 'SUM' as const, column: 'salary' }] };
    const all = await ask(path, report, base);
    const notAudit = await ask(path, report, { ...base, filters: [{ column: 'team', op: 'NE', values: ['audit'] }] });
    // The attacker's difference would be the audit person's salary; the second answer withholds the group.
    const sumOf = (a: { rows: unknown[][] }) => (a.rows[0]?.[0] as number | undefined) ?? null;
    expect(sumOf(all)).not.toBeNull();
    expect(sumOf(notAudit)).toBeNull();
    expect(notAudit.suppressedGroups).toBe(1);
  });

  it('refuses identifier columns for groupBy, filters and measures', async () => {
    const path = join(CORPUS, 'wine_customers.csv');
    const report = await classifyFile(path);
    const plan = (spec: Partial<AggregateQuerySpec>) => () => planQuery(report, { ...empty, measures: [{ fn: 'COUNT' }], ...spec }, NO_DP, { materialize: false, revoked: false });
    expect(plan({ groupBy: [{ column: 'phone' }] })).toThrow(/cannot be grouped/);
    expect(plan({ filters: [{ column: 'name', op: 'EQ', values: ['吕子博'] }] })).toThrow(/cannot be filtered/);
    expect(plan({ measures: [{ fn: 'COUNT_DISTINCT', column: 'phone' }] })).toThrow(/cannot be measured/);
    expect(plan({ measures: [{ fn: 'MAX', column: 'address' }] })).toThrow(/cannot be measured/);
    expect(plan({ groupBy: [{ column: 'address' }] })).toThrow(/cannot be grouped/);
    expect(plan({ groupBy: [{ column: 'address' }], generalise: [{ column: 'address', to: 'DISTRICT' }] })).not.toThrow();
  });

  it('reads no other file: the query runs with external access off and the configuration locked', async () => {
    const path = join(CORPUS, 'survey_quasi.csv');
    const report = await classifyFile(path);
    const shape = await shapeOf(path, report.columns.map((c) => c.name));
    const view = viewSql(path, shape, report.columns.map((c) => c.name));
    await expect(engine.run({ path, viewSql: view, sql: `SELECT * FROM read_csv('/etc/hostname')`, params: [], revokedKeys: [] })).rejects.toThrow(/disabled by configuration/);
    await expect(engine.run({ path, viewSql: view, sql: `SET enable_external_access = true`, params: [], revokedKeys: [] })).rejects.toThrow(/locked/);
    const ok = await engine.run({ path, viewSql: view, sql: 'SELECT count(*) FROM data', params: [], revokedKeys: [] });
    expect(ok.rows).toEqual([['150']]);
  });
});
