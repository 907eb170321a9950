import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toHex } from './encoding.js';
import { emptyRoot, hashChildren } from './hasher.js';
import { LedgerException } from './ledger.exception.js';
import {
  consistencyProof,
  inclusionProof,
  merkleTreeHash,
  MerkleTree,
  subtreeHash,
} from './merkle-tree.js';
import { leafHashes, referenceRoot, rfc6962LeafHashes } from './testing/merkle.factory.js';

// Known answers from transparency-dev/merkle proof/verify_test.go (same as certificate-transparency-go).
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// [leafIndex (0-based), treeSize, path]
const INCLUSION_PROOFS: Array<[number, number, string[]]> = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

// [size1, size2, proof]
const CONSISTENCY_PROOFS: Array<[number, number, string[]]> = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const leaves = rfc6962LeafHashes();

describe('merkleTreeHash (RFC 6962 known answers)', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(toHex(merkleTreeHash([]))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it.each(ROOTS.map((root, i) => [i + 1, root] as const))(
    'root of the first %i leaves is %s',
    (size, root) => {
      expect(toHex(merkleTreeHash(leaves.slice(0, size)))).toBe(root);
      expect(toHex(MerkleTree.fromLeafHashes(leaves).root(size))).toBe(root);
    },
  );
});

describe('inclusionProof (RFC 6962 known answers)', () => {
  it.each(INCLUSION_PROOFS)('leaf %i in a tree of %i', (index, size, path) => {
    expect(inclusionProof(leaves, index, size).map(toHex)).toEqual(path);
    expect(MerkleTree.fromLeafHashes(leaves).inclusionProof(index, size).map(toHex)).toEqual(path);
  });

  it('refuses an index outside the tree', () => {
    expect(() => inclusionProof(leaves, 8, 8)).toThrow(LedgerException);
    expect(() => inclusionProof(leaves, 0, 0)).toThrow(/not in a tree of size 0/);
    expect(() => inclusionProof(leaves, -1, 8)).toThrow(LedgerException);
  });
});

describe('consistencyProof (RFC 6962 known answers)', () => {
  it.each(CONSISTENCY_PROOFS)('from %i to %i', (size1, size2, proof) => {
    expect(consistencyProof(leaves, size1, size2).map(toHex)).toEqual(proof);
    expect(MerkleTree.fromLeafHashes(leaves).consistencyProof(size1, size2).map(toHex)).toEqual(
      proof,
    );
  });

  it('is empty from the empty tree and refuses a shrinking tree', () => {
    expect(consistencyProof(leaves, 0, 8)).toEqual([]);
    expect(() => consistencyProof(leaves, 5, 4)).toThrow(/larger than size2/);
  });
});

describe('boundary sizes', () => {
  const sizes = [
    0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257,
  ];
  const all = leafHashes(257);
  const tree = MerkleTree.fromLeafHashes(all);

  it.each(sizes)('size %i: array, store and naive recursion agree', (size) => {
    const expected = size === 0 ? emptyRoot() : referenceRoot(all.slice(0, size));
    expect(toHex(merkleTreeHash(all.slice(0, size)))).toBe(toHex(expected));
    expect(toHex(tree.root(size))).toBe(toHex(expected));
    expect(toHex(subtreeHash(tree, 0, size))).toBe(toHex(expected));
  });

  it('splits at the largest power of two below n', () => {
    // 3 leaves: (0 1) 2 ; 9 leaves: (0..7) 8
    expect(toHex(merkleTreeHash(all.slice(0, 3)))).toBe(
      toHex(hashChildren(hashChildren(all[0], all[1]), all[2])),
    );
    expect(toHex(merkleTreeHash(all.slice(0, 9)))).toBe(
      toHex(hashChildren(referenceRoot(all.slice(0, 8)), all[8])),
    );
  });
});

describe('MerkleTree store', () => {
  it('gives the same proofs as the plain array at every size (property)', () => {
    const all = leafHashes(130, 'store');
    const tree = MerkleTree.fromLeafHashes(all);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 130 }), fc.nat(), fc.nat(), (size, a, b) => {
        const index = a % size;
        const size1 = b % (size + 1);
        expect(tree.inclusionProof(index, size).map(toHex)).toEqual(
          inclusionProof(all, index, size).map(toHex),
        );
        expect(tree.consistencyProof(size1, size).map(toHex)).toEqual(
          consistencyProof(all, size1, size).map(toHex),
        );
      }),
    );
  });

  it('hands out copies, so callers cannot corrupt the stored nodes', () => {
    const tree = MerkleTree.fromLeafHashes(leafHashes(8));
    const before = toHex(tree.root());
    for (const node of tree.inclusionProof(3)) node.fill(0);
    tree.leafHash(0).fill(0);
    expect(toHex(tree.root())).toBe(before);
  });

  it('rejects sizes beyond its leaves and hashes of the wrong length', () => {
    const tree = MerkleTree.fromLeafHashes(leafHashes(4));
    expect(() => tree.root(5)).toThrow(/larger than the tree/);
    expect(() => tree.append(new Uint8Array(31))).toThrow(/32 bytes/);
    expect(() => tree.leafHash(4)).toThrow(/no leaf at index 4/);
  });

  it('grows past its initial capacity', () => {
    const all = leafHashes(2500, 'grow');
    const tree = MerkleTree.fromLeafHashes(all);
    expect(tree.size).toBe(2500);
    expect(toHex(tree.root())).toBe(toHex(referenceRoot(all)));
    expect(toHex(tree.leafHash(2499))).toBe(toHex(all[2499]));
  });
});
