/**
 * The structured aggregate query a buyer may ask (never free SQL), and the grant's query
 * policy. Plain types shared by the planner, the privacy layer and the GraphQL inputs.
 */
export const AGGREGATE_FNS = ['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN'] as const;
export type AggregateFn = (typeof AGGREGATE_FNS)[number];

export const GENERALISATIONS = ['YEAR_OF_BIRTH', 'AGE_BAND', 'DISTRICT', 'POSTAL_PREFIX', 'ROUND_COORDINATE'] as const;
export type Generalisation = (typeof GENERALISATIONS)[number];

export const FILTER_OPS = ['EQ', 'NE', 'IN', 'NOT_IN', 'LT', 'LTE', 'GT', 'GTE'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface ColumnRefSpec {
  column: string;
}

export interface MeasureSpec {
  fn: AggregateFn;
  /** Omitted for COUNT: rows. */
  column?: string | null;
  /** Values are clipped to [lower, upper] before summing; needed for SUM and AVG under differential privacy. */
  clip?: { lower: number; upper: number } | null;
}

export interface FilterSpec {
  column: string;
  op: FilterOp;
  values: string[];
}

export interface GeneraliseSpec {
  column: string;
  to: Generalisation;
  /** AGE_BAND: band width in years (5–50, default 10); POSTAL_PREFIX: digits kept (2–4, default 4); ROUND_COORDINATE: decimals (0–3, default 2). */
  width?: number | null;
}

export interface AggregateQuerySpec {
  groupBy: ColumnRefSpec[];
  measures: MeasureSpec[];
  filters: FilterSpec[];
  generalise: GeneraliseSpec[];
}

/** Differential privacy for a grant: Laplace noise, ε per query, a total per grant. */
export interface DpTerms {
  epsilonPerQuery: number;
  epsilonTotal: number;
  /** Rows one data subject may contribute to one answer (the sensitivity of a count). */
  contributionBound: number;
}

export interface QueryPolicyTerms {
  /** Every returned group covers at least this many distinct data subjects. */
  minGroupSize: number;
  dp: DpTerms | null;
}

// The smallest group an answer releases: a term of every QUERY grant, so the access policy states it.
export { DEFAULT_MIN_GROUP_SIZE } from '../access/access-policy.js';
export const DEFAULT_DP: DpTerms = { epsilonPerQuery: 1, epsilonTotal: 10, contributionBound: 1 };

export const LIMITS = {
  groupBy: 4,
  measures: 8,
  filters: 8,
  values: 50,
  valueLength: 200,
  /** Groups an answer may hold (before suppression). */
  groups: 10_000,
} as const;
