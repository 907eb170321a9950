/**
 * Check-digit and structure validators for identifier types (CLASSIFIER.md "Values and
 * types"). Each works on one candidate string in O(length) without regular expressions.
 */

/** PROVINCE[p] = 1 for a real two-digit province code p (0–99). */
export const PROVINCE = new Uint8Array(100);
for (const p of [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
])
  PROVINCE[p] = 1;
const ID_WEIGHTS = new Int32Array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
const ID_CHECK = '10X98765432';

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) USCC_VALUE[USCC_CHARSET.charCodeAt(i)] = i;
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Today's date as the number YYYYMMDD (local time). */
export function dateNumber(d: Date): number {
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when y-m-d is a real calendar date from 1900 on. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  if (d > DAYS_IN_MONTH[m]) return false;
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return true;
}

/**
 * GB 11643 resident ID: 18 chars, real province code, real birth date not after `today`,
 * and the check char (lower-case x accepted).
 */
export function isResidentId(value: string, today: Date = new Date()): boolean {
  return residentIdAt(value, 0, value.length, dateNumber(today));
}

/** Validates `s[start, end)` as a resident ID; `todayNum` is {@link dateNumber}(today). */
export function residentIdAt(s: string, start: number, end: number, todayNum: number): boolean {
  if (end - start !== 18) return false;
  // Cheap structural checks first (province, month), then the weighted sum, then the date.
  const c0 = s.charCodeAt(start) - 48;
  const c1 = s.charCodeAt(start + 1) - 48;
  if (c0 < 1 || c0 > 8 || c1 < 0 || c1 > 9 || PROVINCE[c0 * 10 + c1] === 0) return false;
  const c10 = s.charCodeAt(start + 10) - 48;
  const c11 = s.charCodeAt(start + 11) - 48;
  if (c10 < 0 || c10 > 1 || c11 < 0 || c11 > 9) return false;
  const m = c10 * 10 + c11;
  if (m < 1 || m > 12) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = s.charCodeAt(start + i) - 48;
    if (v < 0 || v > 9) return false;
    sum += v * ID_WEIGHTS[i];
  }
  let last = s.charCodeAt(start + 17);
  if (last === 120) last = 88; // x -> X
  if (last !== ID_CHECK.charCodeAt(sum % 11)) return false;
  const y =
    (s.charCodeAt(start + 6) - 48) * 1000 +
    (s.charCodeAt(start + 7) - 48) * 100 +
    (s.charCodeAt(start + 8) - 48) * 10 +
    s.charCodeAt(start + 9) -
    48;
  const day = (s.charCodeAt(start + 12) - 48) * 10 + s.charCodeAt(start + 13) - 48;
  if (!isRealDate(y, m, day)) return false;
  return y * 10000 + m * 100 + day <= todayNum;
}

/**
 * v2: first-generation 15-digit resident ID: 6-digit region with a real province, YYMMDD
 * read as 19YY and a real date (not after today), 3-digit sequence, no check digit.
 */
