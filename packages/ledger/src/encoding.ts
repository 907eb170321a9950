import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

/** Length in bytes of every hash in the ledger (SHA-256). */
export const HASH_SIZE = 32;

const HEX_DIGITS = '0123456789abcdef';
const BYTE_TO_HEX: string[] = Array.from(
  { length: 256 },
  (_, i) => HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 15],
);
const HASH_HEX = /^[0-9a-fA-F]{64}$/;

const HEX_CODES = Array.from(HEX_DIGITS, (c) => c.charCodeAt(0));

/**
 * True when `hex` is exactly the lower-case hex of `bytes`; compares in place, without
 * building a string (the export verifier does this a million times).
 */
export function bytesEqualLowerHex(bytes: Uint8Array, hex: string): boolean {
  if (hex.length !== bytes.length * 2) return false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (
      hex.charCodeAt(2 * i) !== HEX_CODES[b >> 4] ||
      hex.charCodeAt(2 * i + 1) !== HEX_CODES[b & 15]
    ) {
      return false;
    }
  }
  return true;
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]];
  return out;
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Bytes of an even-length hex string (either case); throws on anything else. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) {
    throw new LedgerException(LedgerExceptionCode.INVALID_HASH, 'hex string has an odd length');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(hex.charCodeAt(2 * i));
    const lo = hexNibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      throw new LedgerException(LedgerExceptionCode.INVALID_HASH, 'not a hex string');
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** True when `value` is a 64-character hex string (a SHA-256 hash). */
export function isHashHex(value: unknown): value is string {
  return typeof value === 'string' && HASH_HEX.test(value);
}

/**
 * Parses a 32-byte hash from hex.
 * @param what - names the value in the error message, e.g. `"rootHash"`.
 */
export function hashFromHex(value: unknown, what = 'hash'): Uint8Array {
  if (!isHashHex(value)) {
    throw new LedgerException(
      LedgerExceptionCode.INVALID_HASH,
      `${what} must be 64 hex characters (a SHA-256 hash)`,
    );
  }
  return fromHex(value);
}

/** Constant-shape byte comparison (not secret-dependent: hashes are public). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes standard (padded) base64; throws on anything else. Works in browsers and Node. */
export function fromBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) {
    throw new LedgerException(LedgerExceptionCode.INVALID_KEY, 'not valid base64');
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Standard padded base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

const utf8 = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}
