import { HASH_SIZE, bytesEqual, hashFromHex, toHex } from './encoding.js';
import { emptyRoot, hashChildren } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { MerkleFrontier, type FrontierState } from './merkle-frontier.js';
import { half, isOdd } from './tree-math.js';

/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the Merkle tree stored as tiles of
 * height 8. The tile at level L, index N holds up to 256 consecutive hashes of the tree
 * nodes at height 8·L, nodes N·256 … N·256+255; a full tile is 8,192 bytes, a partial
 * tile (the rightmost at each level) holds 1…255 hashes and is served at `.p/<W>`.
 * Hashes never change once written, so a partial tile is a prefix of the full tile.
 */

/** Height of a tile (C2SP tlog-tiles uses 8). */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile. */
export const TILE_WIDTH = 256;

/** Which tile, and how many hashes of it (256 for a full tile). */
export interface TileCoordinate {
  level: number;
  index: number;
  width: number;
}

/** A parsed `tile/…` path: a hash tile, or an entry bundle (`tile/entries/…`). */
export type TilePath =
  | { kind: 'hash'; level: number; index: number; width: number }
  | { kind: 'entries'; index: number; width: number };

/** New hashes for one tile, as produced by {@link TileAppender}: `hashes` start at position `start`. */
export interface TileStrip {
  level: number;
  index: number;
  start: number;
  /** Concatenated 32-byte hashes. */
  hashes: Uint8Array;
}

function invalidTile(message: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_TILE, message);
}

/** `256^level`, exact for the levels a safe-integer tree can have. */
function span(level: number): number {
  return TILE_WIDTH ** level;
}

/** The index path element(s) of C2SP tlog-tiles: 1234067 → `x001/x234/067`. */
export function formatTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) invalidTile(`a tile index must be a non-negative integer (got ${String(index)})`);
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function widthSuffix(width: number): string {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) invalidTile(`a tile width is 1…256 (got ${String(width)})`);
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]` of a hash tile. */
export function tilePath(tile: TileCoordinate): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > 63) invalidTile('a tile level is 0…63');
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${widthSuffix(tile.width)}`;
}

/** `tile/entries/<N>[.p/<W>]` of an entry bundle. */
export function entryBundlePath(index: number, width: number): string {
  return `tile/entries/${formatTileIndex(index)}${widthSuffix(width)}`;
}

const INDEX_PATH = /^((?:x[0-9]{3}\/)*)([0-9]{3})$/;

