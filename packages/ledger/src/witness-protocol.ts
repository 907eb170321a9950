import { HASH_SIZE, fromBase64, toBase64 } from './encoding.js';
import { parseTreeSize } from './checkpoint.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { parseSignatureLines, type NoteSignature } from './signed-note.js';

/**
 * C2SP tlog-witness (https://c2sp.org/tlog-witness) `add-checkpoint`: the request body
 * is `old <size>\n`, up to 63 consistency proof lines (base64 hashes), a blank line and
 * the checkpoint note; the answer is 200 with cosignature lines, or 409 with the
 * witness's size (`text/x.tlog.size`), 400, 403, 404 or 422.
 */

/** Most consistency proof lines a request may carry. */
export const MAX_PROOF_LINES = 63;
/** Content type of the 409 answer. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** The checkpoint as a signed note. */
  note: string;
}

function invalid(message: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_NOTE, message);
}

/** The request body of `add-checkpoint`. */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (request.proof.length > MAX_PROOF_LINES) invalid(`a consistency proof has at most ${MAX_PROOF_LINES} hashes`);
  return `old ${request.oldSize}\n${request.proof.map((h) => `${toBase64(h)}\n`).join('')}\n${request.note}`;
}

/** Parses an `add-checkpoint` request body. @throws LedgerException `INVALID_NOTE` when malformed. */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) invalid('the request has an old size line, proof lines, a blank line and the checkpoint');
  const lines = body.slice(0, blank).split('\n');
  const first = lines[0];
  if (!first.startsWith('old ')) invalid('the first line is "old <size>"');
  const oldSize = parseTreeSize(first.slice(4), 'old size');
  const proofLines = lines.slice(1);
  if (proofLines.length > MAX_PROOF_LINES) invalid(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = proofLines.map((line, i) => {
    let hash: Uint8Array;
    try {
      hash = fromBase64(line);
    } catch {
      invalid(`consistency proof line ${i + 1} is not base64`);
    }
    if (hash.length !== HASH_SIZE) invalid(`consistency proof line ${i + 1} is not a 32-byte hash`);
    return hash;
  });
  return { oldSize, proof, note: body.slice(blank + 2) };
}

/** What a witness answered. */
export type AddCheckpointResult =
  | { kind: 'cosigned'; signatures: NoteSignature[] }
  | { kind: 'conflict'; witnessSize: number }
  | { kind: 'refused'; status: number; message: string };

/**
 * Posts a checkpoint to a witness (`<url>/add-checkpoint`) and interprets the answer.
 * Network errors and timeouts come back as `refused` with status 0.
 */
export async function postCheckpointToWitness(
  url: string,
  request: AddCheckpointRequest,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<AddCheckpointResult> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${url.replace(/\/+$/, '')}/add-checkpoint`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: formatAddCheckpointRequest(request),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    return { kind: 'refused', status: 0, message: error instanceof Error ? error.message : String(error) };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 200) {
    try {
      return { kind: 'cosigned', signatures: parseSignatureLines(text) };
    } catch (error) {
      return { kind: 'refused', status: 200, message: `unreadable cosignature: ${(error as Error).message}` };
    }
  }
  // 409 with the witness's size: the client's old size is stale. Any other 409 is a refusal (a fork).
  const isSize = (response.headers.get('content-type') ?? '').startsWith(TLOG_SIZE_CONTENT_TYPE);
  if (response.status === 409 && isSize && /^(0|[1-9][0-9]*)\n$/.test(text)) {
    return { kind: 'conflict', witnessSize: Number(text.trim()) };
  }
  return { kind: 'refused', status: response.status, message: text.trim().slice(0, 300) };
}
