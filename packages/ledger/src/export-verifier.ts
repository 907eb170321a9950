import { bytesEqualLowerHex, isHashHex, toHex } from './encoding.js';
import { LedgerException } from './ledger.exception.js';
import { entryLeafHash } from './ledger-entry.js';
import { MerkleFrontier } from './merkle-frontier.js';
import { publicKeyFingerprint, verifyTreeHeadSignature, type SignedTreeHead } from './tree-head.js';

/** What is wrong with an export, in the order the checks run. */
export enum ExportProblem {
  /** The head's signature does not verify (against the trusted key, when one is given). */
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  /** A line is not JSON at all: unreadable input rather than evidence about an entry. */
  NOT_JSON = 'NOT_JSON',
  /** A line is JSON but not `{"seq", "entry", "leafHash"}`. */
  MALFORMED_RECORD = 'MALFORMED_RECORD',
  /** The record's seq is not the next one: an entry was deleted, inserted or reordered. */
  SEQ_DISCONTINUITY = 'SEQ_DISCONTINUITY',
  /** `entry.seq` differs from the record's seq. */
  ENTRY_SEQ_MISMATCH = 'ENTRY_SEQ_MISMATCH',
  /** The entry does not have the contract shape or holds floats etc. */
  INVALID_ENTRY = 'INVALID_ENTRY',
  /** The entry does not hash to the record's leafHash: the entry was edited. */
  LEAF_HASH_MISMATCH = 'LEAF_HASH_MISMATCH',
  /** Fewer entries than the signed head's treeSize. */
  TRUNCATED = 'TRUNCATED',
  /** The first treeSize leaves do not hash to the signed root: history was rewritten. */
  ROOT_MISMATCH = 'ROOT_MISMATCH',
}

/** The first problem found; `seq` is the first bad sequence number when one can be named. */
export interface ExportFailure {
  ok: false;
  problem: ExportProblem;
  seq: number | null;
  /** 1-based line number in the NDJSON input, when the problem is tied to a line. */
  line: number | null;
  message: string;
}

/** A verified export. */
export interface ExportSuccess {
  ok: true;
  /** Entries covered by the signed head. */
  treeSize: number;
  /** The signed root, recomputed (lower-case hex). */
  rootHash: string;
  /** Entries read and checked, including any after treeSize (not covered by the signature). */
  entries: number;
}

/** Outcome of {@link verifyExport} / {@link ExportVerifier.finish}. */
export type ExportVerification = ExportSuccess | ExportFailure;

/**
 * A tree size and root the caller has already authenticated — e.g. from a C2SP checkpoint
 * whose note signature (and cosignatures) it verified — to check an export against.
 */
export interface AuthenticatedRoot {
  treeSize: number;
  /** Lower-case hex root hash. */
  rootHash: string;
}

/** Options for export verification. */
export interface ExportVerifierOptions {
  /**
   * The exchange's published public key (SPKI PEM). Without it the signature is checked
   * against the key inside the head, which only proves the head was not altered after
   * signing, not who signed it.
   */
  trustedPublicKey?: string;
  /** Called with each accepted entry's leaf hash, in order (e.g. to recompute tiles alongside). */
  onLeaf?: (leafHash: Uint8Array) => void;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Streaming verifier of a ledger export (`{"seq": n, "entry": {...}, "leafHash": "hex"}` per
 * line, seq from 1) against a signed tree head. Memory stays O(log n): only the Merkle
 * frontier is kept. Feed lines in order with {@link ExportVerifier.addLine}, then call
 * {@link ExportVerifier.finish}; the first problem found is final.
 */
export class ExportVerifier {
  private readonly frontier = new MerkleFrontier();
  private readonly expectedRoot: string;
  private failure: ExportFailure | undefined;
  private lineNumber = 0;

  private readonly onLeaf: ((leafHash: Uint8Array) => void) | undefined;

  constructor(
    private readonly head: SignedTreeHead | AuthenticatedRoot,
    options: ExportVerifierOptions = {},
  ) {
    this.onLeaf = options.onLeaf;
    this.expectedRoot = head.rootHash.toLowerCase();
    if ('signature' in head && !verifyTreeHeadSignature(head, options.trustedPublicKey)) {
      const signer = options.trustedPublicKey ?? head.publicKey;
      let fingerprint = 'an unreadable key';
      try {
        fingerprint = `key ${publicKeyFingerprint(signer).slice(0, 16)}…`;
      } catch {
        // keep the generic wording
      }
      this.fail(
        ExportProblem.BAD_SIGNATURE,
        null,
        `bad signature: the tree head (treeSize ${head.treeSize}) is not validly signed by ${fingerprint}`,
      );
    }
  }

  /** Number of entries accepted so far. */
  get entries(): number {
    return this.frontier.size;
  }

  /** The root (lower-case hex) of the entries accepted so far: lets a caller check other heads on the way. */
  get rootHash(): string {
    return toHex(this.frontier.root());
  }

  /** The first problem found so far, if any. */
  get problem(): ExportFailure | undefined {
    return this.failure;
  }

  /** Checks one NDJSON line (blank lines are skipped). Returns the failure once there is one. */
  addLine(line: string): ExportFailure | undefined {
    this.lineNumber++;
    if (this.failure) return this.failure;
    if (line.trim() === '') return undefined;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return this.fail(ExportProblem.NOT_JSON, null, `line ${this.lineNumber} is not valid JSON`);
    }
    return this.addRecord(record);
  }