function parseIndex(text: string): number | undefined {
  const match = INDEX_PATH.exec(text);
  if (!match) return undefined;
  const groups = [...match[1].split('/').filter((g) => g.length > 0).map((g) => g.slice(1)), match[2]];
  // No leading all-zero groups: the encoding of an index is unique.
  if (groups.length > 1 && groups[0] === '000') return undefined;
  if (groups.length > 6) return undefined;
  let n = 0;
  for (const g of groups) n = n * 1000 + Number(g);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` (a leading `/` is allowed).
 * @returns undefined when the path is not a well-formed tile path.
 */
export function parseTilePath(path: string): TilePath | undefined {
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const match = /^tile\/(entries|0|[1-9][0-9]?)\/([x0-9/]+?)(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(trimmed);
  if (!match) return undefined;
  const index = parseIndex(match[2]);
  if (index === undefined) return undefined;
  const width = match[3] === undefined ? TILE_WIDTH : Number(match[3]);
  // A partial tile is 1…255 wide; 256 is written without the `.p/` suffix.
  if (match[3] !== undefined && width >= TILE_WIDTH) return undefined;
  if (match[1] === 'entries') return { kind: 'entries', index, width };
  const level = Number(match[1]);
  if (level > 63) return undefined;
  return { kind: 'hash', level, index, width };
}

/**
 * How many hashes the tile at `level`, `index` holds in a tree of `treeSize` leaves:
 * 256 when full, 1…255 when partial, 0 when the tile does not exist yet.
 */
export function tileWidth(level: number, index: number, treeSize: number): number {
  const count = Math.floor(treeSize / span(level));
  return Math.max(0, Math.min(TILE_WIDTH, count - index * TILE_WIDTH));
}

/** Every tile of a tree of `treeSize` leaves (full ones and the partial ones), level by level. */
export function tilesForTreeSize(treeSize: number): TileCoordinate[] {
  const tiles: TileCoordinate[] = [];
  for (let level = 0; Math.floor(treeSize / span(level)) > 0; level++) {
    const count = Math.floor(treeSize / span(level));
    for (let index = 0; index * TILE_WIDTH < count; index++) {
      tiles.push({ level, index, width: Math.min(TILE_WIDTH, count - index * TILE_WIDTH) });
    }
  }
  return tiles;
}

/** Root of a full tile: the node at height 8·(level+1) its 256 hashes make. */
export function tileRoot(tile: Uint8Array): Uint8Array {
  if (tile.length !== TILE_WIDTH * HASH_SIZE) invalidTile('only a full tile has a root');
  return subtreeOfHashes(tile, 0, TILE_WIDTH);
}

/** Hash of the perfect subtree over `count` (a power of two) hashes of `tile` from `first`. */
function subtreeOfHashes(tile: Uint8Array, first: number, count: number): Uint8Array {
  let level: Uint8Array[] = [];
  for (let i = 0; i < count; i++) level.push(tile.subarray((first + i) * HASH_SIZE, (first + i + 1) * HASH_SIZE));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hashChildren(level[i], level[i + 1]));
    level = next;
  }
  return level[0].slice();
}

/**
 * Extends a tree leaf by leaf and reports, as {@link TileStrip}s, every hash that lands in
 * a tile: each leaf hash (level 0) and each node at height 8, 16, 24, … that the append
 * completes. It carries the same compact range as {@link MerkleFrontier}, so the sequencer
 * keeps storing `toState()` and resumes from it.
 */
export class TileAppender {
  private nodes: Uint8Array[] = [];
  private count = 0;
  private pending = new Map<string, { level: number; index: number; start: number; hashes: Uint8Array[] }>();

  /** Resumes from a stored frontier state. */
  static fromFrontier(state: FrontierState): TileAppender {
    MerkleFrontier.fromState(state); // validates the shape
    const appender = new TileAppender();
    appender.nodes = state.nodes.map((hex, i) => hashFromHex(hex, `frontier node ${i}`));
    appender.count = state.size;
    return appender;
  }

  get size(): number {
    return this.count;
  }

  /** Appends one 32-byte leaf hash. */
  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new LedgerException(LedgerExceptionCode.INVALID_HASH, 'leaf hash must be 32 bytes');
    const position = this.count;
    this.emit(0, position, leafHash);
    let node = leafHash;
    let height = 0;
    for (let s = position; isOdd(s); s = half(s)) {
      node = hashChildren(this.nodes.pop() as Uint8Array, node);
      height++;
      if (height % TILE_HEIGHT === 0) this.emit(height / TILE_HEIGHT, (position + 1) / 2 ** height - 1, node);
    }
    this.nodes.push(node);
    this.count++;
  }

  private emit(level: number, nodeIndex: number, hash: Uint8Array): void {
    const index = Math.floor(nodeIndex / TILE_WIDTH);
    const key = `${level}/${index}`;
    let strip = this.pending.get(key);
    if (!strip) {
      strip = { level, index, start: nodeIndex - index * TILE_WIDTH, hashes: [] };
      this.pending.set(key, strip);
    }
    strip.hashes.push(hash);
  }

  /** The hashes added since the last call, one strip per tile touched, lower levels first. */
  takeStrips(): TileStrip[] {
    const strips = [...this.pending.values()]
      .sort((a, b) => a.level - b.level || a.index - b.index)
      .map((s) => {
        const hashes = new Uint8Array(s.hashes.length * HASH_SIZE);
        s.hashes.forEach((h, i) => hashes.set(h, i * HASH_SIZE));
        return { level: s.level, index: s.index, start: s.start, hashes };
      });
    this.pending.clear();
    return strips;
  }

  /** Root of the tree so far. */
  root(): Uint8Array {
    if (this.nodes.length === 0) return emptyRoot();
    let root = this.nodes[this.nodes.length - 1];
    for (let i = this.nodes.length - 2; i >= 0; i--) root = hashChildren(this.nodes[i], root);
    return root.slice();
  }

  /** The compact range, as {@link MerkleFrontier.toState} writes it. */
  toState(): FrontierState {
    return { size: this.count, nodes: this.nodes.map(toHex) };
  }
}

/** Reads hash tiles, e.g. from a database or a directory of static files. */
export interface TileReader {
  /**
   * The bytes of each tile asked for, in order: at least `width` hashes of it (a reader
   * may return more — a wider or the full tile — since tiles only grow), or undefined
   * when it does not have the tile.
   */
  readTiles(tiles: readonly TileCoordinate[]): Promise<Array<Uint8Array | undefined>>;
}

/** An in-memory tile store fed with {@link TileStrip}s (tests, verifiers, tools). */
export class MemoryTileStore implements TileReader {
  private readonly tiles = new Map<string, Uint8Array>();

  /** Builds the tiles of the first leaves (all by default). */
  static fromLeafHashes(leafHashes: readonly Uint8Array[]): MemoryTileStore {
    const appender = new TileAppender();
    for (const leaf of leafHashes) appender.append(leaf);
    const store = new MemoryTileStore();
    store.apply(appender.takeStrips());
    return store;
  }

  /** Writes strips; a strip must continue the tile exactly where it ends. */
  apply(strips: readonly TileStrip[]): void {
    for (const strip of strips) {
      const key = `${strip.level}/${strip.index}`;
      const old = this.tiles.get(key) ?? new Uint8Array(0);
      if (old.length !== strip.start * HASH_SIZE) invalidTile(`strip for tile ${key} starts at ${strip.start}, the tile has ${old.length / HASH_SIZE} hashes`);
      const next = new Uint8Array(old.length + strip.hashes.length);
      next.set(old);
      next.set(strip.hashes, old.length);
      this.tiles.set(key, next);
    }
  }

  /** The stored hashes of a tile (all of them), or undefined. */
  tile(level: number, index: number): Uint8Array | undefined {
    return this.tiles.get(`${level}/${index}`);
  }

  /** Replaces a tile's bytes (tests use it to tamper). */
  put(level: number, index: number, bytes: Uint8Array): void {
    this.tiles.set(`${level}/${index}`, bytes);
  }

  readTiles(tiles: readonly TileCoordinate[]): Promise<Array<Uint8Array | undefined>> {
    return Promise.resolve(
      tiles.map((t) => {
        const data = this.tile(t.level, t.index);
        return data && data.length >= t.width * HASH_SIZE ? data.subarray(0, t.width * HASH_SIZE) : undefined;
      }),
    );
  }
}

/**
 * A `LeafHashSource` over tiles, used in two passes: `plan` records which tiles a proof
 * needs (the proof algorithms branch on indices only, never on hash values), then
 * `resolve` answers from the tiles read.
 */
class TileHashSource {
  private readonly needed = new Map<string, TileCoordinate>();
  private tiles: Map<string, Uint8Array> | undefined;

  leafHash(index: number): Uint8Array {
    return this.perfectSubtreeHash(0, index);
  }

  perfectSubtreeHash(height: number, index: number): Uint8Array {
    const level = Math.floor(height / TILE_HEIGHT);
    const r = height - level * TILE_HEIGHT;
    const first = index * 2 ** r; // first stored hash at height 8·level
    const tileIndex = Math.floor(first / TILE_WIDTH);
    const start = first - tileIndex * TILE_WIDTH;
    const count = 2 ** r;
    const key = `${level}/${tileIndex}`;
    if (!this.tiles) {
      const width = start + count;
      const known = this.needed.get(key);
      if (!known || known.width < width) this.needed.set(key, { level, index: tileIndex, width });
      return new Uint8Array(HASH_SIZE);
    }
    const tile = this.tiles.get(key);
    if (!tile) invalidTile(`tile ${key} was not read`);
    return subtreeOfHashes(tile, start, count);
  }

  plan(): TileCoordinate[] {
    return [...this.needed.values()];
  }

  resolve(tiles: Map<string, Uint8Array>): void {
    this.tiles = tiles;
  }
}

/**
 * Runs a proof computation over tiles: the tiles it needs are read in one call to the
 * reader (O(log n) tiles: about two per level for an inclusion proof), then the result is
 * computed from them.
 * @throws LedgerException `INVALID_TILE` when the reader lacks a tile or returns a short one.
 */
export async function computeFromTiles<T>(
  reader: TileReader,
  compute: (source: { leafHash(i: number): Uint8Array; perfectSubtreeHash(level: number, index: number): Uint8Array }) => T,
): Promise<T> {
  const source = new TileHashSource();
  compute(source);
  const plan = source.plan();
  const read = plan.length === 0 ? [] : await reader.readTiles(plan);
  const tiles = new Map<string, Uint8Array>();
  plan.forEach((t, i) => {
    const data = read[i];
    const path = tilePath(t);
    if (!data) invalidTile(`${path} is missing`);
    if (data.length % HASH_SIZE !== 0) invalidTile(`${path} is ${data.length} bytes, not a whole number of hashes`);
    if (data.length < t.width * HASH_SIZE) invalidTile(`${path} holds ${data.length / HASH_SIZE} hashes, ${t.width} needed`);
    tiles.set(`${t.level}/${t.index}`, data);
  });
  source.resolve(tiles);
  return compute(source);
}

/**
 * Recomputes every tile of the tree over `leafHashes` (all of them) straight from the
 * RFC 9162 definition — independent of {@link TileAppender}; tests and verifiers compare.
 */
export function recomputeTiles(
  leafHashes: readonly Uint8Array[],
  subtree: (start: number, end: number) => Uint8Array,
): Map<string, Uint8Array> {
  const tiles = new Map<string, Uint8Array>();
  for (const t of tilesForTreeSize(leafHashes.length)) {
    const data = new Uint8Array(t.width * HASH_SIZE);
    const size = span(t.level);
    for (let i = 0; i < t.width; i++) {
      const start = (t.index * TILE_WIDTH + i) * size;
      data.set(subtree(start, start + size), i * HASH_SIZE);
    }
    tiles.set(tilePath(t), data);
  }
  return tiles;
}

/** True when two tiles hold the same hashes. */
export function tilesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return bytesEqual(a, b);
}

/**
 * An entry bundle: each entry's bytes behind a two-byte big-endian length.
 * @throws LedgerException `INVALID_TILE` for an entry of more than 65,535 bytes.
 */
export function formatEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  const total = entries.reduce((n, e) => n + 2 + e.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const entry of entries) {
    if (entry.length > 0xffff) invalidTile(`an entry of ${entry.length} bytes does not fit an entry bundle (at most 65,535)`);
    out[at] = entry.length >> 8;
    out[at + 1] = entry.length & 0xff;
    out.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return out;
}

/** Splits an entry bundle into its entries. @throws LedgerException `INVALID_TILE` when truncated. */
export function parseEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) invalidTile('the entry bundle ends inside a length prefix');
    const length = (bundle[at] << 8) | bundle[at + 1];
    if (at + 2 + length > bundle.length) invalidTile('the entry bundle ends inside an entry');
    entries.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}
