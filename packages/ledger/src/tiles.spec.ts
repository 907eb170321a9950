import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { HASH_SIZE, toHex, utf8Bytes } from './encoding.js';
import { LedgerException } from './ledger.exception.js';
import { MerkleFrontier } from './merkle-frontier.js';
import { MerkleTree, consistencyProof, inclusionProof, subtreeHash } from './merkle-tree.js';
import { leafHashes } from './testing/merkle.factory.js';
import { consistencyProofFromTiles, inclusionProofFromTiles, treeHashFromTiles } from './tile-proofs.js';
import {
  MemoryTileStore,
  TileAppender,
  entryBundlePath,
  formatEntryBundle,
  formatTileIndex,
  parseEntryBundle,
  parseTilePath,
  recomputeTiles,
  tilePath,
  tileRoot,
  tileWidth,
  tilesForTreeSize,
  type TileCoordinate,
  type TileReader,
} from './tiles.js';

/** Tiles of the appender's store, by path, for comparison with a recomputation. */
function storedTiles(store: MemoryTileStore, size: number): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const t of tilesForTreeSize(size)) {
    const data = store.tile(t.level, t.index);
    out.set(tilePath(t), data ? data.slice(0, t.width * HASH_SIZE) : new Uint8Array(0));
  }
  return out;
}

function hexMap(tiles: Map<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries([...tiles].map(([k, v]) => [k, toHex(v)]));
}

/** Appends `leaves` in batches of the given sizes, resuming from the stored frontier each time. */
function appendInBatches(leaves: readonly Uint8Array[], batches: readonly number[]): MemoryTileStore {
  const store = new MemoryTileStore();
  let state = new MerkleFrontier().toState();
  let at = 0;
  let b = 0;
  while (at < leaves.length) {
    const n = Math.min(batches[b++ % batches.length] || 1, leaves.length - at);
    const appender = TileAppender.fromFrontier(state);
    for (const leaf of leaves.slice(at, at + n)) appender.append(leaf);
    store.apply(appender.takeStrips());
    state = appender.toState();
    at += n;
  }
  return store;
}

class CountingReader implements TileReader {
  calls = 0;
  tiles = 0;
  constructor(private readonly inner: TileReader) {}
  readTiles(tiles: readonly TileCoordinate[]) {
    this.calls++;
    this.tiles += tiles.length;
    return this.inner.readTiles(tiles);
  }
}

