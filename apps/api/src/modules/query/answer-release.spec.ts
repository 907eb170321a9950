import { complementarySuppression, laplace, releaseAnswer } from './answer-release.js';
import type { QueryPlan } from './query-planner.js';

const plan = (measures: QueryPlan['measures'], groups = 1, filters = 0): QueryPlan => ({
  sql: '',
  params: [],
  groups: Array.from({ length: groups }, (_, i) => ({ label: `g${i}`, kind: 'GROUP' as const })),
  measures,
  marginals: Array.from({ length: filters }, (_, i) => `__mg${i}`),
  valueChecks: Array.from({ length: filters }, (_, i) => `__mv${i}`),
  canonical: '{}',
  inputHash: '0',
  keyed: true,
});
const COUNT = [{ label: 'count(*)', kind: 'MEASURE' as const, fn: 'COUNT' as const, parts: ['__m0_0'], clip: null }];

describe('laplace', () => {
  it('has mean 0 and mean absolute deviation equal to its scale', () => {
    const draws = Array.from({ length: 20_000 }, () => laplace(2));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const mad = draws.reduce((a, b) => a + Math.abs(b), 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(mad).toBeGreaterThan(1.9);
    expect(mad).toBeLessThan(2.1);
  });
});

describe('releaseAnswer', () => {
  const engine = (rows: unknown[][], filters = 0) => ({
    columns: ['__g0', '__subjects', '__m0_0', ...Array.from({ length: filters }, (_, i) => `__mg${i}`), ...Array.from({ length: filters }, (_, i) => `__mv${i}`)],
    rows,
  });

  it('suppresses groups under k subjects, counts them, and never shows a subject count', () => {
    const a = releaseAnswer(plan(COUNT), engine([['a', '12', '40'], ['b', '9', '90'], ['c', '30', '30']]), { minGroupSize: 10, dp: null });
    // b (9) is hidden; the grand total would reveal it, so the smallest shown group (a) is hidden too.
    expect(a.rows).toEqual([['c', 30]]);
    expect(a.suppressedGroups).toBe(2);
    expect(a.columns).toEqual(['g0', 'count(*)']);
  });

  it('suppresses a group a filter singles out: 1..k-1 subjects removed by one filter, or a kept value under k', () => {
    const rows = [
      ['a', '20', '20', '1', '20'], // the filter removes exactly one subject from a
      ['b', '20', '20', '0', '20'],
      ['c', '20', '20', '12', '20'],
      ['d', '20', '20', '0', '3'], // a kept value with 3 subjects
    ];
    const a = releaseAnswer(plan(COUNT, 1, 1), engine(rows, 1), { minGroupSize: 10, dp: null });
    expect(a.rows.map((r) => r[0]).sort()).toEqual(['b', 'c']);
  });

  it('adds Laplace noise under differential privacy and reports ε; identical inputs draw fresh noise', () => {
    const rows = [['a', '500', '500']];
    const dp = { minGroupSize: 10, dp: { epsilonPerQuery: 0.5, epsilonTotal: 5, contributionBound: 1 } };
    const answers = Array.from({ length: 200 }, () => releaseAnswer(plan(COUNT), engine(rows), dp));
    expect(answers[0].noise).toEqual({ mechanism: 'LAPLACE', epsilon: 0.5 });
    const values = answers.map((x) => x.rows[0][1] as number);
    expect(values.every(Number.isInteger)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(5);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 500)).toBeLessThan(1);
  });

  it('hides a differencing pair under noise: the difference of two noisy counts does not give the one subject', () => {
    const dp = { minGroupSize: 10, dp: { epsilonPerQuery: 0.5, epsilonTotal: 5, contributionBound: 1 } };
    const diffs = Array.from({ length: 500 }, () => {
      const with1 = releaseAnswer(plan(COUNT), engine([['a', '31', '31']]), dp).rows[0][1] as number;
      const without = releaseAnswer(plan(COUNT), engine([['a', '30', '30']]), dp).rows[0][1] as number;
      return with1 - without;
    });
    // With ε = 0.5 each answer's noise has scale 2: the attacker's difference is 1 in only a small share of tries.
    expect(diffs.filter((d) => d === 1).length / diffs.length).toBeLessThan(0.25);
  });
});

describe('complementarySuppression', () => {
  it('hides more groups in a margin until what is hidden there is 0 or ≥ k', () => {
    const groups = [
      { key: ['M', '1970'], subjects: 3, suppressed: true },
      { key: ['M', '1980'], subjects: 20, suppressed: false },
      { key: ['M', '1990'], subjects: 15, suppressed: false },
      { key: ['F', '1970'], subjects: 25, suppressed: false },
      { key: ['F', '1980'], subjects: 25, suppressed: false },
    ];
    complementarySuppression(groups, 2, 10);
    const hidden = (pred: (g: (typeof groups)[number]) => boolean) => groups.filter((g) => g.suppressed && pred(g)).reduce((s, g) => s + g.subjects, 0);
    for (const sex of ['M', 'F']) expect([0].includes(hidden((g) => g.key[0] === sex)) || hidden((g) => g.key[0] === sex) >= 10).toBe(true);
    for (const year of ['1970', '1980', '1990']) {
      const h = hidden((g) => g.key[1] === year);
      expect(h === 0 || h >= 10).toBe(true);
    }
    expect(hidden(() => true) >= 10).toBe(true);
  });
});
