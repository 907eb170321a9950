import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  MerkleFrontier,
  assertLedgerEntry,
  canonicalJson,
  canonicalEntry,
  consistencyProof,
  entryLeafHash,
  fromHex,
  inclusionProof,
  toHex,
  verifyTreeHeadSignature,
  type CanonicalValue,
  type LedgerActor,
  type LedgerEntry,
  type SignedTreeHead,
} from '@eastlake/ledger';
import { signTreeHead, type SigningKey } from '@eastlake/ledger/node';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import { LedgerEntryRow } from './ledger-entry.entity.js';
import { LedgerHeadRow } from './ledger-head.entity.js';
import { LEDGER_SIGNING_KEY } from './ledger-signing-key.provider.js';
import { TreeHeadRow } from './tree-head.entity.js';
import { LedgerException, LedgerExceptionCode } from './exceptions/ledger.exception.js';

export interface LedgerAppend {
  /** Dotted action, e.g. `account.registered`. */
  action: string;
  actor: LedgerActor;
  subject: { type: string; id: string };
  data?: { [key: string]: CanonicalValue };
}

export interface LedgerVerification {
  ok: boolean;
  treeSize: number;
  rootHash: string;
  headsChecked: number;
  firstBadSeq: number | null;
  problem: string | null;
}

const VERIFY_BATCH = 5000;
/** Entries sequenced per transaction. */
const BATCH = 5000;
/** Rows per INSERT statement (8 parameters a row, PostgreSQL allows 65,535). */
const INSERT_CHUNK = 1000;
const POLL_MS = 1000;
const KICK_DELAY_MS = 5;
const MAX_PAGE = 1000;

/**
 * The audit ledger inside the API.
 *
 * `append` joins the caller's transaction: it queues the entry (timestamp, actor,
 * action, subject, data) in `ledger_pending`, so the business change and its entry
 * commit together or not at all, and concurrent writers never wait for each other.
 * The sequencer then moves committed entries into `ledger_entries` in batches: under
 * the head row locked `FOR UPDATE` inside PostgreSQL it numbers them without gaps,
 * hashes them and extends the Merkle frontier — one lock and one commit per batch,
 * whichever API process runs it. Every read flushes the queue first, so a reader sees
 * every change committed before its call.
 */
