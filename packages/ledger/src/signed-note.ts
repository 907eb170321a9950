import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesEqual, fromBase64, toBase64, utf8Bytes } from './encoding.js';
import { sha256 } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

/**
 * C2SP signed-note (https://c2sp.org/signed-note): a text ending in a newline, a blank
 * line, then one or more lines `— <key name> base64(key ID ‖ signature)`.
 */

/** Signature type bytes of C2SP signed-note used here. */
export enum NoteSignatureType {
  /** Plain Ed25519 over the note text (the log's checkpoint signature). */
  ED25519 = 0x01,
  /** Timestamped Ed25519 witness cosignature (C2SP tlog-cosignature, `cosignature/v1`). */
  COSIGNATURE_V1 = 0x04,
}

/** One signature line of a note. */
export interface NoteSignature {
  /** Key name (e.g. the log origin or the witness name). */
  name: string;
  /** The 32-bit key ID, big-endian. */
  keyId: number;
  /** The signature bytes after the key ID (64 for Ed25519, 72 for a cosignature). */
  signature: Uint8Array;
}

/** A parsed signed note: the signed text (final newline included) and its signatures. */
export interface SignedNote {
  text: string;
  signatures: NoteSignature[];
}

/** A verifier key (`<name>+<hex key ID>+<base64(type ‖ public key)>`), parsed. */
export interface NoteVerifierKey {
  name: string;
  keyId: number;
  type: NoteSignatureType;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

const EM_DASH_PREFIX = '\u2014 ';
/** Verifiers must accept at least 16 signatures; this bounds the work per note. */
const MAX_SIGNATURES = 100;

function invalid(message: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_NOTE, message);
}

/** True for a valid key name: non-empty, no Unicode spaces, no `+`. */
export function isValidKeyName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name);
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) invalid(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
}

/**
 * Key ID of C2SP signed-note: the first four bytes (big-endian) of
 * `SHA-256(name ‖ 0x0A ‖ type ‖ public key)`.
 */
export function noteKeyId(name: string, type: NoteSignatureType, publicKey: Uint8Array): number {
  assertKeyName(name);
  const nameBytes = utf8Bytes(name);
  const input = new Uint8Array(nameBytes.length + 2 + publicKey.length);
  input.set(nameBytes);
  input[nameBytes.length] = 0x0a;
  input[nameBytes.length + 1] = type;
  input.set(publicKey, nameBytes.length + 2);
  const digest = sha256(input);
  return ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
}

function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** The verifier key string `<name>+<hex key ID>+<base64(type ‖ public key)>`. */
export function formatVerifierKey(name: string, type: NoteSignatureType, publicKey: Uint8Array): string {
  if (publicKey.length !== 32) invalid('an Ed25519 public key is 32 bytes');
  const material = new Uint8Array(33);
  material[0] = type;
  material.set(publicKey, 1);
  return `${name}+${keyIdHex(noteKeyId(name, type, publicKey))}+${toBase64(material)}`;
}

/**
 * Parses and checks a verifier key: the key ID must be the one computed from the name,
 * type and key. Only Ed25519 (0x01) and cosignature/v1 (0x04) keys are accepted.
 * @throws LedgerException `INVALID_NOTE` naming the problem.
 */
export function parseVerifierKey(vkey: string): NoteVerifierKey {
  if (typeof vkey !== 'string') invalid('a verifier key must be a string');
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) invalid('a verifier key has the form <name>+<hex key id>+<base64 key>');
  const name = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  assertKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex)) invalid('the key ID of a verifier key is 8 lower-case hex digits');
  let material: Uint8Array;
  try {
    material = fromBase64(vkey.slice(second + 1));
  } catch {
    invalid('the key of a verifier key is not base64');
  }
  const type = material[0] as NoteSignatureType;
  if (type !== NoteSignatureType.ED25519 && type !== NoteSignatureType.COSIGNATURE_V1) {
    invalid(`unsupported signature type 0x${(material[0] ?? 0).toString(16).padStart(2, '0')} (expected 0x01 Ed25519 or 0x04 cosignature/v1)`);
  }
  if (material.length !== 33) invalid('an Ed25519 verifier key holds 32 bytes of key');
  const publicKey = material.slice(1);
  const keyId = noteKeyId(name, type, publicKey);
  if (keyIdHex(keyId) !== idHex) invalid(`the key ID ${idHex} does not match the key (expected ${keyIdHex(keyId)})`);
  return { name, keyId, type, publicKey };
}

/** One note signature line, newline included: `— <name> base64(key ID ‖ signature)\n`. */
export function formatSignatureLine(signature: NoteSignature): string {
  const bytes = new Uint8Array(4 + signature.signature.length);
  new DataView(bytes.buffer).setUint32(0, signature.keyId >>> 0);
  bytes.set(signature.signature, 4);
  return `${EM_DASH_PREFIX}${signature.name} ${toBase64(bytes)}\n`;
}

