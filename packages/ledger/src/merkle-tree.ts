import { HASH_SIZE } from './encoding.js';
import { emptyRoot, hashChildren } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { assertSize, isPowerOfTwo, splitPoint } from './tree-math.js';

/**
 * Where proof generation reads leaf hashes from. A plain array of leaf hashes works; a
 * store that also answers {@link LeafHashSource.perfectSubtreeHash} from precomputed nodes
 * (like {@link MerkleTree}) makes proofs O(log² n) instead of O(n).
 */
export interface LeafHashSource {
  /** Leaf hash at 0-based `index`. */
  leafHash(index: number): Uint8Array;
  /**
   * Optional: hash of the perfect subtree of `2^level` leaves starting at leaf
   * `index * 2^level`, or undefined when not available.
   */
  perfectSubtreeHash?(level: number, index: number): Uint8Array | undefined;
}

/** A {@link LeafHashSource} or an array of leaf hashes. */
export type LeafSource = LeafHashSource | readonly Uint8Array[];

function asSource(source: LeafSource): LeafHashSource {
  if (!Array.isArray(source)) return source as LeafHashSource;
  const leaves = source as readonly Uint8Array[];
  return { leafHash: (i) => leaves[i] };
}

function log2(n: number): number {
  let level = 0;
  while (n > 1) {
    n /= 2;
    level++;
  }
  return level;
}

function rangeHash(source: LeafHashSource, start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return source.leafHash(start);
  if (source.perfectSubtreeHash && isPowerOfTwo(n) && start % n === 0) {
    const cached = source.perfectSubtreeHash(log2(n), start / n);
    if (cached) return cached;
  }
  const k = splitPoint(n);
  return hashChildren(rangeHash(source, start, start + k), rangeHash(source, start + k, end));
}

/**
 * RFC 9162 Merkle tree hash `MTH(D[start:end])` of leaves `start` (inclusive) to `end`
 * (exclusive). The empty range gives `SHA-256("")`.
 * @throws LedgerException `INVALID_PROOF` on a bad range.
 */
export function subtreeHash(source: LeafSource, start: number, end: number): Uint8Array {
  assertSize(start, 'start');
  assertSize(end, 'end');
  if (end < start) {
    throw new LedgerException(LedgerExceptionCode.INVALID_PROOF, 'end must not be before start');
  }
  if (start === end) return emptyRoot();
  return rangeHash(asSource(source), start, end);
}

/** Merkle tree hash over the first `size` leaves (all of an array by default). */
export function merkleTreeHash(source: LeafSource, size?: number): Uint8Array {
  const n = size ?? (Array.isArray(source) ? source.length : undefined);
  if (n === undefined) {
    throw new LedgerException(
      LedgerExceptionCode.INVALID_PROOF,
      'size is required for a LeafHashSource',
    );
  }
  return subtreeHash(source, 0, n);
}

/**
 * RFC 9162 §2.1.3.1 inclusion proof (audit path) for leaf `leafIndex` in the tree of the
 * first `treeSize` leaves, nearest sibling first.
 * @throws LedgerException `INVALID_PROOF` unless `0 ≤ leafIndex < treeSize`.
 */
