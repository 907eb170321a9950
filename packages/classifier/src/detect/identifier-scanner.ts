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
  PROVINCE,
  residentIdAt,
  stockAccountAt,
  usccAt,
} from './validators.js';
import { hash52Range } from '../profile/distinct-counter.js';

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
}
export const ID_COUNT = 9;
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
const CLASS = new Uint8Array(65536).fill(K_OTHER);
for (let c = 0; c < 128; c++) if (ALNUM[c] !== 0) CLASS[c] = ALNUM[c] === 1 ? K_DIGIT : K_LETTER;
CLASS[64] = K_OTHER | K_AT;
for (let c = 0x4e00; c <= 0x9fff; c++) CLASS[c] = K_OTHER | K_HAN;

function isGroupSep(c: number): boolean {
  return c === 32 || c === 45 || c === 40 || c === 41; // space - ( )
}

const MAX_GROUPS = 32;

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
  /** Start of the value being scanned (its end is passed along as `n`). */
  private begin = 0;

  constructor(todayNum: number) {
    this.todayNum = todayNum;
  }

  /**
   * Scans `s`; calls `sink` for every token. `accountHeader` enables `0`+9-digit stock
   * accounts (the column header names an account).
   */
  scan(s: string, accountHeader: boolean, sink: HitSink | null, hashSink: HashSink | null = null): number {
    return this.scanRange(s, 0, s.length, accountHeader, sink, hashSink);
  }

  /**
   * {@link scan} of the value `s[begin, end)` — the same result as scanning
   * `s.slice(begin, end)`, without creating it: characters outside the range are never
   * looked at.
   */
  scanRange(s: string, begin: number, end: number, accountHeader: boolean, sink: HitSink | null, hashSink: HashSink | null): number {
    this.mask = 0;
    this.sink = sink;
    this.hashSink = hashSink;
    this.begin = begin;
    const n = end;
    let allDigits = n > begin;
    let at = -1;
    let i = begin;
    let seen = 0; // OR of the classes of the characters outside letter/digit runs
    let letter = false;
    let hf = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      const k = CLASS[c];
      if (k >= K_OTHER) {
        seen |= k;
        hf |= HAN16[c];
        if (k === (K_OTHER | K_AT) && at < 0) at = i;
        i++;
        continue;
      }
      const start = i;
      let digits = true;
      while (i < n) {
        const kd = CLASS[s.charCodeAt(i)];
        if (kd >= K_OTHER) break;
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
      if (i < n && s.charCodeAt(i) === 46) {
        const ipEnd = this.ipAt(s, start, n);
        if (ipEnd > 0) {
          allDigits = false;
          this.hit(Id.IP, s, start, ipEnd, Norm.SAME);
          i = ipEnd;
          continue;
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
    if (seen !== 0) allDigits = false;
    this.digitOnlyLen = allDigits ? n - begin : -1;
    this.hasHan = (seen & K_HAN) !== 0;
    this.hasLetter = letter;
    this.hanFlags = hf;
    this.sink = null;
    this.hashSink = null;
    return this.mask;
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
    if (a - 2 >= this.begin && s.charCodeAt(a - 1) === 46 && (ALNUM[s.charCodeAt(a - 2)] ?? 0) !== 0) return -1;
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