export function residentId15At(s: string, start: number, end: number, todayNum: number): boolean {
  if (end - start !== 15) return false;
  for (let i = start; i < end; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  const p = (s.charCodeAt(start) - 48) * 10 + s.charCodeAt(start + 1) - 48;
  if (PROVINCE[p] === 0) return false;
  const y = 1900 + (s.charCodeAt(start + 6) - 48) * 10 + s.charCodeAt(start + 7) - 48;
  const m = (s.charCodeAt(start + 8) - 48) * 10 + s.charCodeAt(start + 9) - 48;
  const d = (s.charCodeAt(start + 10) - 48) * 10 + s.charCodeAt(start + 11) - 48;
  if (!isRealDate(y, m, d)) return false;
  return y * 10000 + m * 100 + d <= todayNum;
}

/** The 18-digit form of a 15-digit resident ID (GB 11643: `19` inserted, check char appended). */
export function residentId15To18(id15: string): string {
  const body = id15.slice(0, 6) + '19' + id15.slice(6);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return body + ID_CHECK[sum % 11];
}

/** GB 32100 unified social credit code with its embedded GB 11714 organisation code. */
export function isUscc(value: string): boolean {
  return usccAt(value, 0, value.length);
}

export function usccAt(s: string, start: number, end: number): boolean {
  if (end - start !== 18) return false;
  // Organisation code first (chars 9..17, 1-based: 8 body chars + check): it rejects 10 of
  // 11 random candidates with 8 multiplications; a char outside the charset fails either way.
  let osum = 0;
  for (let i = 8; i < 16; i++) {
    const c = s.charCodeAt(start + i);
    if (c >= 128 || USCC_VALUE[c] < 0) return false;
    osum += (isDigitCode(c) ? c - 48 : c - 55) * ORG_WEIGHTS[i - 8]; // A=10 … Z=35
  }
  const oc = 11 - (osum % 11);
  const expect = oc === 10 ? 88 : oc === 11 ? 48 : 48 + oc;
  if (s.charCodeAt(start + 16) !== expect) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(start + i);
    const v = c < 128 ? USCC_VALUE[c] : -1;
    if (v < 0) return false;
    sum += v * USCC_WEIGHTS[i];
  }
  const lastC = s.charCodeAt(start + 17);
  const last = lastC < 128 ? USCC_VALUE[lastC] : -1;
  if (last < 0) return false;
  return (31 - (sum % 31)) % 31 === last;
}

/** Luhn over a string of digits. */
export function luhn(digits: string): boolean {
  return luhnAt(digits, 0, digits.length);
}

/** Luhn over `s[start, end)` (false when a char is not a digit). */
export function luhnAt(s: string, start: number, end: number): boolean {
  let sum = 0;
  let i = end - 1;
  // Digits alternate undoubled (from the right) and doubled: two per iteration.
  for (; i > start; i -= 2) {
    const a = s.charCodeAt(i) - 48;
    const b = s.charCodeAt(i - 1) - 48;
    if (a < 0 || a > 9 || b < 0 || b > 9) return false;
    sum += a + LUHN_DOUBLE[b];
  }
  if (i === start) {
    const a = s.charCodeAt(i) - 48;
    if (a < 0 || a > 9) return false;
    sum += a;
  }
  return sum % 10 === 0;
}
const LUHN_DOUBLE = new Int32Array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);

/** Issuer prefix and length rules of CLASSIFIER.md for a digits-only card number. */
export function cardIssuerOk(digits: string): boolean {
  return cardIssuerOkAt(digits, 0, digits.length);
}

/** {@link cardIssuerOk} on `s[start, end)`. */
export function cardIssuerOkAt(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n < 13 || n > 19) return false;
  const p1 = s.charCodeAt(start) - 48;
  const p2 = p1 * 10 + s.charCodeAt(start + 1) - 48;
  const p4 = p2 * 100 + (s.charCodeAt(start + 2) - 48) * 10 + s.charCodeAt(start + 3) - 48;
  if (p2 === 62) return n >= 16; // UnionPay 16–19
  if (p1 === 4) return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB 16–19
  return false;
}

/** Digits-only bank card: 13–19 digits, issuer prefix/length, Luhn. */
export function isCardDigits(digits: string): boolean {
  return cardIssuerOk(digits) && luhn(digits);
}

/**
 * Strips spaces/dashes between digit groups (at most one separator between groups);
 * returns the digits, or null when the text has other characters.
 */
function groupedDigits(value: string, seps: string): string | null {
  const v = value.trim();
  let out = '';
  let prevSep = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isDigitCode(c)) {
      out += v[i];
      prevSep = false;
    } else if (seps.includes(v[i]) && !prevSep) {
      prevSep = true;
    } else return null;
  }
  return prevSep ? null : out;
}

/** Bank card number, spaces or dashes between groups allowed. */
export function isBankCard(value: string): boolean {
  const d = groupedDigits(value, ' -');
  return d !== null && isCardDigits(d);
}

/**
 * Returns the 11 national digits when `digits` is `1[3-9]` + 9 digits, optionally after
 * 86 / 0086; else null.
 */
export function mobileDigits(digits: string): string | null {
  const a = mobileStartAt(digits, 0, digits.length);
  return a < 0 ? null : a === 0 ? digits : digits.slice(a);
}

