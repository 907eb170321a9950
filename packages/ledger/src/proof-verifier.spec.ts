import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { concatBytes } from '@noble/hashes/utils.js';
import { fromHex, utf8Bytes } from './encoding.js';
import { emptyRoot, hashChildren, hashLeaf, sha256 } from './hasher.js';
import { consistencyProof, inclusionProof, MerkleTree, merkleTreeHash } from './merkle-tree.js';
import {
  assertConsistency,
  assertInclusion,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './proof-verifier.js';
import { flipBit, leafHashes, rfc6962LeafHashes } from './testing/merkle.factory.js';

const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');

/** A tree with 1..maxSize leaves and a leaf index inside it. */
const treeAndIndex = (maxSize = 200) =>
  fc.integer({ min: 1, max: maxSize }).chain((size) =>
    fc.record({
      size: fc.constant(size),
      index: fc.integer({ min: 0, max: size - 1 }),
      salt: fc.string({ maxLength: 4 }),
    }),
  );

/** Two sizes 1 ≤ size1 < size2. */
const twoSizes = (maxSize = 200) =>
  fc.integer({ min: 2, max: maxSize }).chain((size2) =>
    fc.record({
      size1: fc.integer({ min: 1, max: size2 - 1 }),
      size2: fc.constant(size2),
      salt: fc.string({ maxLength: 4 }),
    }),
  );

describe('verifyInclusion', () => {
  const leaves = rfc6962LeafHashes();
  const tree = MerkleTree.fromLeafHashes(leaves);

  it('accepts the known-answer proofs and rejects the corrupted probes of transparency-dev', () => {
    for (const [index, size] of [
      [0, 8],
      [5, 8],
      [2, 3],
      [1, 5],
      [0, 1],
      [7, 8],
    ] as const) {
      const proof = tree.inclusionProof(index, size);
      const root = tree.root(size);
      const leaf = leaves[index];
      expect(verifyInclusion(index, size, leaf, proof, root)).toBe(true);
      const probes: Array<[string, boolean]> = [
        ['leafIndex - 1', verifyInclusion(index - 1, size, leaf, proof, root)],
        ['leafIndex + 1', verifyInclusion(index + 1, size, leaf, proof, root)],
        ['leafIndex ^ 2', verifyInclusion(index ^ 2, size, leaf, proof, root)],
        ['treeSize * 2', verifyInclusion(index, size * 2, leaf, proof, root)],
        ['treeSize / 2', verifyInclusion(index, Math.floor(size / 2), leaf, proof, root)],
        ['wrong leaf', verifyInclusion(index, size, utf8Bytes('WrongLeaf'), proof, root)],
        ['empty root', verifyInclusion(index, size, leaf, proof, emptyRoot())],
        ['random root', verifyInclusion(index, size, leaf, proof, SOME_HASH)],
        [
          'trailing garbage',
          verifyInclusion(index, size, leaf, [...proof, new Uint8Array(0)], root),
        ],
        ['trailing root', verifyInclusion(index, size, leaf, [...proof, root], root)],
        [
          'preceding garbage',
          verifyInclusion(index, size, leaf, [new Uint8Array(0), ...proof], root),
        ],
        ['preceding root', verifyInclusion(index, size, leaf, [root, ...proof], root)],
      ];
      expect(probes.filter(([, accepted]) => accepted).map(([name]) => name)).toEqual([]);
    }
  });

  it('single-entry tree: root equals leaf, proof is empty', () => {
    const leaf = hashLeaf(utf8Bytes('data'));
    expect(verifyInclusion(0, 1, leaf, [], leaf)).toBe(true);
    expect(verifyInclusion(0, 1, leaf, [], new Uint8Array(0))).toBe(false);
    expect(verifyInclusion(0, 1, new Uint8Array(0), [], leaf)).toBe(false);
  });

  it('rejects every index in an empty tree or beyond the tree', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [1, 1],
    ]) {
      expect(verifyInclusion(index, size, SOME_HASH, [], emptyRoot())).toBe(false);
    }
  });

  it('explains why a proof fails', () => {
    const proof = tree.inclusionProof(1, 8);
    expect(() => assertInclusion(1, 8, leaves[1], proof.slice(1), tree.root())).toThrow(
      /too short/,
    );
    expect(() => assertInclusion(1, 8, leaves[1], [...proof, SOME_HASH], tree.root())).toThrow(
      /too long/,
    );
    expect(() => assertInclusion(1, 8, leaves[2], proof, tree.root())).toThrow(/different root/);
  });

  it('verifies every generated proof (property)', () => {
    fc.assert(
      fc.property(treeAndIndex(), ({ size, index, salt }) => {
        const all = leafHashes(size, salt);
        const proof = inclusionProof(all, index, size);
        expect(verifyInclusion(index, size, all[index], proof, merkleTreeHash(all))).toBe(true);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
      }),
    );
  });

  it('fails when any bit of a proof node, the leaf or the root is flipped (property)', () => {
    fc.assert(
      fc.property(
        treeAndIndex(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ({ size, index, salt }, pick, bit) => {
          const all = leafHashes(size, salt);
          const proof = inclusionProof(all, index, size);
          const root = merkleTreeHash(all);
          expect(verifyInclusion(index, size, flipBit(all[index], bit), proof, root)).toBe(false);
          expect(verifyInclusion(index, size, all[index], proof, flipBit(root, bit))).toBe(false);
          if (proof.length > 0) {
            const forged = proof.slice();
            forged[pick % proof.length] = flipBit(forged[pick % proof.length], bit);
            expect(verifyInclusion(index, size, all[index], forged, root)).toBe(false);
          }
        },
      ),
    );
  });

  it('fails when two proof nodes are swapped (property)', () => {
    fc.assert(
      fc.property(treeAndIndex(), fc.nat(), fc.nat(), ({ size, index, salt }, a, b) => {
        const all = leafHashes(size, salt);
        const proof = inclusionProof(all, index, size);
        fc.pre(proof.length >= 2);
        const i = a % proof.length;
        const j = (i + 1 + (b % (proof.length - 1))) % proof.length;
        const swapped = proof.slice();
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        expect(verifyInclusion(index, size, all[index], swapped, merkleTreeHash(all))).toBe(false);
      }),
    );
  });

  it('fails for proofs of the wrong length: node dropped, appended or prepended (property)', () => {
    fc.assert(
      fc.property(treeAndIndex(), ({ size, index, salt }) => {
        const all = leafHashes(size, salt);
        const proof = inclusionProof(all, index, size);
        const root = merkleTreeHash(all);
        if (proof.length > 0) {
          expect(verifyInclusion(index, size, all[index], proof.slice(0, -1), root)).toBe(false);
          expect(verifyInclusion(index, size, all[index], proof.slice(1), root)).toBe(false);
        }
        expect(verifyInclusion(index, size, all[index], [...proof, SOME_HASH], root)).toBe(false);
        expect(verifyInclusion(index, size, all[index], [SOME_HASH, ...proof], root)).toBe(false);
      }),
    );
  });

  it('fails when a middle node is replaced by any other hash (property)', () => {
    fc.assert(
      fc.property(
        treeAndIndex(),
        fc.nat(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        ({ size, index, salt }, pick, forged) => {
          const all = leafHashes(size, salt);
          const proof = inclusionProof(all, index, size);
          fc.pre(proof.length > 0);
          const i = pick % proof.length;
          fc.pre(forged.some((byte, k) => byte !== proof[i][k]));
          const tampered = proof.slice();
          tampered[i] = forged;
          expect(verifyInclusion(index, size, all[index], tampered, merkleTreeHash(all))).toBe(
            false,
          );
        },
      ),
    );
  });

  it('rejects an interior node presented as a leaf (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        (k, level, pick) => {
          fc.pre(level <= k);
          const size = 2 ** k;
          const all = leafHashes(size, `interior${k}`);
          const tree = MerkleTree.fromLeafHashes(all);
          const width = 2 ** level;
          const node = pick % (size / width);
          const interior = tree.perfectSubtreeHash(level, node) as Uint8Array;
          const upperPath = tree.inclusionProof(node * width).slice(level);
          // With the real tree size the path is too short: the RFC length check catches it.
          expect(verifyInclusion(node * width, size, interior, upperPath, tree.root())).toBe(false);
          // The interior node's preimage (left ‖ right) submitted as leaf data hashes with 0x00,
          // not 0x01, so it is not that node even in a tree of the "right" smaller size.
          const left = tree.perfectSubtreeHash(level - 1, 2 * node) as Uint8Array;
          const right = tree.perfectSubtreeHash(level - 1, 2 * node + 1) as Uint8Array;
          const asLeaf = hashLeaf(concatBytes(left, right));
          expect(verifyInclusion(node, size / width, asLeaf, upperPath, tree.root())).toBe(false);
          // Sanity: the node itself is the genuine hash of its children.
          expect(hashChildren(left, right)).toEqual(interior);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('rejects a leaf presented as an interior node', () => {
    // Leaves whose data is 64 bytes look like (left ‖ right) pairs of hashes.
    const data = Array.from({ length: 8 }, (_, i) =>
      concatBytes(sha256(utf8Bytes(`l${i}`)), sha256(utf8Bytes(`r${i}`))),
    );
    const all = data.map((d) => hashLeaf(d));
    const tree = MerkleTree.fromLeafHashes(all);
    for (let i = 0; i < 8; i++) {
      const left = data[i].subarray(0, 32);
      const right = data[i].subarray(32);
      // Claim leaf i is an interior node over two "leaves" left, right in a tree of 16.
      const forged = [right, ...tree.inclusionProof(i)];
      expect(verifyInclusion(2 * i, 16, left, forged, tree.root())).toBe(false);
      expect(verifyInclusion(2 * i, 8, left, forged, tree.root())).toBe(false);
    }
  });

  it('works beyond 2^32 leaves (index arithmetic without 32-bit bitwise operators)', () => {
    const size = 2 ** 33 + 5;
    const leaf = SOME_HASH;
    const path = (n: number) => Array.from({ length: n }, (_, i) => sha256(utf8Bytes(String(i))));
    // Leaf 3 sits in the perfect left subtree of 2^33 leaves: 33 siblings, then the right part.
    const root = rootFromInclusionProof(3, size, leaf, path(34));
    expect(verifyInclusion(3, size, leaf, path(34), root)).toBe(true);
    expect(verifyInclusion(3, size, leaf, path(33), root)).toBe(false);
    // The last leaf: split 2^33 | 5, then 4 | 1: two siblings.
    expect(() => rootFromInclusionProof(size - 1, size, leaf, path(2))).not.toThrow();
    expect(() => rootFromInclusionProof(size - 1, size, leaf, path(3))).toThrow(/too long/);
  });
});

describe('verifyConsistency', () => {
  const leaves = rfc6962LeafHashes();
  const tree = MerkleTree.fromLeafHashes(leaves);
  const r1 = utf8Bytes("don't care 1 ....................").slice(0, 32);
  const r2 = utf8Bytes("don't care 2 ....................").slice(0, 32);

  it('handles the edge cases of transparency-dev', () => {
    expect(verifyConsistency(0, 0, [], r1, r2)).toBe(false);
    expect(verifyConsistency(1, 1, [], r1, r2)).toBe(false);
    expect(verifyConsistency(0, 0, [], emptyRoot(), emptyRoot())).toBe(true);
    expect(verifyConsistency(0, 1, [], emptyRoot(), r2)).toBe(true);
    expect(verifyConsistency(0, 1, [], r1, r2)).toBe(false); // root1 must be the empty-tree hash
    expect(verifyConsistency(1, 1, [], r2, r2)).toBe(true);
    expect(verifyConsistency(1, 0, [], r1, r2)).toBe(false);
    expect(verifyConsistency(2, 1, [], r1, r2)).toBe(false);
    expect(verifyConsistency(1, 2, [], r1, r2)).toBe(false);
    expect(verifyConsistency(0, 0, [emptyRoot()], emptyRoot(), emptyRoot())).toBe(false);
    expect(verifyConsistency(0, 1, [emptyRoot()], emptyRoot(), emptyRoot())).toBe(false);
    expect(verifyConsistency(1, 1, [emptyRoot()], emptyRoot(), emptyRoot())).toBe(false);
  });

  it('accepts the known-answer proofs and rejects the corrupted probes of transparency-dev', () => {
    for (const [s1, s2] of [
      [1, 8],
      [6, 8],
      [2, 5],
      [6, 7],
      [3, 7],
      [4, 8],
    ] as const) {
      const proof = tree.consistencyProof(s1, s2);
      const a = tree.root(s1);
      const b = tree.root(s2);
      expect(verifyConsistency(s1, s2, proof, a, b)).toBe(true);
      const probes: Array<[string, boolean]> = [
        ['size1 - 1', verifyConsistency(s1 - 1, s2, proof, a, b)],
        ['size1 + 1', verifyConsistency(s1 + 1, s2, proof, a, b)],
        ['size1 ^ 2', verifyConsistency(s1 ^ 2, s2, proof, a, b)],
        ['size2 * 2', verifyConsistency(s1, s2 * 2, proof, a, b)],
        ['size2 / 2', verifyConsistency(s1, Math.floor(s2 / 2), proof, a, b)],
        ['wrong root1', verifyConsistency(s1, s2, proof, SOME_HASH, b)],
        ['wrong root2', verifyConsistency(s1, s2, proof, a, SOME_HASH)],
        ['swapped roots', verifyConsistency(s1, s2, proof, b, a)],
        ['empty proof', verifyConsistency(s1, s2, [], a, b)],
        ['trailing garbage', verifyConsistency(s1, s2, [...proof, new Uint8Array(0)], a, b)],
        ['trailing root1', verifyConsistency(s1, s2, [...proof, a], a, b)],
        ['trailing root2', verifyConsistency(s1, s2, [...proof, b], a, b)],
        ['preceding root1', verifyConsistency(s1, s2, [a, ...proof], a, b)],
        ['preceding root2', verifyConsistency(s1, s2, [b, ...proof], a, b)],
        ['preceding proof[0]', verifyConsistency(s1, s2, [proof[0], ...proof], a, b)],
        ['truncated proof', verifyConsistency(s1, s2, proof.slice(0, -1), a, b)],
      ];
      expect(probes.filter(([, accepted]) => accepted).map(([name]) => name)).toEqual([]);
    }
  });

  it('verifies every generated proof (property)', () => {
    fc.assert(
      fc.property(twoSizes(), ({ size1, size2, salt }) => {
        const all = leafHashes(size2, salt);
        const proof = consistencyProof(all, size1, size2);
        expect(
          verifyConsistency(
            size1,
            size2,
            proof,
            merkleTreeHash(all.slice(0, size1)),
            merkleTreeHash(all),
          ),
        ).toBe(true);
      }),
    );
  });

  it('fails when any bit of a node or either root is flipped (property)', () => {
    fc.assert(
      fc.property(
        twoSizes(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ({ size1, size2, salt }, pick, bit) => {
          const all = leafHashes(size2, salt);
          const proof = consistencyProof(all, size1, size2);
          const a = merkleTreeHash(all.slice(0, size1));
          const b = merkleTreeHash(all);
          expect(verifyConsistency(size1, size2, proof, flipBit(a, bit), b)).toBe(false);
          expect(verifyConsistency(size1, size2, proof, a, flipBit(b, bit))).toBe(false);
          const forged = proof.slice();
          forged[pick % proof.length] = flipBit(forged[pick % proof.length], bit);
          expect(verifyConsistency(size1, size2, forged, a, b)).toBe(false);
        },
      ),
    );
  });

  it('fails when nodes are swapped or the proof has the wrong length (property)', () => {
    fc.assert(
      fc.property(twoSizes(), fc.nat(), ({ size1, size2, salt }, pick) => {
        const all = leafHashes(size2, salt);
        const proof = consistencyProof(all, size1, size2);
        const a = merkleTreeHash(all.slice(0, size1));
        const b = merkleTreeHash(all);
        expect(verifyConsistency(size1, size2, proof.slice(0, -1), a, b)).toBe(false);
        expect(verifyConsistency(size1, size2, [...proof, SOME_HASH], a, b)).toBe(false);
        expect(verifyConsistency(size1, size2, [SOME_HASH, ...proof], a, b)).toBe(false);
        if (proof.length >= 2) {
          const i = pick % (proof.length - 1);
          const swapped = proof.slice();
          [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
          expect(verifyConsistency(size1, size2, swapped, a, b)).toBe(false);
        }
      }),
    );
  });

  it('rejects forged middle nodes splicing two histories (GHSA-672p-m5jq-mrh8)', () => {
    // A rewritten history B agrees with the genuine history A on its size, but one early leaf
    // differs. Splicing any mix of A's and B's proof nodes must never link A's old root to
    // B's new root: every node feeding the old root also feeds the new one.
    fc.assert(
      fc.property(twoSizes(64), fc.nat(), ({ size1, size2, salt }, pickLeaf) => {
        const genuine = leafHashes(size2, salt);
        const rewritten = genuine.slice();
        rewritten[pickLeaf % size1] = hashLeaf(utf8Bytes('forged entry'));
        const oldRoot = merkleTreeHash(genuine.slice(0, size1));
        const newForgedRoot = merkleTreeHash(rewritten);
        const fromA = consistencyProof(genuine, size1, size2);
        const fromB = consistencyProof(rewritten, size1, size2);
        expect(fromA).toHaveLength(fromB.length);
        const combinations = Math.min(2 ** fromA.length, 1024);
        for (let mask = 0; mask < combinations; mask++) {
          const spliced = fromA.map((node, i) => (mask & (1 << i) ? fromB[i] : node));
          expect(verifyConsistency(size1, size2, spliced, oldRoot, newForgedRoot)).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('explains why a proof fails', () => {
    const proof = tree.consistencyProof(3, 8);
    expect(() => assertConsistency(3, 8, [], tree.root(3), tree.root())).toThrow(/empty/);
    expect(() => assertConsistency(3, 8, proof.slice(0, -1), tree.root(3), tree.root())).toThrow(
      /too short/,
    );
    expect(() => assertConsistency(3, 8, proof, tree.root(3), SOME_HASH)).toThrow(/root2/);
    expect(() => assertConsistency(3, 8, proof, SOME_HASH, tree.root())).toThrow(/root1/);
  });
});
