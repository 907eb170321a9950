/**
 * Finds identifier tokens inside one value with a single left-to-right pass over its
 * characters: no regular expressions, so the work is linear in the value's length (each
 * character is visited a bounded number of times; digit-group windows are capped at 23
 * digits). A token never touches an ASCII letter or digit on either side: tokens are whole
 * maximal runs of [0-9A-Za-z] (or whole groups of such runs joined by spaces, dashes or
 * brackets), so nothing is found inside longer digit runs or hex strings.
 */
import { HAN16 } from './han-flags.js';
import {
  cardIssuerOkAt,
  emailAround,
  hexDigestAt,
  luhnAt,
  mobileStartAt,
  passportAt,
  isDigitCode,
  isHexCode,
  isIpv6At,
  PROVINCE,
  residentId15At,
  residentId15To18,
  residentIdAt,
  stockAccountAt,
  usccAt,
} from './validators.js';
import { hash52, hash52Range } from '../profile/distinct-counter.js';
import { normaliseValue, ZERO_WIDTH } from './normalise.js';

/** Value-level identifier kinds, as bit positions. */
export const enum Id {
  RESIDENT_ID = 0,
  USCC = 1,
  BANK_CARD = 2,
  MOBILE = 3,
  EMAIL = 4,
  PASSPORT = 5,
  STOCK_ACCOUNT = 6,
  IP = 7,
  HEX = 8,
  /** First-generation 15-digit resident ID: counts only in column context (analyse.ts). */
  RESIDENT_ID15 = 9,
}
export const ID_COUNT = 10;
export const ID_NAMES = [
  'CN_RESIDENT_ID',
  'CN_USCC',
  'BANK_CARD',
  'CN_MOBILE',
  'EMAIL',
  'CN_PASSPORT',
  'STOCK_ACCOUNT',
  'IP_ADDRESS',
  'PSEUDONYMOUS_ID',
  'CN_RESIDENT_ID',
] as const;

/** Receives each token found: its kind and its normalised form. */
export type HitSink = (id: Id, normalised: string) => void;
/**
 * Receives each token found as its kind and `hash52` of its normalised form (equal to
 * `hash52(normalised)`), computed in place: no substring is created for it.
 */
export type HashSink = (id: Id, hash: number) => void;

/** How a token's text becomes its normalised form. */
const enum Norm {
  SAME,
  UPPER, // ASCII upper case (tokens are ASCII)
  LOWER, // ASCII lower case
}

const ALNUM = new Uint8Array(128); // 1 digit, 2 letter
for (let c = 48; c <= 57; c++) ALNUM[c] = 1;
for (let c = 65; c <= 90; c++) ALNUM[c] = 2;
for (let c = 97; c <= 122; c++) ALNUM[c] = 2;

// Character classes for every UTF-16 code unit, so the main loop needs one table load per
// character and no range checks: bits 0–1 as ALNUM, then ideograph, '@', anything else.
const K_DIGIT = 1;
const K_LETTER = 2;
const K_HAN = 4;
const K_AT = 8;
const K_OTHER = 16; // not an ASCII letter or digit
/** A character that NFKC changes, a zero-width character or a soft hyphen (v2 normalisation). */
const K_NORM = 32;
const CLASS = new Uint8Array(65536).fill(K_OTHER);
for (let c = 0; c < 128; c++) if (ALNUM[c] !== 0) CLASS[c] = ALNUM[c] === 1 ? K_DIGIT : K_LETTER;
CLASS[64] = K_OTHER | K_AT;
for (let c = 0x4e00; c <= 0x9fff; c++) CLASS[c] = K_OTHER | K_HAN;
for (let c = 0x80; c < 0x10000; c++) {
  if (c >= 0x4e00 && c <= 0x9fff) continue; // unified ideographs are NFKC-stable
  if (c >= 0xd800 && c <= 0xdfff) {
    CLASS[c] |= K_NORM; // astral characters (e.g. mathematical digits): normalise to be sure
    continue;
  }
  const ch = String.fromCharCode(c);
  const nf = ch.normalize('NFKC');
  // Only where NFKC can change what is detected: it yields an ASCII letter or digit, or a
  // character the scanner joins tokens with (space, dash, dot, @). Full-width punctuation that
  // separates tokens either way (，：（）) is left as is: common in Chinese text, and
  // normalising it could only find less (`0，42…` stays two numbers, not one decimal).
  if (nf !== ch && /[0-9A-Za-z@. -]/.test(nf)) CLASS[c] |= K_NORM;
}
for (const c of ZERO_WIDTH) CLASS[c] |= K_NORM;

