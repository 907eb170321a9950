import { TileAppender, fromHex } from '@eastlake/ledger';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const BACKFILL_BATCH = 10_000;

/**
 * The ledger's Merkle tree as C2SP tlog-tiles (height 8), written by the sequencer in the
 * same transaction as the entries: `ledger_tiles` holds full tiles (8,192 bytes, immutable),
 * `ledger_tile_tail` the hashes of the rightmost, still partial tile of each level, one row
 * per sequencing batch (moved into a full tile, and deleted, when the tile fills).
 * `ledger_checkpoints` keeps every published C2SP checkpoint (a signed note with its
 * witness cosignatures), append-only. Existing entries are tiled here.
 */
export class LedgerTiles1764400006000 implements MigrationInterface {
  name = 'LedgerTiles1764400006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_tiles (
        level smallint NOT NULL CHECK (level >= 0 AND level < 64),
        idx bigint NOT NULL CHECK (idx >= 0),
        data bytea NOT NULL CHECK (length(data) = 8192),
        PRIMARY KEY (level, idx)
      )`);
    await q.query(`
      CREATE TABLE ledger_tile_tail (
        level smallint NOT NULL CHECK (level >= 0 AND level < 64),
        idx bigint NOT NULL CHECK (idx >= 0),
        start smallint NOT NULL CHECK (start >= 0 AND start < 256),
        hashes bytea NOT NULL CHECK (length(hashes) > 0 AND length(hashes) % 32 = 0 AND start + length(hashes) / 32 < 256),
        PRIMARY KEY (level, idx, start)
      )`);
    await q.query(`
      CREATE TABLE ledger_checkpoints (
        tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
        note text NOT NULL,
        cosignatures smallint NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const table of ['ledger_tiles', 'ledger_checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                     FOR EACH ROW EXECUTE FUNCTION ledger_reject_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change()`);
    }
    // Tail rows are only inserted, then deleted when their tile is full.
    await q.query(`CREATE TRIGGER ledger_tile_tail_no_update BEFORE UPDATE ON ledger_tile_tail
                   FOR EACH ROW EXECUTE FUNCTION ledger_reject_change()`);
    await this.backfill(q);
  }

  private async backfill(q: QueryRunner): Promise<void> {
    const appender = new TileAppender();
    let last = 0;
    for (;;) {
      const rows: Array<{ seq: string; leaf_hash: string }> = await q.query(
        `SELECT seq, leaf_hash FROM ledger_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [last, BACKFILL_BATCH],
      );
      if (rows.length === 0) break;
      for (const row of rows) appender.append(fromHex(row.leaf_hash.trim()));
      last = Number(rows[rows.length - 1].seq);
    }
    for (const strip of appender.takeStrips()) {
      const data = Buffer.from(strip.hashes);
      if (data.length === 8192) await q.query(`INSERT INTO ledger_tiles (level, idx, data) VALUES ($1, $2, $3)`, [strip.level, strip.index, data]);
      else await q.query(`INSERT INTO ledger_tile_tail (level, idx, start, hashes) VALUES ($1, $2, 0, $3)`, [strip.level, strip.index, data]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_checkpoints`);
    await q.query(`DROP TABLE ledger_tile_tail`);
    await q.query(`DROP TABLE ledger_tiles`);
  }
}
