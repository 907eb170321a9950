/**
 * v2 cheap evasions (CLASSIFIER.md "cheap evasions are caught"): base64 (standard or URL-safe)
 * and hex values of 16 characters or more are decoded; when they decode to UTF-8 text, that
 * text is scanned as well. Values that decode to no text and are not digests of a standard
 * length (32, 40, 64 hex) are opaque: the exchange cannot see what they hold.
 */

export const enum Encoded {
  /** Not an encoded value (or too short, or a digest / UUID). */
  NONE,
  TEXT,
  OPAQUE,
}

export interface Decoded {
  kind: Encoded;
  text: string;
}

const NONE: Decoded = { kind: Encoded.NONE, text: '' };
const OPAQUE: Decoded = { kind: Encoded.OPAQUE, text: '' };
const utf8 = new TextDecoder('utf-8', { fatal: true });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ENCODED = 1 << 16;

/** Decoded bytes are text when they are valid UTF-8 without control characters (tab and newlines aside). */
function asText(bytes: Buffer): string | null {
  if (bytes.length === 0) return null;
  let s: string;
  try {
    s = utf8.decode(bytes);
  } catch {
    return null;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      (c < 32 && c !== 9 && c !== 10 && c !== 13) ||
      c === 127 ||
      (c >= 0x80 && c < 0xa0) ||
      c === 0xfffd
    )
      return null;
  }
  return s;
}

/**
 * Classifies the trimmed value `v` (already NFKC-normalised): base64 or hex that decodes to
 * text (`TEXT`, with the text), opaque encoded bytes (`OPAQUE`), or neither (`NONE`).
 */
export function decodeEncoded(v: string): Decoded {
  const n = v.length;
  if (n < 16 || n > MAX_ENCODED) return NONE;
  let hex = true;
  let std = true; // + /
  let url = true; // - _
  let digit = false;
  let upper = false;
  let lower = false;
  let special = false;
  let pad = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (pad > 0) {
      if (c !== 61) return NONE;
      pad++;
      continue;
    }
    if (c >= 48 && c <= 57) digit = true;
    else if (c >= 65 && c <= 90) {
      upper = true;
      if (c > 70) hex = false;
    } else if (c >= 97 && c <= 122) {
      lower = true;
      if (c > 102) hex = false;
    } else if (c === 43 || c === 47) {
      url = false;
      hex = false;
      special = true;
    } else if (c === 45 || c === 95) {
      std = false;
      hex = false;
      special = true;
    } else if (c === 61 && i > 0) {
      pad = 1;
      hex = false;
    } else return NONE;
  }
  if (pad > 2) return NONE;
  if (hex && n % 2 === 0 && digit && (upper || lower)) {
    if (n === 32 || n === 40 || n === 64) return NONE; // digests: PSEUDONYMOUS_ID decides
    const t = asText(Buffer.from(v, 'hex'));
    return t === null ? OPAQUE : { kind: Encoded.TEXT, text: t };
  }
  if (!std && !url) return NONE;
  if (UUID.test(v)) return NONE;
  // Words and identifiers are not base64: random base64 mixes cases with digits or + / - _.
  if (!(upper && lower && (digit || special || pad > 0))) return NONE;
  if (n % 4 === 1) return NONE;
  if (pad > 0 && n % 4 !== 0) return NONE;
  const t = asText(Buffer.from(v, std ? 'base64' : 'base64url'));
  return t === null ? OPAQUE : { kind: Encoded.TEXT, text: t };
}
