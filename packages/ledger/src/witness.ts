import { bytesEqual, fromBase64, toBase64 } from './encoding.js';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { signCosignature } from './cosignature.js';
import { LedgerException } from './ledger.exception.js';
import { verifyConsistency } from './proof-verifier.js';
import { formatSignatureLine, openSignedNote, parseSignedNote, type NoteVerifierKey } from './signed-note.js';
import { TLOG_SIZE_CONTENT_TYPE, parseAddCheckpointRequest } from './witness-protocol.js';

/** What a witness remembers of one log: the latest checkpoint it cosigned. */
export interface WitnessedLog {
  size: number;
  /** Base64 root hash. */
  rootHash: string;
  /** The checkpoint note as received. */
  checkpoint: string;
  /** When it was cosigned (POSIX seconds). */
  cosignedAt: number;
}

/** A refused request with a valid log signature: possible evidence of log misbehaviour. */
export interface WitnessEvidence {
  at: number;
  origin: string;
  reason: string;
  request: string;
}

/** An HTTP answer of the witness. */
export interface WitnessResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface WitnessOptions {
  /** The witness's key name, e.g. `regulator.example/witness`. */
  name: string;
  /** Its 32-byte Ed25519 secret seed. */
  secretSeed: Uint8Array;
  /** Logs it witnesses: Ed25519 note verifier keys, the origin is the key name. */
  logKeys: readonly NoteVerifierKey[];
  /** State loaded from disk (origin → latest cosigned checkpoint). */
  logs: Record<string, WitnessedLog>;
  /** Saves the state; the witness answers only after it resolved. */
  persist: (logs: Record<string, WitnessedLog>, evidence: WitnessEvidence | undefined) => Promise<void>;
  /** Clock in POSIX seconds (tests pin it). */
  now?: () => number;
}

const text = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): WitnessResponse => ({
  status,
  contentType,
  body: body.endsWith('\n') ? body : `${body}\n`,
});

/**
 * The C2SP tlog-witness `add-checkpoint` logic, independent of HTTP: verifies the log's
 * signature, checks the consistency proof from the size it cosigned last, refuses
 * rollbacks and forks, persists the new size, then cosigns (cosignature/v1). Requests are
 * handled one at a time, so the check and the update are atomic.
 */
export class Witness {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly logs: Record<string, WitnessedLog>;

  constructor(private readonly options: WitnessOptions) {
    this.logs = { ...options.logs };
  }

  /** The latest cosigned state per origin (a copy). */
  state(): Record<string, WitnessedLog> {
    return { ...this.logs };
  }

  /** Handles one `add-checkpoint` request body. Never throws. */
  addCheckpoint(body: string): Promise<WitnessResponse> {
    const run = this.queue.then(() => this.handle(body));
    this.queue = run.catch(() => undefined);
    return run.catch((error: unknown) => text(500, `internal error: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async handle(body: string): Promise<WitnessResponse> {
    let request;
    let checkpoint: Checkpoint;
    let noteText: string;
    try {
      request = parseAddCheckpointRequest(body);
      noteText = parseSignedNote(request.note).text;
      checkpoint = parseCheckpoint(noteText);
    } catch (error) {
      return text(400, error instanceof LedgerException ? error.message : 'malformed request');
    }
    const keys = this.options.logKeys.filter((k) => k.name === checkpoint.origin);
    if (keys.length === 0) return text(404, `unknown log ${checkpoint.origin}`);
    try {
      openSignedNote(request.note, keys);
    } catch (error) {
      return text(403, `the checkpoint is not signed by the key of ${checkpoint.origin}: ${(error as Error).message}`);
    }
    const { oldSize, proof } = request;
    if (oldSize > checkpoint.treeSize) return text(400, `old size ${oldSize} is larger than the checkpoint size ${checkpoint.treeSize}`);
    const known = this.logs[checkpoint.origin];
    const knownSize = known?.size ?? 0;
    if (oldSize !== knownSize) return text(409, String(knownSize), TLOG_SIZE_CONTENT_TYPE);
    const root = checkpoint.rootHash;
    if (known && oldSize === checkpoint.treeSize) {
      if (!bytesEqual(fromBase64(known.rootHash), root)) {
        await this.evidence(checkpoint.origin, `a second root for size ${oldSize}`, body);
        return text(409, `fork: the log already signed another root for size ${oldSize}`);
      }
    } else if (oldSize === 0) {
      if (proof.length !== 0) return text(422, 'the consistency proof from size 0 must be empty');
    } else if (!known || !verifyConsistency(oldSize, checkpoint.treeSize, proof, fromBase64(known.rootHash), root)) {
      await this.evidence(checkpoint.origin, `no valid consistency proof from ${oldSize} to ${checkpoint.treeSize}`, body);
      return text(422, `the consistency proof from size ${oldSize} to ${checkpoint.treeSize} does not verify`);
    }
    const now = Math.floor(this.options.now?.() ?? Date.now() / 1000);
    const next = { ...this.logs, [checkpoint.origin]: { size: checkpoint.treeSize, rootHash: toBase64(root), checkpoint: request.note, cosignedAt: now } };
    await this.options.persist(next, undefined);
    Object.assign(this.logs, next);
    const cosignature = signCosignature(noteText, this.options.name, this.options.secretSeed, now);
    return text(200, formatSignatureLine(cosignature));
  }

  private async evidence(origin: string, reason: string, request: string): Promise<void> {
    const now = Math.floor(this.options.now?.() ?? Date.now() / 1000);
    await this.options.persist(this.logs, { at: now, origin, reason, request });
  }
}