/**
 * {@link mobileDigits} on `s[start, end)`: the index where the 11 national digits start
 * (they end at `end`), or -1.
 */
export function mobileStartAt(s: string, start: number, end: number): number {
  let a = start;
  const len = end - start;
  if (len === 13 && s.charCodeAt(start) === 56 && s.charCodeAt(start + 1) === 54)
    a = start + 2; // 86
  else if (
    len === 15 &&
    s.charCodeAt(start) === 48 &&
    s.charCodeAt(start + 1) === 48 &&
    s.charCodeAt(start + 2) === 56 &&
    s.charCodeAt(start + 3) === 54
  ) {
    a = start + 4; // 0086
  }
  if (end - a !== 11) return -1;
  const c1 = s.charCodeAt(a + 1);
  if (s.charCodeAt(a) !== 49 || c1 < 51 || c1 > 57) return -1;
  for (let i = a + 2; i < end; i++) if (!isDigitCode(s.charCodeAt(i))) return -1;
  return a;
}

/** Mainland mobile number; accepts +86/86/0086 and spaces, dashes or brackets between groups. */
export function isMobile(value: string): boolean {
  let v = value.trim();
  if (v.startsWith('+')) v = v.slice(1);
  else if (v.startsWith('(+')) v = '(' + v.slice(2);
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isDigitCode(c)) out += v[i];
    else if (c !== 32 && c !== 45 && c !== 40 && c !== 41) return false;
  }
  return mobileDigits(out) !== null;
}

