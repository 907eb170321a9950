import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

// Tree sizes may exceed 2^32, where JavaScript's bitwise operators wrap; these helpers use
// plain arithmetic, exact for all safe integers.

/** `x >> 1` for any non-negative safe integer. */
export function half(x: number): number {
  return Math.floor(x / 2);
}

/** True when the least significant bit of `x` is set. */
export function isOdd(x: number): boolean {
  return x % 2 === 1;
}

/** True for 1, 2, 4, 8, … */
export function isPowerOfTwo(x: number): boolean {
  if (x < 1) return false;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}

/** The largest power of two strictly less than `n` (n ≥ 2): the RFC 9162 split point `k`. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Throws unless `value` is a non-negative safe integer. */
export function assertSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LedgerException(
      LedgerExceptionCode.INVALID_PROOF,
      `${what} must be a non-negative integer (got ${String(value)})`,
    );
  }
}
