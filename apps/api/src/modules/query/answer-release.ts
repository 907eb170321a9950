import { randomBytes } from 'node:crypto';
import { QueryException, QueryExceptionCode } from './exceptions/query.exception.js';
import type { QueryPlan } from './query-planner.js';
import { LIMITS, type QueryPolicyTerms } from './query-spec.js';

export type Cell = string | number | null;

export interface ReleasedAnswer {
  columns: string[];
  rows: Cell[][];
  suppressedGroups: number;
  noise: { mechanism: 'LAPLACE'; epsilon: number } | null;
  /** Rows the answer's groups cover before suppression (filters applied, revoked subjects excluded). */
  rowsMatched: number;
}

/** A uniform number in (0, 1) from the operating system's CSPRNG (53 bits). */
export function secureUniform(): number {
  const b = randomBytes(8);
  const hi = b.readUInt32BE(0) >>> 11;
  const lo = b.readUInt32BE(4);
  return (hi * 2 ** 32 + lo + 0.5) / 2 ** 53;
}

/** A Laplace(0, scale) draw by inverse CDF. */
export function laplace(scale: number, uniform: () => number = secureUniform): number {
  const u = uniform() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** ε a query spends: the policy's per-query ε, or nothing without differential privacy. */
export function epsilonOf(policy: QueryPolicyTerms): number {
  return policy.dp ? policy.dp.epsilonPerQuery : 0;
}

/** Releases under differential privacy are counts, sums and means; the other functions return one person's value. */
export function assertDpSupported(plan: QueryPlan, policy: QueryPolicyTerms): void {
  if (!policy.dp) return;
  for (const m of plan.measures) {
    if (m.fn === 'MIN' || m.fn === 'MAX' || m.fn === 'MEDIAN') {
      throw new QueryException(QueryExceptionCode.DP_UNSUPPORTED, `${m.fn} is not available on a differentially private grant; use COUNT, COUNT_DISTINCT, SUM or AVG`);
    }
    if ((m.fn === 'SUM' || m.fn === 'AVG') && !m.clip) {
      throw new QueryException(QueryExceptionCode.DP_UNSUPPORTED, `${m.fn}(${m.label}) on a differentially private grant needs clip { lower upper }: the bounds set the noise`);
    }
  }
}

interface Group {
  key: Cell[];
  subjects: number;
  parts: Record<string, number | null>;
  suppressed: boolean;
}

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * From the engine's rows to the buyer's answer: groups under k subjects suppressed; groups a
 * filter would single out suppressed (differencing: the subjects one filter alone removes, and
 * the smallest value a filter keeps, must each be 0 or ≥ k); complementary suppression so no
 * coarser margin reveals what was suppressed; then Laplace noise on what is released.
 */
export function releaseAnswer(plan: QueryPlan, engine: { columns: string[]; rows: unknown[][] }, policy: QueryPolicyTerms, uniform: () => number = secureUniform): ReleasedAnswer {
  if (engine.rows.length > LIMITS.groups) {
    throw new QueryException(QueryExceptionCode.TOO_MANY_GROUPS, `the query makes more than ${LIMITS.groups} groups; group by fewer or coarser columns`);
  }
  const k = policy.minGroupSize;
  const index = new Map(engine.columns.map((c, i) => [c, i]));
  const at = (row: unknown[], name: string) => row[index.get(name)!];
  const partNames = plan.measures.flatMap((m) => m.parts ?? []);
  const groups: Group[] = engine.rows.map((row) => {
    const subjects = toNumber(at(row, '__subjects')) ?? 0;
    const risky =
      plan.marginals.some((m) => {
        const n = toNumber(at(row, m)) ?? 0;
        return n > 0 && n < k;
      }) || plan.valueChecks.some((m) => (toNumber(at(row, m)) ?? 0) < k);
    return {
      key: plan.groups.map((_, i) => (at(row, `__g${i}`) as string | null) ?? null),
      subjects,
      parts: Object.fromEntries(partNames.map((p) => [p, toNumber(at(row, p))])),
      suppressed: subjects < k || risky,
    };
  });
  const rowsMatched = groups.reduce((s, g) => s + g.subjects, 0);
  complementarySuppression(groups, plan.groups.length, k);

  const released = groups.filter((g) => !g.suppressed);
  const dp = policy.dp;
  // ε is split over the noisy releases of a group (AVG is a sum and a count); groups are disjoint.
  const releases = plan.measures.reduce((n, m) => n + (m.fn === 'AVG' ? 2 : 1), 0);
  const eps = dp ? dp.epsilonPerQuery / releases : 0;
  const noisy = (value: number, sensitivity: number) => (dp ? value + laplace(sensitivity / eps, uniform) : value);
  const rows = released.map((g) => [
    ...g.key,
    ...plan.measures.map((m): Cell => {
      const [a, b] = (m.parts ?? []).map((p) => g.parts[p]);
      const bound = dp?.contributionBound ?? 1;
      const magnitude = m.clip ? Math.max(Math.abs(m.clip.lower), Math.abs(m.clip.upper)) : 0;
      switch (m.fn) {
        case 'COUNT':
        case 'COUNT_DISTINCT':
          return Math.max(0, Math.round(noisy(a ?? 0, bound)));
        case 'SUM':
          return a === null ? null : round(noisy(a, bound * magnitude));
        case 'AVG': {
          if (a === null || !b) return null;
          if (!dp) return round(a / b);
          const n = Math.max(1, noisy(b, bound));
          return round(Math.min(m.clip!.upper, Math.max(m.clip!.lower, noisy(a, bound * magnitude) / n)));
        }
        default:
          return a === null ? null : round(a);
      }
    }),
  ]);
  return {
    columns: [...plan.groups.map((c) => c.label), ...plan.measures.map((c) => c.label)],
    rows,
    suppressedGroups: groups.length - released.length,
    noise: dp ? { mechanism: 'LAPLACE', epsilon: dp.epsilonPerQuery } : null,
    rowsMatched,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * For every coarser margin (each proper subset of the grouping columns, the grand total
 * included), the subjects of suppressed groups must be 0 or ≥ k, else the difference between
 * that margin and the released groups reveals them: the smallest released group of the margin
 * is suppressed as well, until that holds.
 */
export function complementarySuppression(groups: Array<{ key: Cell[]; subjects: number; suppressed: boolean }>, dims: number, k: number): void {
  const subsets: number[][] = [];
  for (let mask = 0; mask < (1 << dims) - 1; mask++) subsets.push([...Array(dims).keys()].filter((d) => mask & (1 << d)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const subset of subsets) {
      const margins = new Map<string, typeof groups>();
      for (const g of groups) {
        const key = JSON.stringify(subset.map((d) => g.key[d]));
        margins.set(key, [...(margins.get(key) ?? []), g]);
      }
      for (const members of margins.values()) {
        const hidden = members.filter((g) => g.suppressed).reduce((s, g) => s + g.subjects, 0);
        if (hidden === 0 || hidden >= k) continue;
        const open = members.filter((g) => !g.suppressed).sort((a, b) => a.subjects - b.subjects);
        if (!open.length) continue;
        open[0].suppressed = true;
        changed = true;
      }
    }
  }
}
