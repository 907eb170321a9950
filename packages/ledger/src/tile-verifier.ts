import { HASH_SIZE, bytesEqual, toHex } from './encoding.js';
import type { Checkpoint } from './checkpoint.js';
import { LedgerException } from './ledger.exception.js';
import { treeHashFromTiles } from './tile-proofs.js';
import { TILE_WIDTH, tilePath, tileRoot, tilesForTreeSize, type TileCoordinate } from './tiles.js';

/** Where the verifier fetches tiles from: a directory, a URL prefix, memory. */
export interface TilePathSource {
  /** The bytes at `tile/<L>/<N>[.p/<W>]`, or undefined when there is nothing there. */
  read(path: string): Promise<Uint8Array | undefined>;
}

export type TileVerification =
  | { ok: true; treeSize: number; rootHash: string; tiles: number; leafHash(index: number): Uint8Array }
  | { ok: false; path: string | null; message: string };

/**
 * Checks every tile of a checkpoint's tree, bottom-up: each tile has exactly the width the
 * tree size implies, every hash of a level ≥ 1 tile is the root of the full tile below it,
 * and the tiles rebuild the checkpoint's root hash. A single altered byte in any tile
 * fails one of these. The checkpoint's signature is the caller's to verify first.
 */
export async function verifyTiles(source: TilePathSource, checkpoint: Checkpoint): Promise<TileVerification> {
  const coords = tilesForTreeSize(checkpoint.treeSize);
  const tiles = new Map<string, Uint8Array>();
  const key = (c: { level: number; index: number }) => `${c.level}/${c.index}`;
  for (const c of coords) {
    const path = tilePath(c);
    const data = await source.read(path);
    if (!data) return { ok: false, path, message: `${path} is missing` };
    if (data.length !== c.width * HASH_SIZE) {
      return { ok: false, path, message: `${path} is ${data.length} bytes, a tile of ${c.width} hashes is ${c.width * HASH_SIZE}` };
    }
    tiles.set(key(c), data);
  }
  for (const c of coords) {
    if (c.level === 0) continue;
    const data = tiles.get(key(c)) as Uint8Array;
    for (let i = 0; i < c.width; i++) {
      const child: TileCoordinate = { level: c.level - 1, index: c.index * TILE_WIDTH + i, width: TILE_WIDTH };
      const below = tiles.get(key(child)) as Uint8Array;
      if (!bytesEqual(tileRoot(below), data.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE))) {
        return { ok: false, path: tilePath(c), message: `hash ${i} of ${tilePath(c)} is not the root of ${tilePath(child)}: one of the two was altered` };
      }
    }
  }
  let root: Uint8Array;
  try {
    root = await treeHashFromTiles({ readTiles: (wanted) => Promise.resolve(wanted.map((w) => tiles.get(key(w)))) }, checkpoint.treeSize);
  } catch (error) {
    if (error instanceof LedgerException) return { ok: false, path: null, message: error.message };
    throw error;
  }
  if (!bytesEqual(root, checkpoint.rootHash)) {
    return { ok: false, path: null, message: `the tiles rebuild root ${toHex(root)}, the checkpoint says ${toHex(checkpoint.rootHash)} (a tile was altered)` };
  }
  return {
    ok: true,
    treeSize: checkpoint.treeSize,
    rootHash: toHex(root),
    tiles: coords.length,
    leafHash: (index) => {
      const tile = tiles.get(`0/${Math.floor(index / TILE_WIDTH)}`) as Uint8Array;
      const at = (index % TILE_WIDTH) * HASH_SIZE;
      return tile.subarray(at, at + HASH_SIZE);
    },
  };
}