@Injectable()
export class LedgerService implements OnModuleDestroy {
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly poll: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LEDGER_SIGNING_KEY) private readonly key: SigningKey,
  ) {
    // Entries queued by other processes, or committed after the last drain, are picked up here.
    this.poll = setInterval(() => this.kick(), POLL_MS);
    this.poll.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    await this.draining;
  }

  async append(manager: EntityManager, input: LedgerAppend): Promise<void> {
    await this.appendMany(manager, [input]);
  }

  /** Queues several entries in the caller's transaction with one statement. */
  async appendMany(manager: EntityManager, inputs: LedgerAppend[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new LedgerException(
        LedgerExceptionCode.OUTSIDE_TRANSACTION,
        'ledger entries are appended inside the transaction of the change they record',
      );
    }
    if (inputs.length === 0) return;
    const at = new Date().toISOString();
    // canonicalJson rejects floats and other non-canonical values here, inside the business transaction.
    const payloads = inputs.map((input) =>
      canonicalJson({
        at,
        actor: { ...input.actor },
        action: input.action,
        subject: { type: input.subject.type, id: input.subject.id },
        data: input.data ?? {},
      }),
    );
    await manager.query(`INSERT INTO ledger_pending (payload) SELECT unnest($1::text[])`, [payloads]);
    setTimeout(() => this.kick(), KICK_DELAY_MS).unref();
  }

  /** Starts a drain unless one is running; a running drain goes round once more. */
  private kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.sequenceBatch()) > 0);
        } while (this.again && !this.stopped);
      } catch {
        // The next poll retries; reads flush and surface errors themselves.
      } finally {
        this.draining = null;
      }
    })();
  }

  /** Sequences every entry committed to the queue before this call. */
  async flush(): Promise<void> {
    while ((await this.sequenceBatch()) > 0);
  }

  /** Moves one batch from the queue into the ledger. @returns how many entries it moved. */
  private async sequenceBatch(): Promise<number> {
    const waiting: unknown[] = await this.dataSource.query(`SELECT 1 FROM ledger_pending LIMIT 1`);
    if (waiting.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const head = await manager.findOneOrFail(LedgerHeadRow, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      const pending: Array<{ id: string; payload: string }> = await manager.query(
        `WITH moved AS (
           DELETE FROM ledger_pending WHERE id IN (SELECT id FROM ledger_pending ORDER BY id LIMIT $1)
           RETURNING id, payload)
         SELECT id, payload FROM moved ORDER BY id`,
        [BATCH],
      );
      if (pending.length === 0) return 0;
      const frontier = MerkleFrontier.fromState(head.frontier);
      const rows = pending.map((p, i) => {
        const queued = JSON.parse(p.payload) as Omit<LedgerEntry, 'seq'>;
        const entry: LedgerEntry = { seq: head.size + 1 + i, ...queued };
        const leafHash = entryLeafHash(entry);
        frontier.append(leafHash);
        return {
          seq: entry.seq,
          at: new Date(entry.at),
          action: entry.action,
          subjectType: entry.subject.type,
          subjectId: entry.subject.id,
          actorUserId: entry.actor.userId,
          entry: canonicalEntry(entry),
          leafHash: toHex(leafHash),
        };
      });
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await manager.insert(LedgerEntryRow, rows.slice(i, i + INSERT_CHUNK));
      }
      await manager.update(LedgerHeadRow, { id: 1 }, { size: frontier.size, frontier: frontier.toState() });
      return rows.length;
    });
  }

  /** Entries in the ledger, after sequencing everything already committed. */
  async size(): Promise<number> {
    await this.flush();
    return (await this.dataSource.manager.findOneByOrFail(LedgerHeadRow, { id: 1 })).size;
  }

  /** The signed head of the current tree; signs and stores a new one when the tree grew. */
  async head(): Promise<SignedTreeHead> {
    await this.flush();
    const manager = this.dataSource.manager;
    const current = await manager.findOneByOrFail(LedgerHeadRow, { id: 1 });
    const stored = await manager.findOneBy(TreeHeadRow, { treeSize: current.size });
    if (stored) return this.toHead(stored);
    const root = MerkleFrontier.fromState(current.frontier).root();
    const signed = signTreeHead(this.key.privateKeyPem, {
      treeSize: current.size,
      rootHash: toHex(root),
      timestamp: new Date().toISOString(),
    });
    await manager
      .createQueryBuilder()
      .insert()
      .into(TreeHeadRow)
      .values({ ...signed, timestamp: String(signed.timestamp) })
      .orIgnore()
      .execute();
    // Another process may have signed the same size first: serve the stored one.
    return this.toHead(await manager.findOneByOrFail(TreeHeadRow, { treeSize: current.size }));
  }

  private toHead(row: TreeHeadRow): SignedTreeHead {
    return {
      treeSize: row.treeSize,
      rootHash: row.rootHash,
      timestamp: row.timestamp,
      signature: row.signature,
      publicKey: row.publicKey,
    };
  }

  async entries(args: { after?: number; first?: number; subjectId?: string }): Promise<LedgerEntryRow[]> {
    await this.flush();
    const first = Math.min(Math.max(args.first ?? 100, 1), MAX_PAGE);
    return this.dataSource.manager.find(LedgerEntryRow, {
      where: { seq: MoreThan(args.after ?? 0), ...(args.subjectId ? { subjectId: args.subjectId } : {}) },
      order: { seq: 'ASC' },
      take: first,
    });
  }

  private async leafHashes(treeSize: number): Promise<Uint8Array[]> {
    const rows: Array<{ leaf_hash: string }> = await this.dataSource.query(
      `SELECT leaf_hash FROM ledger_entries WHERE seq <= $1 ORDER BY seq`,
      [treeSize],
    );
    if (rows.length !== treeSize) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `the ledger holds ${rows.length} of the ${treeSize} entries asked for`);
    }
    return rows.map((r) => fromHex(r.leaf_hash));
  }

  async inclusionProof(seq: number, treeSize: number): Promise<{ leafIndex: number; treeSize: number; leafHash: string; auditPath: string[] }> {
    const size = await this.size();
    if (!Number.isInteger(treeSize) || treeSize < 1 || treeSize > size) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `treeSize must be between 1 and the ledger size ${size}`);
    }
    if (!Number.isInteger(seq) || seq < 1 || seq > treeSize) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `seq must be between 1 and treeSize ${treeSize}`);
    }
    const leaves = await this.leafHashes(treeSize);
    return {
      leafIndex: seq - 1,
      treeSize,
      leafHash: toHex(leaves[seq - 1]),
      auditPath: inclusionProof(leaves, seq - 1, treeSize).map(toHex),
    };
  }

  async consistencyProof(fromSize: number, toSize: number): Promise<{ fromSize: number; toSize: number; proof: string[] }> {
    const size = await this.size();
    if (!Number.isInteger(toSize) || toSize < 1 || toSize > size) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `toSize must be between 1 and the ledger size ${size}`);
    }
    if (!Number.isInteger(fromSize) || fromSize < 1 || fromSize > toSize) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `fromSize must be between 1 and toSize ${toSize}`);
    }
    const leaves = await this.leafHashes(toSize);
    return { fromSize, toSize, proof: consistencyProof(leaves, fromSize, toSize).map(toHex) };
  }

  /**
   * Recomputes every leaf hash from its stored entry, checks the sequence, the root in
   * the head row and every signed tree head ever stored. Reports the first problem.
   */
  async verify(): Promise<LedgerVerification> {
    await this.flush();
    const manager = this.dataSource.manager;
    const headRow = await manager.findOneByOrFail(LedgerHeadRow, { id: 1 });
    const heads = await manager.find(TreeHeadRow, { order: { treeSize: 'ASC' } });
    const frontier = new MerkleFrontier();
    let headIndex = 0;
    let headsChecked = 0;
    const fail = (seq: number | null, problem: string): LedgerVerification => ({
      ok: false,
      treeSize: frontier.size,
      rootHash: toHex(frontier.root()),
      headsChecked,
      firstBadSeq: seq,
      problem,
    });
    const checkHeadsAtSize = (): string | null => {
      while (headIndex < heads.length && heads[headIndex].treeSize === frontier.size) {
        const head = this.toHead(heads[headIndex++]);
        if (!verifyTreeHeadSignature(head)) return `the signed tree head of size ${head.treeSize} has a bad signature`;
        if (head.rootHash !== toHex(frontier.root())) {
          return `the first ${head.treeSize} entries no longer match the tree head signed at ${head.timestamp}`;
        }
        headsChecked++;
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
        const expected = frontier.size + 1;
        if (seq !== expected) return fail(expected, `entry ${expected} is missing (the next stored entry is ${seq})`);
        let entry: LedgerEntry;
        try {
          entry = assertLedgerEntry(JSON.parse(row.entry));
        } catch {
          return fail(seq, `entry ${seq} is not a well-formed ledger entry`);
        }
        if (entry.seq !== seq) return fail(seq, `entry stored at ${seq} says it is entry ${entry.seq}`);
        const leaf = entryLeafHash(entry);
        if (toHex(leaf) !== row.leaf_hash.trim()) return fail(seq, `entry ${seq} does not match its leaf hash`);
        frontier.append(leaf);
        const headProblem = checkHeadsAtSize();
        if (headProblem) return fail(seq, headProblem);
      }
      last = Number(rows[rows.length - 1].seq);
    }
    if (headIndex < heads.length) {
      return fail(frontier.size + 1, `a tree head was signed for ${heads[heads.length - 1].treeSize} entries but only ${frontier.size} remain`);
    }
    if (headRow.size !== frontier.size || toHex(MerkleFrontier.fromState(headRow.frontier).root()) !== toHex(frontier.root())) {
      return fail(null, `the current head (${headRow.size} entries) does not match the ${frontier.size} stored entries`);
    }
    return { ok: true, treeSize: frontier.size, rootHash: toHex(frontier.root()), headsChecked, firstBadSeq: null, problem: null };
  }

  /** Writes the export (one NDJSON line per entry, seq order from 1) in batches, with back-pressure. */
  async exportTo(write: (chunk: string) => Promise<void>): Promise<number> {
    const size = await this.size();
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
