// DistinctCounter must count exactly what a set of the hashes holds up to its cap, then hold
// the HyperLogLog registers of every hash — whatever the insertion batching does inside.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DistinctCounter } from './distinct-counter.js';

const M = 1 << 14;

/** The registers a HyperLogLog (p = 14) of these 52-bit hashes holds, computed directly. */
function registers(hashes: Iterable<number>): string {
  const reg = new Uint8Array(M);
  for (const h of hashes) {
    const hi = Math.floor(h / 0x100000) >>> 0;
    const idx = (h % 0x100000) & (M - 1);
    const rank = hi === 0 ? 33 : Math.clz32(hi) + 1;
    if (rank > reg[idx]) reg[idx] = rank;
  }
  return `hll:${Array.from(reg).join(',')}`;
}

describe('DistinctCounter', () => {
  it('is a set of hashes up to its cap, then the HyperLogLog of all of them', () => {
    // Up to 60,000 hashes with repeats: large enough for inserts to be batched (from ~16,000
    // distinct), with caps that make the switch to the estimate fall inside a batch.
    const hashArb = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 52 - 1 }),
      fc.integer({ min: 0, max: 40_000 }).map((x) => x * 1_000_003),
    );
    fc.assert(
      fc.property(
        fc.array(hashArb, { minLength: 20_000, maxLength: 60_000, size: 'max' }),
        fc.integer({ min: 15_000, max: 70_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (hashes, cap, readAt) => {
          const d = new DistinctCounter(cap);
          const set = new Set<number>();
          for (let i = 0; i < hashes.length; i++) {
            d.addHash(hashes[i]);
            set.add(hashes[i]);
            // A read in the middle settles the pending batch; the end state must not change.
            if (i === readAt) expect(d.count).toBe(set.size > cap ? d.count : set.size);
          }
          expect(d.estimated).toBe(set.size > cap);
          if (set.size <= cap) {
            expect(d.count).toBe(set.size);
            expect(d.canonical()).toBe(`exact:${[...set].sort((a, b) => a - b).join(',')}`);
          } else expect(d.canonical()).toBe(registers(set));
        },
      ),
      { numRuns: 25 },
    );
  });
});
