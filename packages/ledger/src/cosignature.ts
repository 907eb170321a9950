import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8Bytes } from './encoding.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import {
  NoteSignatureType,
  noteKeyId,
  signatureMatchesKey,
  type NoteSignature,
  type NoteVerifierKey,
} from './signed-note.js';

/**
 * C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), Ed25519 `cosignature/v1`: a
 * note signature whose bytes are `u64 timestamp (big-endian) ‖ Ed25519 signature` over
 * `cosignature/v1\ntime <timestamp>\n<checkpoint body>`; key ID type byte 0x04.
 */

/** A verified cosignature: who signed and when (POSIX seconds). */
export interface Cosignature {
  name: string;
  keyId: number;
  timestamp: number;
}

function invalid(message: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_NOTE, message);
}

/** The bytes a cosignature/v1 signs. */
export function cosignatureMessage(checkpointText: string, timestamp: number): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) invalid('a cosignature timestamp is a non-negative integer of seconds');
  if (!checkpointText.endsWith('\n')) invalid('the checkpoint text must end with a newline');
  return utf8Bytes(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/** Signs a checkpoint body as witness `name` at `timestamp` (seconds) with a 32-byte seed. */
export function signCosignature(checkpointText: string, name: string, secretSeed: Uint8Array, timestamp: number): NoteSignature {
  if (secretSeed.length !== 32) invalid('an Ed25519 secret seed is 32 bytes');
  const publicKey = ed25519.getPublicKey(secretSeed);
  const signature = new Uint8Array(72);
  new DataView(signature.buffer).setBigUint64(0, BigInt(timestamp));
  signature.set(ed25519.sign(cosignatureMessage(checkpointText, timestamp), secretSeed), 8);
  return { name, keyId: noteKeyId(name, NoteSignatureType.COSIGNATURE_V1, publicKey), signature };
}

/** The timestamp (seconds) inside a cosignature's bytes, or undefined if it is not 72 bytes. */
export function cosignatureTimestamp(signature: NoteSignature): number | undefined {
  if (signature.signature.length !== 72) return undefined;
  const value = new DataView(signature.signature.buffer, signature.signature.byteOffset).getBigUint64(0);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(value);
}

/**
 * Verifies a cosignature/v1 over a checkpoint body with a witness key (type 0x04).
 * @returns the cosignature, or undefined when it is not by `key` or does not verify.
 */
export function verifyCosignature(checkpointText: string, signature: NoteSignature, key: NoteVerifierKey): Cosignature | undefined {
  if (key.type !== NoteSignatureType.COSIGNATURE_V1 || !signatureMatchesKey(signature, key)) return undefined;
  const timestamp = cosignatureTimestamp(signature);
  if (timestamp === undefined) return undefined;
  try {
    const ok = ed25519.verify(signature.signature.subarray(8), cosignatureMessage(checkpointText, timestamp), key.publicKey, { zip215: false });
    return ok ? { name: signature.name, keyId: signature.keyId, timestamp } : undefined;
  } catch {
    return undefined;
  }
}
