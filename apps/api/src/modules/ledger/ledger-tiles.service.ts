import { Injectable } from '@nestjs/common';
import { HASH_SIZE, TILE_WIDTH, formatEntryBundle, utf8Bytes, type TileCoordinate, type TileReader, type TileStrip } from '@eastlake/ledger';
import { DataSource, type EntityManager } from 'typeorm';

/** SQL and parameters that write a sequencing batch's tile strips (see {@link tileWriteStatement}). */
export interface TileWrite {
  tails: { level: number[]; idx: number[]; start: number[]; hashes: Buffer[] };
  full: { level: number[]; idx: number[]; last: Buffer[] };
}

/**
 * Splits a batch's strips into rows for `ledger_tile_tail` (hashes added to a still
 * partial tile) and tiles completed by this batch (written whole to `ledger_tiles`, from
 * their earlier tail rows and the last hashes, and their tail rows deleted).
 */
export function tileWrite(strips: readonly TileStrip[]): TileWrite {
  const write: TileWrite = { tails: { level: [], idx: [], start: [], hashes: [] }, full: { level: [], idx: [], last: [] } };
  for (const s of strips) {
    const hashes = Buffer.from(s.hashes.buffer, s.hashes.byteOffset, s.hashes.length);
    if (s.start + s.hashes.length / HASH_SIZE === TILE_WIDTH) {
      write.full.level.push(s.level);
      write.full.idx.push(s.index);
      write.full.last.push(hashes);
    } else {
      write.tails.level.push(s.level);
      write.tails.idx.push(s.index);
      write.tails.start.push(s.start);
      write.tails.hashes.push(hashes);
    }
  }
  return write;
}

/**
 * Data-modifying CTEs that store the tiles of a batch, to run in the sequencer's
 * statement. Parameters `$<first>…$<first+6>`. The CHECK on `ledger_tiles.data`
 * (8,192 bytes) makes a missing tail row fail the whole batch instead of storing a bad tile.
 */
export function tileWriteCtes(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `tail AS (
      INSERT INTO ledger_tile_tail (level, idx, start, hashes)
      SELECT * FROM unnest(${p(0)}::smallint[], ${p(1)}::bigint[], ${p(2)}::smallint[], ${p(3)}::bytea[])),
    full_tiles AS (
      INSERT INTO ledger_tiles (level, idx, data)
      SELECT c.level, c.idx,
             COALESCE((SELECT string_agg(t.hashes, ''::bytea ORDER BY t.start) FROM ledger_tile_tail t
                       WHERE t.level = c.level AND t.idx = c.idx), ''::bytea) || c.last
      FROM unnest(${p(4)}::smallint[], ${p(5)}::bigint[], ${p(6)}::bytea[]) AS c(level, idx, last)),
    compacted AS (
      DELETE FROM ledger_tile_tail t USING unnest(${p(4)}::smallint[], ${p(5)}::bigint[]) AS c(level, idx)
      WHERE t.level = c.level AND t.idx = c.idx)`;
}

/** The parameters of {@link tileWriteCtes}, in order. */
export function tileWriteParams(write: TileWrite): unknown[] {
  return [write.tails.level, write.tails.idx, write.tails.start, write.tails.hashes, write.full.level, write.full.idx, write.full.last];
}

/**
 * Reads the stored C2SP tiles: full tiles from `ledger_tiles`, partial ones assembled from
 * their tail rows — in one statement (one snapshot), however many tiles are asked for.
 */
@Injectable()
export class LedgerTilesService {
  constructor(private readonly dataSource: DataSource) {}

  /** A {@link TileReader} over the database (optionally inside a transaction). */
  reader(manager: EntityManager = this.dataSource.manager): TileReader {
    return { readTiles: (tiles) => this.readTiles(manager, tiles) };
  }

  async readTiles(manager: EntityManager, tiles: readonly TileCoordinate[]): Promise<Array<Uint8Array | undefined>> {
    if (tiles.length === 0) return [];
    const rows: Array<{ level: number; idx: string; data: Buffer }> = await manager.query(
      `WITH wanted AS (SELECT * FROM unnest($1::smallint[], $2::bigint[]) AS w(level, idx))
       SELECT t.level, t.idx, t.data FROM ledger_tiles t JOIN wanted w ON t.level = w.level AND t.idx = w.idx
       UNION ALL
       SELECT t.level, t.idx, string_agg(t.hashes, ''::bytea ORDER BY t.start)
       FROM ledger_tile_tail t JOIN wanted w ON t.level = w.level AND t.idx = w.idx
       GROUP BY t.level, t.idx`,
      [tiles.map((t) => t.level), tiles.map((t) => t.index)],
    );
    const found = new Map(rows.map((r) => [`${r.level}/${Number(r.idx)}`, r.data]));
    return tiles.map((t) => {
      const data = found.get(`${t.level}/${t.index}`);
      if (!data || data.length < t.width * HASH_SIZE) return undefined;
      return new Uint8Array(data.buffer, data.byteOffset, t.width * HASH_SIZE);
    });
  }

  /** One hash tile (`width` hashes), or undefined when the ledger has fewer. */
  async tile(level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    return (await this.readTiles(this.dataSource.manager, [{ level, index, width }]))[0];
  }

  /** The entry bundle of leaves `index·256 …` (`width` entries), or undefined when not all are sequenced. */
  async entryBundle(index: number, width: number): Promise<Uint8Array | undefined> {
    const first = index * TILE_WIDTH + 1;
    const rows: Array<{ entry: string }> = await this.dataSource.query(
      `SELECT entry FROM ledger_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq`,
      [first, first + width],
    );
    if (rows.length !== width) return undefined;
    return formatEntryBundle(rows.map((r) => utf8Bytes(r.entry)));
  }
}
