/**
 * MinHash signatures over subject keys (lowercase hex SHA-256), for finding datasets that
 * share data subjects without keeping any identifier: a signature is `k` 32-bit minima
 * and says nothing about which subjects it summarises.
 */

/** Signature length: the estimate's standard error is about 1/√k (≈ 0.09 for k = 128). */
export const MINHASH_K = 128;
const PRIME = 4294967311; // smallest prime above 2^32

// Fixed hash family h_i(x) = (a_i·x + b_i) mod p, from a deterministic generator, so
// signatures made by any process or version of the engine compare.
const A = new Float64Array(MINHASH_K);
const B = new Float64Array(MINHASH_K);
{
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  for (let i = 0; i < MINHASH_K; i++) {
    A[i] = (next() % (PRIME - 1)) + 1;
    B[i] = next() % PRIME;
  }
}

function mulmod(a: number, b: number, m: number): number {
  // Exact (a·b) mod m for a, b < 2^33 through 16-bit limbs (doubles hold 53 bits).
  const bHi = Math.floor(b / 65536);
  const bLo = b % 65536;
  return (((a * bHi) % m) * 65536 + a * bLo) % m;
}

/** Accumulates a signature key by key, in constant memory. */
export class MinHasher {
  readonly mins = new Float64Array(MINHASH_K).fill(Number.POSITIVE_INFINITY);
  private readonly seen = new Set<number>();

  /** Distinct subjects added (by the key's first 32 bits: collisions are negligible here). */
  get count(): number {
    return this.seen.size;
  }

  /** Adds one subject key; duplicates do not change the signature. */
  add(subjectKey: string): void {
    // The key is already a uniform hash: its first 32 bits are the element.
    const x = parseInt(subjectKey.slice(0, 8), 16);
    if (this.seen.has(x)) return;
    this.seen.add(x);
    for (let i = 0; i < MINHASH_K; i++) {
      const h = (mulmod(A[i], x, PRIME) + B[i]) % PRIME;
      if (h < this.mins[i]) this.mins[i] = h;
    }
  }

  signature(): number[] {
    return Array.from(this.mins, (m) => (Number.isFinite(m) ? m : -1));
  }
}

/** Estimated Jaccard similarity |A∩B| / |A∪B| of two signatures. */
export function jaccard(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0 || a[0] === -1 || b[0] === -1) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Estimated share of A's subjects that are also in B, |A∩B| / |A|, from the Jaccard
 * estimate and the two set sizes: |A∩B| = J·(|A| + |B|) / (1 + J).
 */
export function containment(
  a: readonly number[],
  sizeA: number,
  b: readonly number[],
  sizeB: number,
): number {
  if (sizeA === 0) return 0;
  const j = jaccard(a, b);
  return Math.min(1, (j * (sizeA + sizeB)) / (1 + j) / sizeA);
}