describe('C2SP tlog-tiles paths', () => {
  it.each([
    [0, '000'],
    [7, '007'],
    [999, '999'],
    [1000, 'x001/000'],
    [1234067, 'x001/x234/067'],
    [1_000_000_000, 'x001/x000/x000/000'],
  ])('encodes index %d as %s', (index, encoded) => {
    expect(formatTileIndex(index)).toBe(encoded);
  });

  it('writes hash tile and entry bundle paths, partial ones with .p/<W>', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 1, index: 0, width: 17 })).toBe('tile/1/000.p/17');
    expect(entryBundlePath(273, 112)).toBe('tile/entries/273.p/112');
    expect(entryBundlePath(1000, 256)).toBe('tile/entries/x001/000');
  });

  it('parses what it writes, and only canonical paths', () => {
    expect(parseTilePath('tile/0/x001/x234/067')).toEqual({ kind: 'hash', level: 0, index: 1234067, width: 256 });
    expect(parseTilePath('/tile/2/000.p/1')).toEqual({ kind: 'hash', level: 2, index: 0, width: 1 });
    expect(parseTilePath('tile/entries/x001/000.p/255')).toEqual({ kind: 'entries', index: 1000, width: 255 });
    for (const bad of ['tile/01/000', 'tile/0/0', 'tile/0/x000/001', 'tile/0/001/000', 'tile/0/000.p/256', 'tile/0/000.p/0', 'tile/0/000.p/07', 'tile/64/000', 'tile/0/x1/000', 'tiles/0/000', 'tile/0/000/']) {
      expect(parseTilePath(bad)).toBeUndefined();
    }
  });

  it('lists the tiles of the example tree of 70,000 leaves', () => {
    // "273 full level 0 tiles, one partial level 0 tile of width 112, one full level 1 tile,
    //  one partial level 1 tile of width 17, and one partial level 2 tile of width 1."
    const tiles = tilesForTreeSize(70_000);
    const level0 = tiles.filter((t) => t.level === 0);
    expect(level0.filter((t) => t.width === 256)).toHaveLength(273);
    expect(level0.filter((t) => t.width < 256)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(tiles.filter((t) => t.level === 1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(tiles.filter((t) => t.level === 2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(tiles.filter((t) => t.level > 2)).toEqual([]);
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
    expect(tilesForTreeSize(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(tilesForTreeSize(0)).toEqual([]);
    expect(tileWidth(0, 273, 70_000)).toBe(112);
    expect(tileWidth(0, 274, 70_000)).toBe(0);
  });
});

describe('tiles from the appender', () => {
  it('equal a recomputation for every size 0…1,000 (batches of 1…7, resumed from the frontier)', () => {
    const leaves = leafHashes(1000);
    const tree = MerkleTree.fromLeafHashes(leaves);
    const store = appendInBatches(leaves, [1, 3, 7, 2, 5]);
    for (let size = 0; size <= 1000; size++) {
      const expected = recomputeTiles(leaves.slice(0, size), (a, b) => subtreeHash(tree, a, b));
      expect(hexMap(storedTiles(store, size))).toEqual(hexMap(expected));
    }
  });

  it.each([255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 65_536 + 256])('equal a recomputation at the tile boundary %d', (size) => {
    const leaves = leafHashes(size, 'b');
    const tree = MerkleTree.fromLeafHashes(leaves);
    const store = appendInBatches(leaves, [1000, 1, 255, 4096]);
    const expected = recomputeTiles(leaves, (a, b) => subtreeHash(tree, a, b));
    expect(hexMap(storedTiles(store, size))).toEqual(hexMap(expected));
    // Each level-1 hash is the root of the full level-0 tile below it.
    const level1 = store.tile(1, 0);
    if (level1) expect(toHex(level1.subarray(0, 32))).toBe(toHex(tileRoot(store.tile(0, 0) as Uint8Array)));
  });

  it('keeps the same compact range as MerkleFrontier', () => {
    const leaves = leafHashes(777);
    const appender = new TileAppender();
    const frontier = new MerkleFrontier();
    for (const leaf of leaves) {
      appender.append(leaf);
      frontier.append(leaf);
    }
    expect(appender.toState()).toEqual(frontier.toState());
    expect(toHex(appender.root())).toBe(toHex(frontier.root()));
  });

  it('refuses a strip that does not continue its tile', () => {
    const store = MemoryTileStore.fromLeafHashes(leafHashes(3));
    expect(() => store.apply([{ level: 0, index: 0, start: 5, hashes: new Uint8Array(32) }])).toThrow(LedgerException);
  });
});

describe('proofs from tiles', () => {
  const leaves = leafHashes(5000, 'p');
  const tree = MerkleTree.fromLeafHashes(leaves);
  const store = MemoryTileStore.fromLeafHashes(leaves);

  it('equal the in-memory inclusion proofs (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5000 }), fc.nat(), async (size, i) => {
        const index = i % size;
        const fromTiles = await inclusionProofFromTiles(store, index, size);
        expect(fromTiles.map(toHex)).toEqual(inclusionProof(tree, index, size).map(toHex));
      }),
      { numRuns: 300 },
    );
  });

  it('equal the in-memory consistency proofs and roots (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), async (a, b) => {
        const [size1, size2] = a <= b ? [a, b] : [b, a];
        const fromTiles = await consistencyProofFromTiles(store, size1, size2);
        expect(fromTiles.map(toHex)).toEqual(consistencyProof(tree, size1, size2).map(toHex));
        expect(toHex(await treeHashFromTiles(store, size2))).toBe(toHex(tree.root(size2)));
      }),
      { numRuns: 300 },
    );
  });

  it('read the tiles in one batch, a few per level', async () => {
    const big = leafHashes(70_000, 'big');
    const bigStore = MemoryTileStore.fromLeafHashes(big);
    const reader = new CountingReader(bigStore);
    await inclusionProofFromTiles(reader, 12_345, 70_000);
    expect(reader.calls).toBe(1);
    expect(reader.tiles).toBeLessThanOrEqual(6);
    const again = new CountingReader(bigStore);
    await consistencyProofFromTiles(again, 33_333, 70_000);
    expect(again.calls).toBe(1);
    expect(again.tiles).toBeLessThanOrEqual(8);
  });

  it('fail with a clear error when a tile is missing or short', async () => {
    const empty = new MemoryTileStore();
    await expect(inclusionProofFromTiles(empty, 0, 10)).rejects.toThrow(/tile\/0\/000\.p\/\d+ is missing/);
    const short: TileReader = { readTiles: (tiles) => Promise.resolve(tiles.map(() => new Uint8Array(32))) };
    await expect(inclusionProofFromTiles(short, 0, 10)).rejects.toThrow(/holds 1 hashes/);
    await expect(inclusionProofFromTiles(store, 10, 10)).rejects.toThrow(LedgerException);
  });
});

describe('entry bundles', () => {
  it('prefix each entry with its two-byte big-endian length', () => {
    const bundle = formatEntryBundle([utf8Bytes('ab'), new Uint8Array(0), new Uint8Array(300).fill(7)]);
    expect(Array.from(bundle.subarray(0, 4))).toEqual([0x00, 0x02, 0x61, 0x62]);
    expect(Array.from(bundle.subarray(4, 8))).toEqual([0x00, 0x00, 0x01, 0x2c]);
    expect(bundle).toHaveLength(2 + 2 + 2 + 0 + 2 + 300);
    expect(parseEntryBundle(bundle).map((e) => e.length)).toEqual([2, 0, 300]);
    expect(() => parseEntryBundle(bundle.subarray(0, 7))).toThrow(/ends inside/);
    expect(() => formatEntryBundle([new Uint8Array(65_536)])).toThrow(/65,535/);
  });
});