/** True when `v` has a character whose normalisation ({@link normaliseValue}) can change what is detected. */
export function needsNormalising(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x80 && (CLASS[c] & K_NORM) !== 0) return true;
  }
  return false;
}

function isGroupSep(c: number): boolean {
  return c === 32 || c === 45 || c === 40 || c === 41; // space - ( )
}

const MAX_GROUPS = 32;

/** What may precede a decimal written without integer digits (`.5`, `-.5`, `x=.5`). */
function isNumberLead(c: number): boolean {
  return c === 32 || c === 9 || c === 43 || c === 45 || c === 40 || c === 61;
}

function isDigitAt(s: string, i: number, n: number): boolean {
  if (i >= n) return false;
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * v2 decimal numbers: the digit run `s[a, i)` followed by one `.` or `,` and digits (and an
 * optional exponent `e±n`) is one number; returns its end, or -1 when it is not a decimal
 * (a second separator follows, as in `1.2.3` or `2024.01.05`; IPv4 is tried before). A `,`
 * is a decimal separator only after at most 3 integer digits (`13812345678,13912345678` is a
 * list of two numbers, `0,42184078` and `42,19313080998` are decimals).
 */
export function decimalEnd(s: string, a: number, i: number, n: number): number {
  const sep = s.charCodeAt(i);
  if (sep === 44 && i - a > 3) return -1;
  if (!isDigitAt(s, i + 1, n)) return -1;
  let j = i + 1;
  while (isDigitAt(s, j, n)) j++;
  if (j < n) {
    const c = s.charCodeAt(j);
    if ((c === 46 || c === 44) && isDigitAt(s, j + 1, n)) return -1; // 1.2.3, 1,234,567
    if (c === 101 || c === 69) {
      let e = j + 1;
      if (e < n && (s.charCodeAt(e) === 43 || s.charCodeAt(e) === 45)) e++;
      if (isDigitAt(s, e, n)) {
        while (isDigitAt(s, e, n)) e++;
        return e;
      }
    }
  }
  return j;
}

export class IdentifierScanner {
  /** Bit mask of the kinds found in the last scanned value. */
  mask = 0;
  /** Length of the last value when it is all ASCII digits, else -1. */
  digitOnlyLen = -1;
  /** The last value has a CJK ideograph / an ASCII letter (gates the column-level detectors). */
  hasHan = false;
  hasLetter = false;
  /** OR of the {@link HAN} flags of the last value's ideographs (see han-flags.ts). */
  hanFlags = 0;
  private todayNum: number;
  private readonly gs = new Int32Array(MAX_GROUPS);
  private readonly ge = new Int32Array(MAX_GROUPS);
  private readonly off = new Int32Array(MAX_GROUPS + 1);
  /** Work counter: characters visited (used by tests to show linear behaviour). */
  work = 0;
  private sink: HitSink | null = null;
  private hashSink: HashSink | null = null;
  /** The normalised value when the last scanned value needed v2 normalisation, else null. */
  normalised: string | null = null;
  /** Start of the value being scanned (its end is passed along as `n`). */
  private begin = 0;

  constructor(todayNum: number) {
    this.todayNum = todayNum;
  }

  /**
   * Scans `s`; calls `sink` for every token. `accountHeader` enables `0`+9-digit stock
   * accounts (the column header names an account).
   */
  scan(
    s: string,
    accountHeader: boolean,
    sink: HitSink | null,
    hashSink: HashSink | null = null,
  ): number {
    return this.scanRange(s, 0, s.length, accountHeader, sink, hashSink);
  }

  /**
   * {@link scan} of the value `s[begin, end)` — the same result as scanning
   * `s.slice(begin, end)`, without creating it: characters outside the range are never
   * looked at.
   */
  scanRange(
    s: string,
    begin: number,
    end: number,
    accountHeader: boolean,
    sink: HitSink | null,
    hashSink: HashSink | null,
  ): number {
    this.normalised = null;
    const r = this.scanInner(s, begin, end, accountHeader, sink, hashSink, true);
    if (r >= 0) return r;
    // v2: the value has a character NFKC changes (or a zero-width one): detect on the normalised text.
    const nv = normaliseValue(s.slice(begin, end));
    this.normalised = nv;
    return this.scanInner(nv, 0, nv.length, accountHeader, sink, hashSink, false);
  }

  /** The scan proper; returns -1 (nothing reported yet) when `allowNorm` and the value needs normalising. */
  private scanInner(
    s: string,
    begin: number,
    end: number,
    accountHeader: boolean,
    sink: HitSink | null,
    hashSink: HashSink | null,
    allowNorm: boolean,
  ): number {
    this.mask = 0;
    this.sink = sink;
    this.hashSink = hashSink;
    this.begin = begin;
    const n = end;
    let allDigits = n > begin;
    let at = -1;
    let colons = 0;
    let i = begin;
    let seen = 0; // OR of the classes of the characters outside letter/digit runs
    let letter = false;
    let hf = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      const k = CLASS[c];
      if (k >= K_OTHER) {
        if ((k & K_NORM) !== 0 && allowNorm) return this.abort();
        seen |= k;
        hf |= HAN16[c];
        if (k === (K_OTHER | K_AT) && at < 0) at = i;
        else if (c === 58) colons++;
        i++;
        continue;
      }
      const start = i;
      let digits = true;
      while (i < n) {
        const ch = s.charCodeAt(i);
        if (ch >= 48 && ch <= 57) {
          i++; // a digit (CLASS K_DIGIT), the common case: no table load
          continue;
        }
        const kd = CLASS[ch];
        if (kd >= K_OTHER) {
          if ((kd & K_NORM) !== 0 && allowNorm) return this.abort();
          break;
        }
        if (kd === K_LETTER) digits = false;
        i++;
      }
      this.work += i - start;
      if (!digits) {
        allDigits = false;
        letter = true;
        this.mixedRun(s, start, i, accountHeader);
        continue;
      }
      if (
        start > begin &&
        s.charCodeAt(start - 1) === 46 &&
        (start - 1 === begin || isNumberLead(s.charCodeAt(start - 2)))
      ) {
        // `.42184078…` / `-.5`: a decimal without its integer digits.
        allDigits = false;
        let e = decimalEnd(s, start - 1, start - 1, n);
        if (e < 0) e = i;
        i = e;
        while (i < n && s.charCodeAt(i) < 128 && ALNUM[s.charCodeAt(i)] !== 0) i++;
        continue;
      }
      if (i < n) {
        const sep = s.charCodeAt(i);
        if (sep === 46) {
          const ipEnd = this.ipAt(s, start, n);
          if (ipEnd > 0) {
            allDigits = false;
            this.hit(Id.IP, s, start, ipEnd, Norm.SAME);
            i = ipEnd;
            continue;
          }
        }
        if (sep === 46 || sep === 44) {
          // v2: a decimal number holds no identifier, neither in its integer nor its fractional part.
          const numEnd = decimalEnd(s, start, i, n);
          if (numEnd > 0) {
            allDigits = false;
            i = numEnd;
            while (i < n && s.charCodeAt(i) < 128 && ALNUM[s.charCodeAt(i)] !== 0) i++; // `1.5kg`: the unit goes with it
            continue;
          }
        }
        if (i - start === 6 && (sep === 32 || sep === 45)) {
          const idEnd = this.groupedResidentId(s, start, n, sep);
          if (idEnd > 0) {
            allDigits = false;
            i = idEnd;
            continue;
          }
        }
      }
      // Collect digit groups joined by up to 3 separator characters (spaces, dashes, brackets).
      let g = 0;
      this.gs[0] = start;
      this.ge[0] = i;
      g = 1;
      let j = i;
      while (g < MAX_GROUPS) {
        let k2 = j;
        while (k2 < n && k2 - j < 3 && isGroupSep(s.charCodeAt(k2))) k2++;
        if (k2 === j || k2 >= n) break;
        const f = s.charCodeAt(k2);
        if (f < 48 || f > 57) break;
        let e = k2;
        let pure = true;
        while (e < n) {
          const d = s.charCodeAt(e);
          const kd = d < 128 ? ALNUM[d] : 0;
          if (kd === 0) break;
          if (kd === 2) pure = false;
          e++;
        }
        if (!pure) break;
        if (
          e < n &&
          (s.charCodeAt(e) === 46 || s.charCodeAt(e) === 44) &&
          decimalEnd(s, k2, e, n) > 0
        )
          break; // a decimal: not a group
        this.work += e - j;
        this.gs[g] = k2;
        this.ge[g] = e;
        g++;
        j = e;
        if (e < n && s.charCodeAt(e) === 46) break; // a dotted number: stop before the dot
      }
      if (g > 1) allDigits = false;
      if (g === 1) this.digitRun(s, start, i, accountHeader);
      else this.digitGroups(s, g, accountHeader);
      i = this.ge[g - 1];
    }
    if (at >= 0) this.emails(s, at, n);
    if (colons >= 2) this.ipv6(s, begin, n);
    if (seen !== 0) allDigits = false;
    this.digitOnlyLen = allDigits ? n - begin : -1;
    this.hasHan = (seen & K_HAN) !== 0;
    this.hasLetter = letter;
    this.hanFlags = hf;
    this.sink = null;
    this.hashSink = null;
    return this.mask;
  }

  private abort(): number {
    this.mask = 0;
    return -1;
  }

  /**
   * v2: a resident ID in 6-8-4 groups separated by one space or dash (`420102 19900101 123X`),
   * starting with the 6-digit run at `a`; returns the end of the ID or -1.
   */
  private groupedResidentId(s: string, a: number, n: number, sep: number): number {
    const b = a + 6;
    if (b + 14 > n) return -1;
    for (let x = b + 1; x < b + 9; x++) if (!isDigitCode(s.charCodeAt(x))) return -1;
    if (s.charCodeAt(b + 9) !== sep) return -1;
    for (let x = b + 10; x < b + 13; x++) if (!isDigitCode(s.charCodeAt(x))) return -1;
    const last = s.charCodeAt(b + 13);
    if (!isDigitCode(last) && last !== 88 && last !== 120) return -1;
    const e = b + 14;
    if (e < n && s.charCodeAt(e) < 128 && ALNUM[s.charCodeAt(e)] !== 0) return -1;
    const id = s.slice(a, b) + s.slice(b + 1, b + 9) + s.slice(b + 10, e);
    if (!residentIdAt(id, 0, 18, this.todayNum)) return -1;
    this.hit(Id.RESIDENT_ID, id, 0, 18, Norm.UPPER);
    return e;
  }

  /** v2: IPv6 addresses (full or compressed, optional zone or embedded IPv4) anywhere in the value. */
  private ipv6(s: string, begin: number, n: number): void {
    let i = begin;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (!(isHexCode(c) || c === 58)) {
        i++;
        continue;
      }
      const prev = i > begin ? s.charCodeAt(i - 1) : 32;
      let e = i;
      while (e < n) {
        const d = s.charCodeAt(e);
        if (isHexCode(d) || d === 58 || d === 46) e++;
        else break;
      }
      let end = e;
      if (end < n && s.charCodeAt(end) === 37) {
        // %zone
        let z = end + 1;
        while (
          z < n &&
          s.charCodeAt(z) < 128 &&
          (ALNUM[s.charCodeAt(z)] !== 0 || s.charCodeAt(z) === 95)
        )
          z++;
        if (z > end + 1) end = z;
      }
      const next = end < n ? s.charCodeAt(end) : 32;
      const touches = (x: number): boolean => x < 128 && ALNUM[x] !== 0;
      if (!touches(prev) && prev !== 58 && !touches(next) && isIpv6At(s, i, e))
        this.hit(Id.IP, s, i, end, Norm.LOWER);
      i = end > i ? end : i + 1;
    }
  }

  /** A token `s[a, b)`, normalised by `norm`. */
  private hit(id: Id, s: string, a: number, b: number, norm: Norm): void {
    this.mask |= 1 << id;
    const sink = this.sink;
    if (sink !== null) {
      const t = s.slice(a, b);
      sink(id, norm === Norm.SAME ? t : norm === Norm.UPPER ? t.toUpperCase() : t.toLowerCase());
    }
    const hs = this.hashSink;
    if (hs !== null) hs(id, hash52Range(s, a, b, norm));
  }

  /** Resident ID, USCC, card, mobile, stock account on one unseparated digit run. */
  private digitRun(s: string, a: number, b: number, accountHeader: boolean): boolean {
    const len = b - a;
    if (len < 10 || len > 19) return false;
    if (len === 18) {
      // A digit run: province code and month first, inline (most 18-digit numbers fail them).
      const p = (s.charCodeAt(a) - 48) * 10 + s.charCodeAt(a + 1) - 48;
      const m = (s.charCodeAt(a + 10) - 48) * 10 + s.charCodeAt(a + 11) - 48;
      if (PROVINCE[p] === 1 && m >= 1 && m <= 12 && residentIdAt(s, a, b, this.todayNum)) {
        this.hit(Id.RESIDENT_ID, s, a, b, Norm.SAME);
        return true;
      }
      if (usccAt(s, a, b)) {
        this.hit(Id.USCC, s, a, b, Norm.SAME);
        return true;
      }
    }
    if (
      len === 15 &&
      residentId15At(s, a, b, this.todayNum) &&
      !(cardIssuerOkAt(s, a, b) && luhnAt(s, a, b))
    ) {
      // Reported as its own kind: it counts only in a column that holds it or under an ID header.
      // One type per token: a 15-digit run that is a valid (Amex) card number stays a card.
      this.mask |= 1 << Id.RESIDENT_ID15;
      const full = residentId15To18(s.slice(a, b));
      if (this.sink !== null) this.sink(Id.RESIDENT_ID15, full);
      if (this.hashSink !== null) this.hashSink(Id.RESIDENT_ID15, hash52(full));
      return true;
    }
    if (len === 10) {
      if (stockAccountAt(s, a, b, accountHeader)) {
        this.hit(Id.STOCK_ACCOUNT, s, a, b, Norm.SAME);
        return true;
      }
      return false;
    }
    return this.cardOrMobile(s, a, b);
  }

  /** Card or mobile on the digit string `s[a, b)`. */
  private cardOrMobile(s: string, a: number, b: number): boolean {
    if (b - a >= 13 && cardIssuerOkAt(s, a, b) && luhnAt(s, a, b)) {
      this.hit(Id.BANK_CARD, s, a, b, Norm.SAME);
      return true;
    }
    const m = mobileStartAt(s, a, b);
    if (m >= 0) {
      this.hit(Id.MOBILE, s, m, b, Norm.SAME);
      return true;
    }
    return false;
  }

  /** Groups joined by separators: leftmost-longest window that validates. */
  private digitGroups(s: string, g: number, accountHeader: boolean): void {
    // All digits of the span once, with group offsets: windows are then single slices.
    let all = '';
    const off = this.off;
    for (let x = 0; x < g; x++) {
      off[x] = all.length;
      all += s.slice(this.gs[x], this.ge[x]);
    }
    off[g] = all.length;
    let a = 0;
    while (a < g) {
      let last = a;
      while (last + 1 < g && off[last + 2] - off[a] <= 19) last++;
      let found = false;
      for (let b = last; b > a; b--) {
        const len = off[b + 1] - off[a];
        if (len < 11) break;
        const from = off[a];
        const to = off[b + 1];
        if (len === 18 && residentIdAt(all, from, to, this.todayNum)) {
          this.hit(Id.RESIDENT_ID, all, from, to, Norm.SAME);
          found = true;
        } else found = this.cardOrMobile(all, from, to);
        if (found) {
          a = b + 1;
          break;
        }
      }
      if (!found) {
        this.digitRun(s, this.gs[a], this.ge[a], accountHeader);
        a++;
      }
    }
  }

  private mixedRun(s: string, a: number, b: number, accountHeader: boolean): void {
    const len = b - a;
    if (len === 18) {
      if (residentIdAt(s, a, b, this.todayNum)) this.hit(Id.RESIDENT_ID, s, a, b, Norm.UPPER);
      else if (usccAt(s, a, b)) this.hit(Id.USCC, s, a, b, Norm.SAME);
    } else if (len === 9) {
      if (passportAt(s, a, b)) this.hit(Id.PASSPORT, s, a, b, Norm.UPPER);
    } else if (len === 10) {
      if (stockAccountAt(s, a, b, accountHeader)) this.hit(Id.STOCK_ACCOUNT, s, a, b, Norm.UPPER);
    } else if (len === 32 || len === 40 || len === 64) {
      if (hexDigestAt(s, a, b)) this.hit(Id.HEX, s, a, b, Norm.LOWER);
    }
  }

  /** Dotted quad starting at digit run `a`; returns its end or -1. */
  private ipAt(s: string, a: number, n: number): number {
    if (
      a - 2 >= this.begin &&
      s.charCodeAt(a - 1) === 46 &&
      (ALNUM[s.charCodeAt(a - 2)] ?? 0) !== 0
    )
      return -1;
    let i = a;
    for (let part = 0; part < 4; part++) {
      const st = i;
      let v = 0;
      while (i < n && i - st < 4) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) break;
        v = v * 10 + c - 48;
        i++;
      }
      const len = i - st;
      if (len === 0 || len > 3 || v > 255 || (len > 1 && s.charCodeAt(st) === 48)) return -1;
      if (part < 3) {
        if (i >= n || s.charCodeAt(i) !== 46) return -1;
        i++;
      }
    }
    if (i < n) {
      const c = s.charCodeAt(i);
      if (c < 128 && ALNUM[c] !== 0) return -1;
      if (c === 46 && i + 1 < n && ALNUM[s.charCodeAt(i + 1)] === 1) return -1;
    }
    return i;
  }

  private emails(s: string, first: number, n: number): void {
    const begin = this.begin;
    let at = first;
    while (at >= 0) {
      const r = emailAround(s, at, begin, n);
      let next = at + 1;
      if (r) {
        const before = r[0] > begin ? s.charCodeAt(r[0] - 1) : 32;
        const after = r[1] < n ? s.charCodeAt(r[1]) : 32;
        if (!(before < 128 && ALNUM[before]) && !(after < 128 && ALNUM[after])) {
          // The span is ASCII without spaces (emailAround), so trim() would be a no-op.
          this.hit(Id.EMAIL, s, r[0], r[1], Norm.LOWER);
        }
        next = r[1];
      }
      at = -1;
      for (let k = next; k < n; k++) {
        if (s.charCodeAt(k) === 64) {
          at = k;
          break;
        }
      }
    }
  }
}
