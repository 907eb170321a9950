import type { ValueTransformer } from 'typeorm';

/** `bigint` columns as JS numbers (safe up to 2^53, far beyond any ledger we will hold). */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
