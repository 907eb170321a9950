/**
 * Hand-written equivalents of the regular expressions on the per-value hot path of the text
 * detectors (value-detectors.ts). Each `…_RE` constant is the specification: the function
 * next to it returns exactly `RE.test(v)` (text-match.spec.ts checks this on random
 * strings) but scans the value once, without the regex engine's per-position restarts.
 */

/** `\s` of a non-Unicode JavaScript regex (WhiteSpace and LineTerminator). */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A digit right before `q`, or one `\s` and a digit before that (`\d{1,n}\s?` ending at q). */
function digitBefore(s: string, q: number): boolean {
  if (q >= 1 && isDigit(s.charCodeAt(q - 1))) return true;
  return q >= 2 && isJsSpace(s.charCodeAt(q - 1)) && isDigit(s.charCodeAt(q - 2));
}

export const ROAD_NUMBER_RE = /[\u4e00-\u9fff](?:路|街|巷|弄|大道|胡同)\s?\d{1,5}\s?(?:号|弄|巷)/;
const C_LU = 0x8def; // 路
const C_JIE = 0x8857; // 街
const C_XIANG = 0x5df7; // 巷
const C_NONG = 0x5f04; // 弄
const C_DA = 0x5927; // 大
const C_DAO = 0x9053; // 道
const C_HU = 0x80e1; // 胡
const C_TONG = 0x540c; // 同
const C_HAO = 0x53f7; // 号
/** {@link ROAD_NUMBER_RE}`.test(s)`. */
export function hasRoadNumber(s: string): boolean {
  const n = s.length;
  for (let q = 1; q < n; q++) {
    const c = s.charCodeAt(q);
    let r: number;
    if (c === C_LU || c === C_JIE || c === C_XIANG || c === C_NONG) r = q + 1;
    else if (
      (c === C_DA && s.charCodeAt(q + 1) === C_DAO) ||
      (c === C_HU && s.charCodeAt(q + 1) === C_TONG)
    )
      r = q + 2;
    else continue;
    const h = s.charCodeAt(q - 1);
    if (h < 0x4e00 || h > 0x9fff) continue;
    if (r < n && isJsSpace(s.charCodeAt(r))) r++;
    // \d{1,5} is followed by \s or 号/弄/巷, never a digit: the digit run must be whole.
    let t = r;
    while (t < n && isDigit(s.charCodeAt(t))) t++;
    if (t === r || t - r > 5) continue;
    if (t < n && isJsSpace(s.charCodeAt(t))) t++;
    if (t >= n) continue;
    const e = s.charCodeAt(t);
    if (e === C_HAO || e === C_NONG || e === C_XIANG) return true;
  }
  return false;
}

export const BUILDING_RE = /\d{1,4}\s?(?:栋|幢|号楼|座)/;
/** {@link BUILDING_RE}`.test(s)`. */
export function hasBuilding(s: string): boolean {
  for (let q = 1; q < s.length; q++) {
    const c = s.charCodeAt(q);
    if (
      c === 0x680b /* 栋 */ ||
      c === 0x5e62 /* 幢 */ ||
      c === 0x5ea7 /* 座 */ ||
      (c === C_HAO && s.charCodeAt(q + 1) === 0x697c) /* 号楼 */
    ) {
      if (digitBefore(s, q)) return true;
    }
  }
  return false;
}

export const UNIT_RE = /\d{1,3}\s?单元/;
/** {@link UNIT_RE}`.test(s)`. */
export function hasUnit(s: string): boolean {
  for (let q = s.indexOf('单元', 1); q >= 0; q = s.indexOf('单元', q + 1))
    if (digitBefore(s, q)) return true;
  return false;
}

export const ROOM_RE = /\d{1,5}\s?室/;
/** {@link ROOM_RE}`.test(s)`. */
export function hasRoom(s: string): boolean {
  for (let q = s.indexOf('室', 1); q >= 0; q = s.indexOf('室', q + 1))
    if (digitBefore(s, q)) return true;
  return false;
}

export const ADMIN_SUFFIX_RE = /^[\u4e00-\u9fff]{1,12}(?:省|市|区|县|州|盟|旗|自治区|特别行政区)$/;
/** {@link ADMIN_SUFFIX_RE}`.test(s)`: ideographs only, 1–12 of them before an administrative suffix. */
export function isAdminName(s: string): boolean {
  const n = s.length;
  if (n < 2) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) return false;
  }
  const last = s.charCodeAt(n - 1);
  // 省 市 区 县 州 盟 旗
  if (
    n - 1 <= 12 &&
    (last === 0x7701 ||
      last === 0x5e02 ||
      last === 0x533a ||
      last === 0x53bf ||
      last === 0x5dde ||
      last === 0x76df ||
      last === 0x65d7)
  ) {
    return true;
  }
  if (n - 3 >= 1 && n - 3 <= 12 && s.endsWith('自治区')) return true;
  return n - 5 >= 1 && n - 5 <= 12 && s.endsWith('特别行政区');
}
