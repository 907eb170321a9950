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

/** `[A-Za-z0-9_]`: a word character for `\b` in a non-Unicode regex. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** ASCII letters to lower case; other code units unchanged (a non-Unicode /i regex never folds non-ASCII to ASCII). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Whether `s` has lower-case ASCII word `w` at `p`, case-insensitively. */
function wordAt(s: string, p: number, w: string): boolean {
  if (p + w.length > s.length) return false;
  for (let k = 0; k < w.length; k++) if (lower(s.charCodeAt(p + k)) !== w.charCodeAt(k)) return false;
  return true;
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
    else if ((c === C_DA && s.charCodeAt(q + 1) === C_DAO) || (c === C_HU && s.charCodeAt(q + 1) === C_TONG)) r = q + 2;
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
    if (c === 0x680b /* 栋 */ || c === 0x5e62 /* 幢 */ || c === 0x5ea7 /* 座 */ || (c === C_HAO && s.charCodeAt(q + 1) === 0x697c) /* 号楼 */) {
      if (digitBefore(s, q)) return true;
    }
  }
  return false;
}

export const UNIT_RE = /\d{1,3}\s?单元/;
/** {@link UNIT_RE}`.test(s)`. */
export function hasUnit(s: string): boolean {
  for (let q = s.indexOf('单元', 1); q >= 0; q = s.indexOf('单元', q + 1)) if (digitBefore(s, q)) return true;
  return false;
}

export const ROOM_RE = /\d{1,5}\s?室/;
/** {@link ROOM_RE}`.test(s)`. */
export function hasRoom(s: string): boolean {
  for (let q = s.indexOf('室', 1); q >= 0; q = s.indexOf('室', q + 1)) if (digitBefore(s, q)) return true;
  return false;
}

export const ADDRESS_MARK_EN_RE = /road|rd\b|street|st\b|avenue|ave\b|lane|room/i;
/** {@link ADDRESS_MARK_EN_RE}`.test(s)`. */
export function hasEnglishAddressMark(s: string): boolean {
  const n = s.length;
  for (let p = 0; p < n; p++) {
    const c = lower(s.charCodeAt(p));
    if (c === 114 /* r */) {
      if (wordAt(s, p, 'road') || wordAt(s, p, 'room')) return true;
      if (wordAt(s, p, 'rd') && (p + 2 >= n || !isWordChar(s.charCodeAt(p + 2)))) return true;
    } else if (c === 115 /* s */) {
      if (wordAt(s, p, 'street')) return true;
      if (wordAt(s, p, 'st') && (p + 2 >= n || !isWordChar(s.charCodeAt(p + 2)))) return true;
    } else if (c === 97 /* a */) {
      if (wordAt(s, p, 'avenue')) return true;
      if (wordAt(s, p, 'ave') && (p + 3 >= n || !isWordChar(s.charCodeAt(p + 3)))) return true;
    } else if (c === 108 /* l */) {
      if (wordAt(s, p, 'lane')) return true;
    }
  }
  return false;
}

export const HEALTH_EN_RE =
  /\b(?:hypertension|diabetes|asthma|cancer|carcinoma|tumou?r|leukemia|stroke|dementia|alzheimer|parkinson|depression|schizophrenia|epilepsy|hepatitis|tuberculosis|hiv|aids|arthritis|cataract|glaucoma|osteoporosis|copd|pneumonia|bronchitis|anemia|anaemia|obesity|covid|infarction|insomnia)/i;
const HEALTH_EN_WORDS = [
  'hypertension', 'diabetes', 'asthma', 'cancer', 'carcinoma', 'tumor', 'tumour', 'leukemia', 'stroke', 'dementia',
  'alzheimer', 'parkinson', 'depression', 'schizophrenia', 'epilepsy', 'hepatitis', 'tuberculosis', 'hiv', 'aids',
  'arthritis', 'cataract', 'glaucoma', 'osteoporosis', 'copd', 'pneumonia', 'bronchitis', 'anemia', 'anaemia',
  'obesity', 'covid', 'infarction', 'insomnia',
];
/** Terms by their first (lower-case) letter. */
const HEALTH_EN_BY_FIRST: (string[] | undefined)[] = new Array<string[] | undefined>(128);
for (const w of HEALTH_EN_WORDS) (HEALTH_EN_BY_FIRST[w.charCodeAt(0)] ??= []).push(w);
/** {@link HEALTH_EN_RE}`.test(s)`: a term at the start of a word (no trailing boundary). */
export function hasEnglishHealthTerm(s: string): boolean {
  const n = s.length;
  let prevWord = false;
  for (let p = 0; p < n; p++) {
    const c = s.charCodeAt(p);
    const word = isWordChar(c);
    if (word && !prevWord) {
      const list = HEALTH_EN_BY_FIRST[lower(c)];
      if (list !== undefined) for (const w of list) if (wordAt(s, p, w)) return true;
    }
    prevWord = word;
  }
  return false;
}
