import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toHex } from './encoding.js';
import { emptyRoot } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { MerkleFrontier } from './merkle-frontier.js';
import { leafHashes, referenceRoot } from './testing/merkle.factory.js';

describe('MerkleFrontier', () => {
  it('starts as the empty tree', () => {
    const frontier = new MerkleFrontier();
    expect(frontier.size).toBe(0);
    expect(toHex(frontier.root())).toBe(toHex(emptyRoot()));
  });

  it('matches a full recomputation at every size up to 300', () => {
    const all = leafHashes(300, 'frontier');
    const frontier = new MerkleFrontier();
    for (let n = 1; n <= 300; n++) {
      frontier.append(all[n - 1]);
      expect(frontier.size).toBe(n);
      expect(toHex(frontier.root())).toBe(toHex(referenceRoot(all.slice(0, n))));
    }
  });

  it('keeps one node per set bit of the size', () => {
    const frontier = new MerkleFrontier();
    for (const leaf of leafHashes(11)) frontier.append(leaf); // 0b1011
    expect(frontier.toState().nodes).toHaveLength(3);
  });

  it('resumes from its serialised state with the same roots (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 60 }),
        (before, after) => {
          const all = leafHashes(before + after, `resume${before}`);
          const first = new MerkleFrontier();
          all.slice(0, before).forEach((leaf) => first.append(leaf));
          const state = JSON.parse(JSON.stringify(first.toState())) as ReturnType<
            MerkleFrontier['toState']
          >;
          const resumed = MerkleFrontier.fromState(state);
          all.slice(before).forEach((leaf) => resumed.append(leaf));
          expect(resumed.size).toBe(before + after);
          expect(toHex(resumed.root())).toBe(toHex(referenceRoot(all)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a state whose node count does not fit its size', () => {
    const frontier = new MerkleFrontier();
    leafHashes(6).forEach((leaf) => frontier.append(leaf));
    const { nodes } = frontier.toState();
    expect(() => MerkleFrontier.fromState({ size: 7, nodes })).toThrow(/has 3 nodes, got 2/);
    try {
      MerkleFrontier.fromState({ size: 6, nodes: [nodes[0], 'zz'] });
      throw new Error('accepted a bad node');
    } catch (error) {
      expect((error as LedgerException).code).toBe(LedgerExceptionCode.INVALID_HASH);
    }
  });

  it('does not let a caller mutate the cached root', () => {
    const frontier = new MerkleFrontier();
    leafHashes(5).forEach((leaf) => frontier.append(leaf));
    const root = frontier.root();
    const hex = toHex(root);
    root.fill(0);
    expect(toHex(frontier.root())).toBe(hex);
  });
});