  /** Checks one parsed export record. Returns the failure once there is one. */
  addRecord(record: unknown): ExportFailure | undefined {
    if (this.failure) return this.failure;
    const seq = this.frontier.size + 1;
    if (
      !isObject(record) ||
      !('seq' in record) ||
      !('entry' in record) ||
      !('leafHash' in record)
    ) {
      return this.fail(
        ExportProblem.MALFORMED_RECORD,
        seq,
        'record is not {"seq", "entry", "leafHash"}',
      );
    }
    if (record.seq !== seq) {
      return this.fail(
        ExportProblem.SEQ_DISCONTINUITY,
        seq,
        `sequence discontinuity: expected seq ${seq}, found seq ${JSON.stringify(record.seq)} (entry missing or out of order)`,
      );
    }
    const entry: unknown = record.entry;
    if (isObject(entry) && entry.seq !== seq) {
      return this.fail(
        ExportProblem.ENTRY_SEQ_MISMATCH,
        seq,
        `entry.seq is ${JSON.stringify(entry.seq)}, the record says ${seq}`,
      );
    }
    let leafHash: Uint8Array;
    try {
      leafHash = entryLeafHash(entry);
    } catch (error) {
      const why = error instanceof LedgerException ? error.message : String(error);
      return this.fail(ExportProblem.INVALID_ENTRY, seq, `invalid entry: ${why}`);
    }
    // Compare in place first; validate the format and build strings only when it differs.
    const given = record.leafHash;
    if (typeof given !== 'string' || !bytesEqualLowerHex(leafHash, given)) {
      if (!isHashHex(given)) {
        return this.fail(ExportProblem.MALFORMED_RECORD, seq, 'leafHash is not 64 hex characters');
      }
      const computed = toHex(leafHash);
      if (computed !== given.toLowerCase()) {
        return this.fail(
          ExportProblem.LEAF_HASH_MISMATCH,
          seq,
          `leaf hash mismatch: the entry hashes to ${computed}, the export says ${given} (entry edited)`,
        );
      }
    }
    this.frontier.append(leafHash);
    this.onLeaf?.(leafHash);
    if (this.frontier.size === this.head.treeSize) this.checkRoot();
    return this.failure;
  }

  /** Ends the input and returns the verdict. */
  finish(): ExportVerification {
    if (this.failure) return this.failure;
    const size = this.frontier.size;
    if (this.head.treeSize === 0) this.checkRoot();
    else if (size < this.head.treeSize) {
      this.fail(
        ExportProblem.TRUNCATED,
        size + 1,
        `export ends after ${size} entries but the signed head covers ${this.head.treeSize} (truncated tail)`,
      );
    }
    if (this.failure) return this.failure;
    return { ok: true, treeSize: this.head.treeSize, rootHash: this.expectedRoot, entries: size };
  }

  private checkRoot(): void {
    const root = toHex(this.frontier.root());
    if (root !== this.expectedRoot) {
      this.fail(
        ExportProblem.ROOT_MISMATCH,
        null,
        `root mismatch: the first ${this.head.treeSize} entries hash to ${root}, the signed head says ${this.expectedRoot} (history rewritten)`,
      );
    }
  }

  private fail(problem: ExportProblem, seq: number | null, message: string): ExportFailure {
    // Signature, truncation and root problems concern the whole export, not one line.
    const wholeExport = [
      ExportProblem.BAD_SIGNATURE,
      ExportProblem.ROOT_MISMATCH,
      ExportProblem.TRUNCATED,
    ];
    const line = wholeExport.includes(problem) ? null : this.lineNumber;
    this.failure = { ok: false, problem, seq, line, message };
    return this.failure;
  }
}

/** Options for {@link verifyExport}. */
export interface VerifyExportOptions extends ExportVerifierOptions {
  /** Called every `progressEvery` entries with the count so far. */
  onProgress?: (entries: number) => void;
  /** Default 50 000. */
  progressEvery?: number;
}

/**
 * Verifies an NDJSON ledger export against a signed tree head: the signature, seq
 * continuity from 1, `entry.seq`, every leaf hash recomputed from its entry, and the
 * Merkle root over the first `treeSize` leaves. Stops at the first problem.
 * Works on any (async) iterable of lines, in browsers and Node.
 */
export function verifyExport(
  lines: Iterable<string> | AsyncIterable<string>,
  head: SignedTreeHead,
  options: VerifyExportOptions = {},
): Promise<ExportVerification> {
  async function* single(): AsyncGenerator<readonly string[]> {
    for await (const line of lines) yield [line];
  }
  return verifyExportBatches(single(), head, options);
}

/**
 * {@link verifyExport} over batches of lines (e.g. one batch per chunk read), which is
 * cheaper than one async step per line for large files.
 */
export async function verifyExportBatches(
  batches: Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
  head: SignedTreeHead,
  options: VerifyExportOptions = {},
): Promise<ExportVerification> {
  const verifier = new ExportVerifier(head, options);
  if (verifier.problem) return verifier.problem;
  const every = options.progressEvery ?? 50_000;
  let next = every;
  for await (const batch of batches) {
    for (const line of batch) {
      if (verifier.addLine(line)) return verifier.finish();
      if (options.onProgress && verifier.entries >= next) {
        options.onProgress(verifier.entries);
        next += every;
      }
    }
  }
  return verifier.finish();
}
