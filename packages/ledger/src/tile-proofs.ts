import { emptyRoot } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { consistencyProof, inclusionProof, subtreeHash } from './merkle-tree.js';
import { computeFromTiles, type TileReader } from './tiles.js';
import { assertSize } from './tree-math.js';

/**
 * RFC 9162 proofs computed from C2SP tiles: the tiles a proof needs are read in one batch
 * from a {@link TileReader} (O(log n) of them), then at most 127 hashes per proof node are
 * recombined from them. The results equal `inclusionProof` / `consistencyProof` over the
 * leaf hashes.
 */

/** Inclusion proof (audit path, nearest sibling first) of `leafIndex` in the tree of `treeSize`. */
export function inclusionProofFromTiles(reader: TileReader, leafIndex: number, treeSize: number): Promise<Uint8Array[]> {
  assertSize(leafIndex, 'leafIndex');
  assertSize(treeSize, 'treeSize');
  if (leafIndex >= treeSize) {
    return Promise.reject(new LedgerException(LedgerExceptionCode.INVALID_PROOF, `leafIndex ${leafIndex} is not in a tree of size ${treeSize}`));
  }
  return computeFromTiles(reader, (source) => inclusionProof(source, leafIndex, treeSize));
}

/** Consistency proof between the trees of `size1` and `size2` leaves. */
export function consistencyProofFromTiles(reader: TileReader, size1: number, size2: number): Promise<Uint8Array[]> {
  assertSize(size1, 'size1');
  assertSize(size2, 'size2');
  if (size1 > size2) {
    return Promise.reject(new LedgerException(LedgerExceptionCode.INVALID_PROOF, `size1 ${size1} is larger than size2 ${size2}`));
  }
  return computeFromTiles(reader, (source) => consistencyProof(source, size1, size2));
}

/** Merkle tree hash of the first `treeSize` leaves, from tiles. */
export function treeHashFromTiles(reader: TileReader, treeSize: number): Promise<Uint8Array> {
  assertSize(treeSize, 'treeSize');
  if (treeSize === 0) return Promise.resolve(emptyRoot());
  return computeFromTiles(reader, (source) => subtreeHash(source, 0, treeSize));
}

/** Leaf hash at `leafIndex`, from the level-0 tile. */
export function leafHashFromTiles(reader: TileReader, leafIndex: number): Promise<Uint8Array> {
  assertSize(leafIndex, 'leafIndex');
  return computeFromTiles(reader, (source) => source.leafHash(leafIndex));
}
