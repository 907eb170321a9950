import {
  ExportProblem,
  ExportVerifier,
  HASH_SIZE,
  MemoryTileStore,
  MerkleFrontier,
  TileAppender,
  tilePath,
  tilesForTreeSize,
  toHex,
  verifyTreeHeadSignature,
} from '@eastlake/ledger';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerHeadRow } from './ledger-head.entity.js';
import { toSignedHead } from './ledger-proofs.service.js';
import { LedgerTilesService } from './ledger-tiles.service.js';
import { LedgerService } from './ledger.service.js';
import { TreeHeadRow } from './tree-head.entity.js';

export interface LedgerVerification {
  ok: boolean;
  treeSize: number;
  rootHash: string;
  headsChecked: number;
  firstBadSeq: number | null;
  problem: string | null;
}

const VERIFY_BATCH = 5000;

/** The regulator's side of the ledger: verification over the stored rows, and the export. */
@Injectable()
export class LedgerAuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly tiles: LedgerTilesService,
  ) {}

  /**
   * Verifies the stored rows with the package's own export verifier (the one
   * `eastlake-verify` runs offline): seq continuity from 1, each entry's shape and seq,
   * every leaf hash recomputed, the root of the head row. On the way it checks every
   * signed tree head and published checkpoint at its size, and recomputes the tiles to
   * compare with the stored ones. Reports the first problem.
   */
  async verify(): Promise<LedgerVerification> {
    await this.ledger.flush();
    const manager = this.dataSource.manager;
    const headRow = await manager.findOneByOrFail(LedgerHeadRow, { id: 1 });
    const heads = await manager.find(TreeHeadRow, { order: { treeSize: 'ASC' } });
    const checkpoints: Array<{ tree_size: string; note: string }> = await manager.query(`SELECT tree_size, note FROM ledger_checkpoints ORDER BY tree_size`);
    const appender = new TileAppender();
    const recomputed = new MemoryTileStore();
    const headRoot = toHex(MerkleFrontier.fromState(headRow.frontier).root());
    const verifier = new ExportVerifier({ treeSize: headRow.size, rootHash: headRoot }, { onLeaf: (leaf) => appender.append(leaf) });
    let checkpointIndex = 0;
    let headIndex = 0;
    let headsChecked = 0;
    const fail = (seq: number | null, problem: string): LedgerVerification => ({
      ok: false,
      treeSize: verifier.entries,
      rootHash: verifier.rootHash,
      headsChecked,
      firstBadSeq: seq,
      problem,
    });
    const checkHeadsAtSize = (): string | null => {
      const size = verifier.entries;
      while (headIndex < heads.length && heads[headIndex].treeSize === size) {
        const head = toSignedHead(heads[headIndex++]);
        if (!verifyTreeHeadSignature(head)) return `the signed tree head of size ${head.treeSize} has a bad signature`;
        if (head.rootHash !== verifier.rootHash) {
          return `the first ${head.treeSize} entries no longer match the tree head signed at ${head.timestamp}`;
        }
        headsChecked++;
      }
      while (checkpointIndex < checkpoints.length && Number(checkpoints[checkpointIndex].tree_size) === size) {
        const published = checkpoints[checkpointIndex++];
        // The third line of the note is the base64 root (C2SP tlog-checkpoint).
        const root = published.note.split('\n')[2];
        if (root !== Buffer.from(verifier.rootHash, 'hex').toString('base64')) {
          return `the first ${size} entries no longer match the checkpoint published for that size`;
        }
      }
      return null;
    };
    const atZero = checkHeadsAtSize();
    if (atZero) return fail(null, atZero);

    let last = 0;
    for (;;) {
      const rows: Array<{ seq: string; entry: string; leaf_hash: string }> = await manager.query(
        `SELECT seq, entry, leaf_hash FROM ledger_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [last, VERIFY_BATCH],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = Number(row.seq);
        let entry: unknown;
        try {
          entry = JSON.parse(row.entry);
        } catch {
          return fail(seq, `entry ${seq} is not a well-formed ledger entry`);
        }
        const failure = verifier.addRecord({ seq, entry, leafHash: row.leaf_hash.trim() });
        // The head row's root is checked once, with the sizes and stored heads below.
        if (failure && failure.problem !== ExportProblem.ROOT_MISMATCH) return fail(failure.seq, failure.message);
        const headProblem = checkHeadsAtSize();
        if (headProblem) return fail(seq, headProblem);
      }
      recomputed.apply(appender.takeStrips());
      last = Number(rows[rows.length - 1].seq);
    }
    if (headIndex < heads.length) {
      return fail(verifier.entries + 1, `a tree head was signed for ${heads[heads.length - 1].treeSize} entries but only ${verifier.entries} remain`);
    }
    if (headRow.size !== verifier.entries || headRoot !== verifier.rootHash) {
      return fail(null, `the current head (${headRow.size} entries) does not match the ${verifier.entries} stored entries`);
    }
    if (checkpointIndex < checkpoints.length) {
      return fail(null, `a checkpoint was published for ${checkpoints[checkpoints.length - 1].tree_size} entries but only ${verifier.entries} remain`);
    }
    const tileProblem = await this.compareTiles(manager, recomputed, verifier.entries);
    if (tileProblem) return fail(null, tileProblem);
    return { ok: true, treeSize: verifier.entries, rootHash: verifier.rootHash, headsChecked, firstBadSeq: null, problem: null };
  }

  /** Compares every stored tile of the tree with the tiles recomputed from the entries. */
  private async compareTiles(manager: EntityManager, recomputed: MemoryTileStore, size: number): Promise<string | null> {
    const all = tilesForTreeSize(size);
    for (let i = 0; i < all.length; i += 256) {
      const chunk = all.slice(i, i + 256);
      const stored = await this.tiles.readTiles(manager, chunk);
      for (const [j, t] of chunk.entries()) {
        const expected = (recomputed.tile(t.level, t.index) as Uint8Array).subarray(0, t.width * HASH_SIZE);
        const got = stored[j];
        if (!got) return `${tilePath(t)} is missing`;
        if (Buffer.compare(Buffer.from(got), Buffer.from(expected)) !== 0) return `${tilePath(t)} does not match the stored entries`;
      }
    }
    return null;
  }

  /** Writes the export (one NDJSON line per entry, seq order from 1) in batches, with back-pressure. */
  async exportTo(write: (chunk: string) => Promise<void>): Promise<number> {
    const size = await this.ledger.size();
    let last = 0;
    while (last < size) {
      const rows: Array<{ seq: string; entry: string; leaf_hash: string }> = await this.dataSource.query(
        `SELECT seq, entry, leaf_hash FROM ledger_entries WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
        [last, size, VERIFY_BATCH],
      );
      if (rows.length === 0) break;
      // `entry` is stored as canonical JSON: spliced as it is, so the bytes hashed are the bytes served.
      await write(rows.map((r) => `{"seq":${Number(r.seq)},"entry":${r.entry},"leafHash":"${r.leaf_hash.trim()}"}\n`).join(''));
      last = Number(rows[rows.length - 1].seq);
    }
    return last;
  }
}