function isUpperOrLower(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isAlnumCode(c: number): boolean {
  return isDigitCode(c) || isUpperOrLower(c);
}

/** Chinese passport: E + 8 digits, E + letter (not I/O) + 7 digits, or G + 8 digits (any case). */
export function passportAt(s: string, start: number, end: number): boolean {
  if (end - start !== 9) return false;
  const c0 = s.charCodeAt(start) | 32;
  let from: number;
  if (c0 === 103)
    from = 1; // g
  else if (c0 === 101) {
    const c1 = s.charCodeAt(start + 1);
    if (isDigitCode(c1)) from = 1;
    else {
      const l = c1 | 32;
      if (l < 97 || l > 122 || l === 105 || l === 111) return false;
      from = 2;
    }
  } else return false;
  for (let i = start + from; i < end; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

export function isPassport(value: string): boolean {
  const v = value.trim();
  return passportAt(v, 0, v.length);
}

/**
 * Stock (securities) account: `A` + 9 digits anywhere; `0` + 9 digits only when the column
 * header names an account (`headerIsAccount`).
 */
export function stockAccountAt(
  s: string,
  start: number,
  end: number,
  headerIsAccount: boolean,
): boolean {
  if (end - start !== 10) return false;
  const c0 = s.charCodeAt(start);
  if (!(c0 === 65 || c0 === 97 || (c0 === 48 && headerIsAccount))) return false;
  for (let i = start + 1; i < end; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

export function isStockAccount(value: string, headerIsAccount = false): boolean {
  const v = value.trim();
  return stockAccountAt(v, 0, v.length, headerIsAccount);
}

/** Dotted IPv4, each octet 0–255 (no leading zeros beyond a single 0). */
export function isIpv4(value: string): boolean {
  const parts = value.trim().split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length < 1 || p.length > 3) return false;
    for (let i = 0; i < p.length; i++) if (!isDigitCode(p.charCodeAt(i))) return false;
    if (p.length > 1 && p[0] === '0') return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

/** 32, 40 or 64 hex characters with at least one letter a–f (a digest, not a number). */
export function hexDigestAt(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n !== 32 && n !== 40 && n !== 64) return false;
  let letter = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigitCode(c)) continue;
    const l = c | 32;
    if (l >= 97 && l <= 102) letter = true;
    else return false;
  }
  return letter;
}

export function isHexDigest(value: string): boolean {
  const v = value.trim();
  return hexDigestAt(v, 0, v.length);
}

const EMAIL_LOCAL = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-')
  EMAIL_LOCAL[ch.charCodeAt(0)] = 1;
const EMAIL_DOMAIN = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-')
  EMAIL_DOMAIN[ch.charCodeAt(0)] = 1;

/**
 * Finds the e-mail address around the `@` at `at` in `s` (within `s[lo, hi)`, the value):
 * returns [start, end) or null.
 * Linear in the span examined; spans stop at the next `@`, so a whole value is O(n).
 */
export function emailAround(s: string, at: number, lo = 0, hi = s.length): [number, number] | null {
  let a = at;
  while (a > lo) {
    const c = s.charCodeAt(a - 1);
    if (c < 128 && EMAIL_LOCAL[c]) a--;
    else break;
  }
  while (a < at && s.charCodeAt(a) === 46) a++; // no leading dot
  if (a === at) return null;
  let b = at + 1;
  while (b < hi) {
    const c = s.charCodeAt(b);
    if (c < 128 && EMAIL_DOMAIN[c]) b++;
    else break;
  }
  while (b > at + 1 && (s.charCodeAt(b - 1) === 46 || s.charCodeAt(b - 1) === 45)) b--; // trailing punctuation
  // domain: labels separated by single dots, TLD ≥ 2 letters
  let lastDot = b - 1;
  while (lastDot > at && s.charCodeAt(lastDot) !== 46) lastDot--; // bounded to the domain span
  if (lastDot <= at + 1) return null;
  if (b - lastDot - 1 < 2) return null;
  for (let i = lastDot + 1; i < b; i++) {
    const l = s.charCodeAt(i) | 32;
    if (l < 97 || l > 122) return null;
  }
  let prev = 46;
  for (let i = at + 1; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && (prev === 46 || prev === 45)) return null;
    if (c === 45 && prev === 46) return null;
    prev = c;
  }
  if (s.charCodeAt(at + 1) === 45) return null;
  return [a, b];
}

/** local@domain.tld, the whole (trimmed) value. */
export function isEmail(value: string): boolean {
  const v = value.trim();
  const at = v.indexOf('@');
  if (at < 0 || v.indexOf('@', at + 1) >= 0) return false;
  const r = emailAround(v, at);
  return r !== null && r[0] === 0 && r[1] === v.length;
}

export function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/**
 * v2: IPv6 in full or compressed form, validated by parsing `s[a, b)` (no zone; the caller
 * strips `%zone`): 1–4 hex digits per group, at most one `::`, 8 groups (or fewer with `::`),
 * and an optional dotted IPv4 as the last 32 bits.
 */
export function isIpv6At(s: string, a: number, b: number): boolean {
  if (b - a < 2 || b - a > 45) return false;
  let groups = 0;
  let compressed = false;
  let i = a;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    compressed = true;
    i += 2;
    if (i === b) return true; // "::"
  }
  while (i < b) {
    let j = i;
    while (j < b && j - i < 5 && isHexCode(s.charCodeAt(j))) j++;
    if (j < b && s.charCodeAt(j) === 46) {
      // embedded IPv4: the rest must be a dotted quad
      if (!isIpv4(s.slice(i, b))) return false;
      groups += 2;
      i = b;
      break;
    }
    const len = j - i;
    if (len === 0 || len > 4) return false;
    groups++;
    if (j === b) {
      i = b;
      break;
    }
    if (s.charCodeAt(j) !== 58) return false;
    if (j + 1 < b && s.charCodeAt(j + 1) === 58) {
      if (compressed) return false;
      compressed = true;
      i = j + 2;
      continue;
    }
    if (j + 1 === b) return false; // trailing single colon
    i = j + 1;
  }
  return compressed ? groups < 8 : groups === 8;
}

/** {@link isIpv6At} on a whole value, with an optional `%zone`. */
export function isIpv6(value: string): boolean {
  let v = value.trim();
  const z = v.indexOf('%');
  if (z >= 0) {
    if (!/^[0-9A-Za-z_.-]+$/.test(v.slice(z + 1))) return false;
    v = v.slice(0, z);
  }
  return isIpv6At(v, 0, v.length);
}

export { isAlnumCode, isDigitCode };
