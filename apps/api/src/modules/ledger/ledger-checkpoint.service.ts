import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  consistencyProofFromTiles,
  formatCheckpoint,
  formatSignedNote,
  postCheckpointToWitness,
  signNoteText,
  verifyCosignature,
  type NoteSignature,
} from '@eastlake/ledger';
import { ed25519SeedFromPem, verifierKeyOfSeed, type SigningKey } from '@eastlake/ledger/node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { LedgerException, LedgerExceptionCode } from './exceptions/ledger.exception.js';
import { LEDGER_SIGNING_KEY } from './ledger-signing-key.provider.js';
import { parseLedgerWitnesses, type LedgerWitness } from './ledger-witnesses.util.js';
import { LedgerTilesService } from './ledger-tiles.service.js';
import { LedgerService } from './ledger.service.js';

/** How often new checkpoints are pushed to the witnesses (only when witnesses are configured). */
const PUBLISH_INTERVAL_MS = 1000;
const WITNESS_TIMEOUT_MS = 5000;

/** The outcome of the last attempt to publish, per witness (shown on the admin ledger page). */
export interface PublishAttempt {
  treeSize: number;
  at: string;
  published: boolean;
  witnesses: Array<{ name: string; cosigned: boolean; problem: string | null }>;
}

/**
 * C2SP checkpoints of the ledger: a signed note (Ed25519, the tree-head key, key name =
 * origin) over a tlog-checkpoint body, pushed to every configured witness with a
 * consistency proof from the size that witness cosigned last (served from the tiles).
 * A checkpoint is published — stored and served — only with the quorum of valid
 * cosignatures; until then the previous published one is served.
 */
@Injectable()
export class LedgerCheckpointService implements OnModuleDestroy {
  readonly origin: string;
  readonly verifierKey: string;
  readonly witnesses: LedgerWitness[];
  readonly quorum: number;
  private readonly seed: Uint8Array;
  private readonly witnessSizes = new Map<string, number>();
  private publishing: Promise<void> = Promise.resolve();
  private lastAttempt: PublishAttempt | null = null;
  private readonly timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly tiles: LedgerTilesService,
    @Inject(LEDGER_SIGNING_KEY) key: SigningKey,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.origin = config.ledgerOrigin;
    this.seed = ed25519SeedFromPem(key.privateKeyPem);
    this.verifierKey = verifierKeyOfSeed(this.origin, this.seed);
    ({ witnesses: this.witnesses, quorum: this.quorum } = parseLedgerWitnesses(config.ledgerWitnesses, config.ledgerWitnessQuorum));
    if (this.witnesses.length > 0) {
      this.timer = setInterval(() => {
        this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'checkpoint publishing failed'));
      }, PUBLISH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.publishing;
  }

  /** What the last publishing attempt got from each witness. */
  attempt(): PublishAttempt | null {
    return this.lastAttempt;
  }

  private async latest(): Promise<{ treeSize: number; note: string } | undefined> {
    const rows: Array<{ tree_size: string; note: string }> = await this.dataSource.query(
      `SELECT tree_size, note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    return rows[0] ? { treeSize: Number(rows[0].tree_size), note: rows[0].note } : undefined;
  }

  /** Publishes a checkpoint of the current tree unless the latest one already covers it. */
  refresh(): Promise<void> {
    const run = this.publishing.then(async () => {
      if (this.stopped) return;
      const { size, root } = await this.ledger.current();
      const latest = await this.latest();
      if (latest && latest.treeSize >= size) return;
      await this.publish(size, root, latest?.treeSize ?? 0);
    });
    this.publishing = run.catch(() => undefined);
    return run;
  }

  /**
   * The latest published checkpoint (a signed note with its cosignatures), after trying to
   * publish one for the current tree.
   * @throws LedgerException `NO_CHECKPOINT` when none has reached the quorum yet.
   */
  async checkpoint(): Promise<string> {
    await this.refresh();
    const latest = await this.latest();
    if (!latest) {
      const got = this.lastAttempt?.witnesses.filter((w) => w.cosigned).length ?? 0;
      throw new LedgerException(
        LedgerExceptionCode.NO_CHECKPOINT,
        `no checkpoint has been published yet: ${got} of the ${this.quorum} witness cosignatures needed`,
      );
    }
    return latest.note;
  }

  private async publish(size: number, root: Uint8Array, publishedSize: number): Promise<void> {
    const text = formatCheckpoint({ origin: this.origin, treeSize: size, rootHash: root });
    const note = formatSignedNote(text, [signNoteText(text, this.origin, this.seed)]);
    const results = await Promise.all(this.witnesses.map((w) => this.cosign(w, note, text, size, publishedSize)));
    const cosignatures = results.flatMap((r) => (r.signature ? [r.signature] : []));
    const published = cosignatures.length >= this.quorum;
    this.lastAttempt = {
      treeSize: size,
      at: new Date().toISOString(),
      published,
      witnesses: this.witnesses.map((w, i) => ({ name: w.key.name, cosigned: Boolean(results[i].signature), problem: results[i].problem })),
    };
    if (!published) {
      this.logger.warn({ treeSize: size, cosignatures: cosignatures.length, quorum: this.quorum, problems: results.map((r) => r.problem).filter(Boolean) }, 'checkpoint not published: witness quorum not reached');
      return;
    }
    const signed = formatSignedNote(text, [signNoteText(text, this.origin, this.seed), ...cosignatures]);
    await this.dataSource.query(
      `INSERT INTO ledger_checkpoints (tree_size, note, cosignatures) VALUES ($1, $2, $3) ON CONFLICT (tree_size) DO NOTHING`,
      [size, signed, cosignatures.length],
    );
  }

  /** Pushes one checkpoint to one witness; retries once from the size a 409 names. */
  private async cosign(witness: LedgerWitness, note: string, text: string, size: number, publishedSize: number): Promise<{ signature?: NoteSignature; problem: string | null }> {
    let oldSize = this.witnessSizes.get(witness.url) ?? publishedSize;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (oldSize > size) return { problem: `the witness has cosigned ${oldSize} entries, more than this ledger holds (${size})` };
      const proof = oldSize === 0 || oldSize === size ? [] : await consistencyProofFromTiles(this.tiles.reader(), oldSize, size);
      const result = await postCheckpointToWitness(witness.url, { oldSize, proof, note }, { timeoutMs: WITNESS_TIMEOUT_MS });
      if (result.kind === 'conflict') {
        oldSize = result.witnessSize;
        continue;
      }
      if (result.kind === 'refused') {
        return { problem: result.status === 0 ? `unreachable: ${result.message}` : `HTTP ${result.status}: ${result.message}` };
      }
      for (const signature of result.signatures) {
        if (verifyCosignature(text, signature, witness.key)) {
          this.witnessSizes.set(witness.url, size);
          return { signature, problem: null };
        }
      }
      return { problem: 'the witness answered without a valid cosignature by its key' };
    }
    return { problem: 'the witness keeps answering 409 (its size changed twice)' };
  }
}