export function inclusionProof(
  source: LeafSource,
  leafIndex: number,
  treeSize: number,
): Uint8Array[] {
  assertSize(leafIndex, 'leafIndex');
  assertSize(treeSize, 'treeSize');
  if (leafIndex >= treeSize) {
    throw new LedgerException(
      LedgerExceptionCode.INVALID_PROOF,
      `leafIndex ${leafIndex} is not in a tree of size ${treeSize}`,
    );
  }
  const src = asSource(source);
  const path: Uint8Array[] = [];
  let start = 0;
  let end = treeSize;
  // Walk from the root down to the leaf; siblings come out top-down, RFC order is bottom-up.
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      path.push(rangeHash(src, start + k, end));
      end = start + k;
    } else {
      path.push(rangeHash(src, start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/**
 * RFC 9162 §2.1.4.1 consistency proof between the trees of the first `size1` and the first
 * `size2` leaves. Empty when `size1` is 0 or equals `size2`.
 * @throws LedgerException `INVALID_PROOF` unless `0 ≤ size1 ≤ size2`.
 */
export function consistencyProof(source: LeafSource, size1: number, size2: number): Uint8Array[] {
  assertSize(size1, 'size1');
  assertSize(size2, 'size2');
  if (size1 > size2) {
    throw new LedgerException(
      LedgerExceptionCode.INVALID_PROOF,
      `size1 ${size1} is larger than size2 ${size2}`,
    );
  }
  if (size1 === 0 || size1 === size2) return [];
  const src = asSource(source);
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[start:end], b), unrolled; nodes come out top-down.
  let m = size1;
  let start = 0;
  let end = size2;
  let complete = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(rangeHash(src, start + k, end));
      end = start + k;
    } else {
      proof.push(rangeHash(src, start, start + k));
      start += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) proof.push(rangeHash(src, start, end));
  return proof.reverse();
}

const INITIAL_CAPACITY = 1024;

/**
 * In-memory Merkle tree that keeps every leaf hash and every perfect subtree hash
 * (≈ 64 bytes per leaf). Append is amortised O(1) hashing; roots at any past size and
 * inclusion/consistency proofs cost O(log² n). Suitable for the API to load leaf hashes
 * once and serve proofs for millions of entries.
 */
export class MerkleTree implements LeafHashSource {
  // levels[L] holds perfect subtree hashes of 2^L leaves, packed 32 bytes each.
  private levels: Uint8Array[] = [];
  private counts: number[] = [];
  private leafCount = 0;

  /** Builds a tree from leaf hashes (in order). */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): MerkleTree {
    const tree = new MerkleTree();
    for (const leaf of leafHashes) tree.append(leaf);
    return tree;
  }

  /** Number of leaves. */
  get size(): number {
    return this.leafCount;
  }

  /** Appends one 32-byte leaf hash (see `entryLeafHash`). */
  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) {
      throw new LedgerException(LedgerExceptionCode.INVALID_HASH, 'leaf hash must be 32 bytes');
    }
    let node = leafHash;
    let level = 0;
    for (;;) {
      const index = this.store(level, node);
      if (index % 2 === 0) break;
      node = hashChildren(this.node(level, index - 1), node);
      level++;
    }
    this.leafCount++;
  }

  /** Leaf hash at 0-based `index` (a copy). */
  leafHash(index: number): Uint8Array {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.leafCount) {
      throw new LedgerException(LedgerExceptionCode.INVALID_PROOF, `no leaf at index ${index}`);
    }
    return this.node(0, index).slice();
  }

  /** @inheritDoc */
  perfectSubtreeHash(level: number, index: number): Uint8Array | undefined {
    return level < this.counts.length && index < this.counts[level]
      ? this.node(level, index).slice()
      : undefined;
  }

  /** Root hash of the tree of the first `size` leaves (default: all). */
  root(size: number = this.leafCount): Uint8Array {
    this.assertWithin(size);
    return subtreeHash(this, 0, size);
  }

  /** Inclusion proof of leaf `leafIndex` in the tree of size `treeSize` (default: all). */
  inclusionProof(leafIndex: number, treeSize: number = this.leafCount): Uint8Array[] {
    this.assertWithin(treeSize);
    return inclusionProof(this, leafIndex, treeSize);
  }

  /** Consistency proof from size `size1` to size `size2` (default: all). */
  consistencyProof(size1: number, size2: number = this.leafCount): Uint8Array[] {
    this.assertWithin(size2);
    return consistencyProof(this, size1, size2);
  }

  private assertWithin(size: number): void {
    assertSize(size, 'treeSize');
    if (size > this.leafCount) {
      throw new LedgerException(
        LedgerExceptionCode.INVALID_PROOF,
        `tree size ${size} is larger than the tree (${this.leafCount} leaves)`,
      );
    }
  }

  private node(level: number, index: number): Uint8Array {
    return this.levels[level].subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  private store(level: number, hash: Uint8Array): number {
    if (level === this.levels.length) {
      this.levels.push(new Uint8Array(INITIAL_CAPACITY * HASH_SIZE));
      this.counts.push(0);
    }
    const index = this.counts[level];
    let buffer = this.levels[level];
    if ((index + 1) * HASH_SIZE > buffer.length) {
      const grown = new Uint8Array(buffer.length * 2);
      grown.set(buffer);
      this.levels[level] = buffer = grown;
    }
    buffer.set(hash, index * HASH_SIZE);
    this.counts[level] = index + 1;
    return index;
  }
}
