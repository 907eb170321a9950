import { HASH_SIZE, hashFromHex, toHex } from './encoding.js';
import { emptyRoot, hashChildren } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { half, isOdd } from './tree-math.js';

/**
 * Serialised {@link MerkleFrontier}: the tree size and the roots of its perfect subtrees,
 * largest (leftmost) first, as hex. Persist it with the tree head; it is
 * `popcount(size)` hashes, at most 53.
 */
export interface FrontierState {
  size: number;
  nodes: string[];
}

function popcount(n: number): number {
  let count = 0;
  while (n > 0) {
    if (isOdd(n)) count++;
    n = half(n);
  }
  return count;
}

/**
 * The compact range `[0, size)` of an append-only Merkle tree (like transparency-dev's
 * `compact.Range`): one root per perfect subtree, one per set bit of `size`. Appending is
 * O(1) amortised hashing (O(log n) worst case), the current root costs O(log n), and the
 * state serialises to a few hashes — the API keeps it with the signed tree head instead
 * of recomputing the tree.
 */
export class MerkleFrontier {
  private nodes: Uint8Array[] = [];
  private count = 0;
  private cachedRoot: Uint8Array | undefined;

  /**
   * Restores a frontier saved with {@link MerkleFrontier.toState}.
   * @throws LedgerException `INVALID_FRONTIER` when the node count does not match the size.
   */
  static fromState(state: FrontierState): MerkleFrontier {
    const { size, nodes } = state;
    if (!Number.isSafeInteger(size) || size < 0 || !Array.isArray(nodes)) {
      throw new LedgerException(
        LedgerExceptionCode.INVALID_FRONTIER,
        'frontier needs a size and a node list',
      );
    }
    if (nodes.length !== popcount(size)) {
      throw new LedgerException(
        LedgerExceptionCode.INVALID_FRONTIER,
        `a frontier of size ${size} has ${popcount(size)} nodes, got ${nodes.length}`,
      );
    }
    const frontier = new MerkleFrontier();
    frontier.nodes = nodes.map((hex, i) => hashFromHex(hex, `frontier node ${i}`));
    frontier.count = size;
    return frontier;
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends one 32-byte leaf hash. */
  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) {
      throw new LedgerException(LedgerExceptionCode.INVALID_HASH, 'leaf hash must be 32 bytes');
    }
    let node = leafHash;
    // Each trailing 1 bit of the old size is a perfect subtree the new node completes.
    for (let s = this.count; isOdd(s); s = half(s)) {
      node = hashChildren(this.nodes.pop() as Uint8Array, node);
    }
    this.nodes.push(node);
    this.count++;
    this.cachedRoot = undefined;
  }

  /** Root hash of the tree so far (`SHA-256("")` when empty). */
  root(): Uint8Array {
    if (!this.cachedRoot) {
      if (this.nodes.length === 0) {
        this.cachedRoot = emptyRoot();
      } else {
        let root = this.nodes[this.nodes.length - 1];
        for (let i = this.nodes.length - 2; i >= 0; i--) root = hashChildren(this.nodes[i], root);
        this.cachedRoot = root;
      }
    }
    return this.cachedRoot.slice();
  }

  /** Serialisable state; {@link MerkleFrontier.fromState} restores it. */
  toState(): FrontierState {
    return { size: this.count, nodes: this.nodes.map(toHex) };
  }
}