/**
 * Parses signature lines (each `— <name> <base64>` and a newline), e.g. a witness's
 * add-checkpoint response body.
 * @throws LedgerException `INVALID_NOTE` on a malformed line.
 */
export function parseSignatureLines(text: string): NoteSignature[] {
  if (!text.endsWith('\n')) invalid('signature lines must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) invalid(`more than ${MAX_SIGNATURES} signatures`);
  return lines.map((line) => {
    if (!line.startsWith(EM_DASH_PREFIX)) invalid('a signature line starts with "— " (U+2014, space)');
    const rest = line.slice(EM_DASH_PREFIX.length);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) invalid('a signature line is "— <key name> <base64 signature>"');
    const name = rest.slice(0, space);
    assertKeyName(name);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(rest.slice(space + 1));
    } catch {
      invalid(`the signature of ${name} is not base64`);
    }
    if (bytes.length < 5) invalid(`the signature of ${name} is too short`);
    const keyId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    return { name, keyId, signature: bytes.slice(4) };
  });
}

/**
 * Splits a signed note into its text and signatures. The text is separated from the
 * signatures by the last blank line.
 * @throws LedgerException `INVALID_NOTE` when the note is malformed.
 */
export function parseSignedNote(note: string): SignedNote {
  if (typeof note !== 'string') invalid('a note must be a string');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) invalid('a note must not contain control characters other than newline');
  if (!note.endsWith('\n')) invalid('a signed note ends with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) invalid('a signed note has a blank line between its text and its signatures');
  const text = note.slice(0, split + 1);
  const signatures = parseSignatureLines(note.slice(split + 2));
  if (signatures.length === 0) invalid('a signed note has at least one signature');
  return { text, signatures };
}

/** Joins a note text and signature lines into a signed note. */
export function formatSignedNote(text: string, signatures: readonly NoteSignature[]): string {
  if (!text.endsWith('\n')) invalid('the note text must end with a newline');
  return `${text}\n${signatures.map(formatSignatureLine).join('')}`;
}

/** Ed25519 signature (RFC 8032) of the note text with a 32-byte secret seed. */
export function signNoteText(text: string, name: string, secretSeed: Uint8Array): NoteSignature {
  assertKeyName(name);
  if (secretSeed.length !== 32) invalid('an Ed25519 secret seed is 32 bytes');
  const publicKey = ed25519.getPublicKey(secretSeed);
  return {
    name,
    keyId: noteKeyId(name, NoteSignatureType.ED25519, publicKey),
    signature: ed25519.sign(utf8Bytes(text), secretSeed),
  };
}

/** True when `signature` is by `key` (name and key ID match) and verifies over `text`. */
export function verifyNoteSignature(text: string, signature: NoteSignature, key: NoteVerifierKey): boolean {
  if (key.type !== NoteSignatureType.ED25519) return false;
  if (signature.name !== key.name || signature.keyId !== key.keyId) return false;
  if (signature.signature.length !== 64) return false;
  try {
    return ed25519.verify(signature.signature, utf8Bytes(text), key.publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** True when name and key ID of `signature` are those of `key`. */
export function signatureMatchesKey(signature: NoteSignature, key: NoteVerifierKey): boolean {
  return signature.name === key.name && signature.keyId === key.keyId;
}

/**
 * Opens a signed note with the Ed25519 verifier keys you trust: signatures by unknown keys
 * are ignored; a signature by a known key that does not verify rejects the note, and so
 * does a note without any verified signature.
 * @returns the note text and the signatures that verified.
 * @throws LedgerException `INVALID_NOTE` naming the problem.
 */
export function openSignedNote(note: string, keys: readonly NoteVerifierKey[]): { text: string; verified: NoteSignature[] } {
  const parsed = parseSignedNote(note);
  const verified: NoteSignature[] = [];
  for (const signature of parsed.signatures) {
    const key = keys.find((k) => k.type === NoteSignatureType.ED25519 && signatureMatchesKey(signature, k));
    if (!key) continue;
    if (!verifyNoteSignature(parsed.text, signature, key)) invalid(`the signature of ${signature.name} does not verify`);
    verified.push(signature);
  }
  if (verified.length === 0) invalid('the note carries no signature by a trusted key');
  return { text: parsed.text, verified };
}

/** Hex of a key ID, for messages. */
export function formatKeyId(keyId: number): string {
  return keyIdHex(keyId);
}

/** True when two verifier keys are the same key. */
export function sameVerifierKey(a: NoteVerifierKey, b: NoteVerifierKey): boolean {
  return a.name === b.name && a.type === b.type && bytesEqual(a.publicKey, b.publicKey);
}
