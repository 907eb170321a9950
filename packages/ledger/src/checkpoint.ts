import { HASH_SIZE, fromBase64, toBase64 } from './encoding.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the body of a signed note —
 * origin line, tree size in decimal, base64 root hash, then optional extension lines.
 */
export interface Checkpoint {
  /** Unique identifier of the log, e.g. `eastlake.local/ledger`. */
  origin: string;
  treeSize: number;
  /** RFC 6962 / RFC 9162 Merkle tree hash of the first `treeSize` entries (32 bytes). */
  rootHash: Uint8Array;
  /** Opaque extension lines (not recommended; EastLake writes none). */
  extensions: string[];
}

function invalid(message: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_CHECKPOINT, message);
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Parses a decimal tree size: ASCII digits, no leading zeros, a safe integer. */
export function parseTreeSize(text: string, what = 'tree size'): number {
  if (!DECIMAL.test(text)) invalid(`${what} must be a decimal number without leading zeros (got ${JSON.stringify(text.slice(0, 40))})`);
  const size = Number(text);
  if (!Number.isSafeInteger(size)) invalid(`${what} ${text} is too large`);
  return size;
}

/** The checkpoint body (the note text), final newline included. */
export function formatCheckpoint(checkpoint: Omit<Checkpoint, 'extensions'> & { extensions?: string[] }): string {
  const { origin, treeSize, rootHash } = checkpoint;
  const extensions = checkpoint.extensions ?? [];
  if (typeof origin !== 'string' || origin.length === 0 || origin.includes('\n')) invalid('the origin must be one non-empty line');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) invalid('the tree size must be a non-negative integer');
  if (rootHash.length !== HASH_SIZE) invalid('the root hash must be 32 bytes');
  for (const line of extensions) {
    if (line.length === 0 || line.includes('\n')) invalid('extension lines must be non-empty single lines');
  }
  return [origin, String(treeSize), toBase64(rootHash), ...extensions].map((l) => `${l}\n`).join('');
}

/**
 * Parses a checkpoint body (the text of the signed note, final newline included).
 * @throws LedgerException `INVALID_CHECKPOINT` naming the bad line.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) invalid('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) invalid('a checkpoint has an origin, a tree size and a root hash line');
  const [origin, size, root, ...extensions] = lines;
  if (origin.length === 0) invalid('the origin line is empty');
  const treeSize = parseTreeSize(size);
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(root);
  } catch {
    invalid('the root hash line is not base64');
  }
  if (rootHash.length !== HASH_SIZE) invalid(`the root hash is ${rootHash.length} bytes, not 32`);
  if (extensions.some((l) => l.length === 0)) invalid('extension lines must be non-empty');
  return { origin, treeSize, rootHash, extensions };
}
