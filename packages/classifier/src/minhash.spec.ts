import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { containment, jaccard, MINHASH_K, MinHasher } from './minhash.js';

const key = (i: number) => createHash('sha256').update(`subject-${i}`).digest('hex');
const signatureOf = (ids: Iterable<number>) => {
  const h = new MinHasher();
  for (const i of ids) h.add(key(i));
  return h.signature();
};
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('MinHash', () => {
  it('gives identical sets identical signatures, whatever the order and duplicates', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(10_000), { minLength: 1, maxLength: 200 }), (ids) => {
        const shuffled = [...ids].reverse();
        expect(signatureOf([...shuffled, ...ids])).toEqual(signatureOf(ids));
        expect(jaccard(signatureOf(ids), signatureOf(shuffled))).toBe(1);
      }),
      { numRuns: 30 },
    );
  });

  it.each([
    [0, 0],
    [0.1, 0.1],
    [0.35, 0.35],
    [1, 1],
  ])('estimates %p overlap within the expected error', (share, expected) => {
    const a = range(0, 2000);
    const overlap = Math.round(a.length * share);
    const b = [...range(0, overlap), ...range(100_000, 100_000 + 3000 - overlap)];
    const c = containment(signatureOf(a), a.length, signatureOf(b), b.length);
    // Three standard errors of a k-sample estimate.
    expect(Math.abs(c - expected)).toBeLessThan(3 / Math.sqrt(MINHASH_K) + 0.02);
  });

  it('counts distinct subjects', () => {
    const h = new MinHasher();
    for (const i of [1, 2, 2, 3, 1]) h.add(key(i));
    expect(h.count).toBe(3);
  });

  it('says nothing for an empty set', () => {
    expect(containment(signatureOf([]), 0, signatureOf(range(0, 10)), 10)).toBe(0);
    expect(jaccard(signatureOf([]), signatureOf([]))).toBe(0);
  });
});
