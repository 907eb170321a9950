import { ed25519 } from '@noble/curves/ed25519.js';
import { canonicalJson } from './canonical-json.js';
import { bytesEqual, fromBase64, isHashHex, toBase64, toHex, utf8Bytes } from './encoding.js';
import { sha256 } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

/** The signed part of a tree head. */
export interface TreeHead {
  /** Number of leaves (entries) the root covers. */
  treeSize: number;
  /** Hex RFC 9162 Merkle tree hash over the first `treeSize` leaf hashes. */
  rootHash: string;
  /** When the head was signed: ISO-8601 string (or epoch milliseconds). */
  timestamp: string | number;
}

/** A tree head as served by `GET /api/ledger/head` (the export contract). */
export interface SignedTreeHead extends TreeHead {
  /** Base64 Ed25519 signature over {@link treeHeadMessage}. */
  signature: string;
  /** Signer's Ed25519 public key as an SPKI PEM. */
  publicKey: string;
}

// DER of SubjectPublicKeyInfo { AlgorithmIdentifier { 1.3.101.112 (Ed25519) }, BIT STRING (33 bytes) }.
const ED25519_SPKI_PREFIX = new Uint8Array([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);
const PEM = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----$/;

function invalidKey(why: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_KEY, why);
}

/**
 * The 32-byte raw Ed25519 public key inside an SPKI PEM (`-----BEGIN PUBLIC KEY-----`):
 * the DER is a fixed 12-byte prefix followed by the key. Pure code, browser-safe.
 * @throws LedgerException `INVALID_KEY` for anything but an Ed25519 SPKI PEM.
 */
export function publicKeyFromSpkiPem(pem: string): Uint8Array {
  const match = typeof pem === 'string' ? PEM.exec(pem.trim()) : null;
  if (!match) invalidKey('publicKey is not a PEM "PUBLIC KEY" block');
  const der = fromBase64(match[1].replace(/\s+/g, ''));
  if (
    der.length !== ED25519_SPKI_PREFIX.length + 32 ||
    !bytesEqual(der.subarray(0, 12), ED25519_SPKI_PREFIX)
  ) {
    invalidKey('publicKey is not an Ed25519 SubjectPublicKeyInfo');
  }
  return der.slice(12);
}

/** SPKI PEM of a 32-byte raw Ed25519 public key (inverse of {@link publicKeyFromSpkiPem}). */
export function spkiPemFromPublicKey(rawKey: Uint8Array): string {
  if (rawKey.length !== 32) invalidKey('an Ed25519 public key is 32 bytes');
  const der = new Uint8Array(44);
  der.set(ED25519_SPKI_PREFIX);
  der.set(rawKey, 12);
  return `-----BEGIN PUBLIC KEY-----\n${toBase64(der)}\n-----END PUBLIC KEY-----\n`;
}

/**
 * Hex SHA-256 of the raw 32-byte public key: a short value a regulator can compare with
 * the fingerprint the exchange publishes.
 */
export function publicKeyFingerprint(pem: string): string {
  return toHex(sha256(publicKeyFromSpkiPem(pem)));
}

function invalidHead(why: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_TREE_HEAD, why);
}

function assertTimestamp(timestamp: unknown): asserts timestamp is string | number {
  const ok =
    (typeof timestamp === 'string' && timestamp.length > 0) ||
    (typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0);
  if (!ok) invalidHead('timestamp must be an ISO-8601 string or a non-negative integer');
}

function assertUnsignedHead(value: Record<string, unknown>): void {
  const { treeSize, rootHash, timestamp } = value;
  if (typeof treeSize !== 'number' || !Number.isSafeInteger(treeSize) || treeSize < 0) {
    invalidHead('treeSize must be a non-negative integer');
  }
  if (!isHashHex(rootHash)) invalidHead('rootHash must be 64 hex characters');
  assertTimestamp(timestamp);
}

/**
 * The exact bytes a tree head signature covers: UTF-8 of the RFC 8785 canonical JSON of
 * `{rootHash, timestamp, treeSize}`, with the values exactly as given (the exchange writes
 * rootHash in lower-case hex).
 */
export function treeHeadMessage(head: TreeHead): Uint8Array {
  assertUnsignedHead(head as unknown as Record<string, unknown>);
  return utf8Bytes(
    canonicalJson({ rootHash: head.rootHash, timestamp: head.timestamp, treeSize: head.treeSize }),
  );
}

/**
 * Validates the shape of a signed tree head (e.g. parsed from `HEAD.json`); does not
 * check the signature.
 * @throws LedgerException `INVALID_TREE_HEAD` / `INVALID_KEY` naming the bad field.
 */
export function parseSignedTreeHead(value: unknown): SignedTreeHead {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalidHead('a tree head must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  for (const key of ['treeSize', 'rootHash', 'timestamp', 'signature', 'publicKey']) {
    if (!(key in record)) invalidHead(`tree head is missing "${key}"`);
  }
  assertUnsignedHead(record);
  if (typeof record.signature !== 'string' || fromBase64(record.signature).length !== 64) {
    invalidKey('signature must be 64 bytes of base64 (Ed25519)');
  }
  if (typeof record.publicKey !== 'string') invalidKey('publicKey must be an SPKI PEM string');
  publicKeyFromSpkiPem(record.publicKey);
  return {
    treeSize: record.treeSize as number,
    rootHash: record.rootHash as string,
    timestamp: record.timestamp as string | number,
    signature: record.signature,
    publicKey: record.publicKey,
  };
}

/**
 * True when `head.signature` is a valid Ed25519 signature (RFC 8032, strict) over
 * {@link treeHeadMessage}. The key used is `trustedPublicKeyPem` when given — pass the
 * exchange's published key: a head carrying its own key proves nothing against a forger
 * who signs with a key of their own — otherwise `head.publicKey`. Never throws.
 */
export function verifyTreeHeadSignature(
  head: SignedTreeHead,
  trustedPublicKeyPem?: string,
): boolean {
  try {
    const key = publicKeyFromSpkiPem(trustedPublicKeyPem ?? head.publicKey);
    const signature = fromBase64(head.signature);
    if (signature.length !== 64) return false;
    return ed25519.verify(signature, treeHeadMessage(head), key, { zip215: false });
  } catch {
    return false;
  }
}
