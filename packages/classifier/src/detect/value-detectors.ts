/**
 * Column-level detectors that look at one value: addresses, health terms, the
 * quasi-identifiers (which also need a header hint), district-level locations, coordinates.
 * Regular expressions here have no nested unbounded quantifiers, so they run in linear time.
 */
import {
  F_ADDRESS,
  F_ADMIN,
  F_BUILDING,
  F_HEALTH_FIRST,
  F_PLACE_LAST,
  F_ROAD,
  F_ROOM,
  F_UNIT,
  flagHan,
  HAN,
  hanFlags,
} from './han-flags.js';
import { hasBuilding, hasRoadNumber, hasRoom, hasUnit, isAdminName } from './text-match.js';
import { isRealDate } from './validators.js';

// ---- ADDRESS (street level) ----
// The street/building/unit/room patterns are hand-written matchers (text-match.ts, each
// with its regex as the specification).
const ADDRESS_MARK_EN = /road|rd\b|street|st\b|avenue|ave\b|lane|room/i;
const EN_ADDRESS =
  /\b\d{1,5}[A-Za-z]?\s+(?:[A-Za-z.]{1,20}\s){1,4}(?:road|rd|street|st|avenue|ave|lane|ln|boulevard|blvd)\b/i;
/**
 * v2: a road word followed directly by a number (`新华路12`, `珞喻路123-4`, `解放大道88`); `道`
 * after 频/通/赛/跑/管/轨/车/人/步/隧/渠/知/味 is not a road (频道5 is a channel); a number of
 * kilometres or metres is a distance, not a house number.
 */
export const ROAD_DIRECT_NUMBER_RE =
  /(?:[\u4e00-\u9fff](?:路|街|巷|弄|胡同)|[\u4e00-\u9fff](?<![频通赛跑管轨车人步隧渠知味])道)\s?\d{1,5}(?![\d.]|公里|千米|米|km)/;
/** v2: a building designator (`A座`, `3栋`, `2幢`, `5号楼`) followed by a room number (`A座1201室`, `3栋1201`); not a floor (`A座12层`). */
export const BUILDING_ROOM_RE =
  /(?:[A-Za-z]|\d{1,4})\s?(?:栋|幢|号楼|座)\s?-?\d{1,5}(?![\d.]|层|楼)/;
const EN_ROOM = /\b(?:room|rm|flat|apt|unit)\.?\s?#?\d{1,5}\b/i;

/**
 * Street-level address: road/street/lane + number, or two of building/unit/room
 * (a province, city or district alone is district-level location, not ADDRESS).
 */
export function isAddress(v: string, hasHan = true, hasLetter = true, flags = -1): boolean {
  if (v.length < 4 || v.length > 300) return false;
  const f = hasHan ? (flags >= 0 ? flags : hanFlags(v)) : 0;
  const en = hasLetter && ADDRESS_MARK_EN.test(v);
  if ((f & F_ADDRESS) === 0 && (f & F_ROAD) === 0 && !en) return false;
  if ((f & F_ROAD) !== 0 && (hasRoadNumber(v) || ROAD_DIRECT_NUMBER_RE.test(v))) return true;
  if ((f & F_BUILDING) !== 0 && BUILDING_ROOM_RE.test(v)) return true;
  if (en && EN_ADDRESS.test(v)) return true;
  let parts = 0;
  if ((f & F_BUILDING) !== 0 && hasBuilding(v)) parts++;
  if ((f & F_UNIT) !== 0 && hasUnit(v)) parts++;
  if (((f & F_ROOM) !== 0 && hasRoom(v)) || (en && EN_ROOM.test(v))) parts++;
  return parts >= 2;
}

// ---- HEALTH ----
const HEALTH_TERMS = [
  '高血压',
  '糖尿病',
  '冠心病',
  '心脏病',
  '白内障',
  '青光眼',
  '骨质疏松',
  '关节炎',
  '哮喘',
  '肺炎',
  '肝炎',
  '乙肝',
  '丙肝',
  '艾滋',
  'HIV',
  '癌',
  '肿瘤',
  '白血病',
  '中风',
  '脑卒中',
  '脑梗',
  '心梗',
  '帕金森',
  '阿尔茨海默',
  '痴呆',
  '抑郁',
  '焦虑症',
  '精神分裂',
  '癫痫',
  '结核',
  '肾病',
  '尿毒症',
  '痛风',
  '甲亢',
  '甲减',
  '胃炎',
  '胃溃疡',
  '肝硬化',
  '慢阻肺',
  '支气管炎',
  '贫血',
  '红斑狼疮',
  '银屑病',
  '湿疹',
  '不孕',
  '流产',
  '梅毒',
  '淋病',
  '新冠',
  '骨折',
  '颈椎病',
  '腰椎',
  '高血脂',
  '高尿酸',
  '脂肪肝',
  '失眠',
];
/** Terms by the code unit of their first ideograph (index code - 0x4E00). */
const HEALTH_BY_FIRST: (string[] | null)[] = new Array<string[] | null>(0x9fff - 0x4e00 + 1).fill(
  null,
);
for (const t of HEALTH_TERMS) {
  const c = t.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) {
    flagHan(t[0], F_HEALTH_FIRST);
    (HEALTH_BY_FIRST[c - 0x4e00] ??= []).push(t);
  }
}
function hasHealthTerm(v: string): boolean {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i) - 0x4e00;
    if (c < 0 || c >= HAN.length || (HAN[c] & F_HEALTH_FIRST) === 0) continue;
    for (const t of HEALTH_BY_FIRST[c] as string[]) {
      // v.startsWith(t, i), comparing code units
      if (i + t.length > n) continue;
      let k = 1;
      while (k < t.length && v.charCodeAt(i + k) === t.charCodeAt(k)) k++;
      if (k === t.length) return true;
    }
  }
  return false;
}
const HEALTH_EN =
  /\b(?:hypertension|diabetes|asthma|cancer|carcinoma|tumou?r|leukemia|stroke|dementia|alzheimer|parkinson|depression|schizophrenia|epilepsy|hepatitis|tuberculosis|hiv|aids|arthritis|cataract|glaucoma|osteoporosis|copd|pneumonia|bronchitis|anemia|anaemia|obesity|covid|infarction|insomnia)/i;
const HEALTH_SUFFIX = /[病症炎癌瘤]|障碍|感染|损伤|综合征|中毒/;
/** v2: dotted ICD-10 codes count anywhere in a value (free text included). */
const ICD10_DOTTED = /(?<![A-Za-z0-9.])[A-TV-Z]\d{2}\.\d{1,2}[A-Z]?(?![A-Za-z0-9]|\.\d)/;
const ICD10_BARE = /^[A-TV-Z]\d{2}(?:\.\d{1,2})?[A-Z]?$/;
/** v2: goods words in a `condition` column are not health conditions. */
const GOODS_CONDITIONS = new Set([
  'new',
  'used',
  'like new',
  'brand new',
  'refurbished',
  'open box',
  'mint',
  'excellent',
  'good',
  'fair',
  'poor',
  'damaged',
  'for parts',
  '全新',
  '二手',
  '九成新',
  '八成新',
  '九五新',
  '几乎全新',
  '翻新',
  '良好',
  '一般',
  '较差',
  '完好',
  '破损',
]);

/**
 * A diagnosis or condition: an ICD-10 code (dotted form; bare codes like `E11` only under a
 * health header), a known condition term, or, under a health header, a word with a
 * medical suffix (…病, …症, …炎).
 */
export function isHealthValue(
  v: string,
  hinted: boolean,
  hasHan = true,
  hasLetter = true,
  flags = -1,
  diagnosis = hinted,
): boolean {
  if (v.length > 200) return false;
  if (hinted && GOODS_CONDITIONS.has(v.toLowerCase())) return false;
  if (hasLetter) {
    if (diagnosis && v.length <= 8 && ICD10_BARE.test(v)) return true;
    if (v.length >= 5 && ICD10_DOTTED.test(v)) return true;
    if (v.includes('HIV') || HEALTH_EN.test(v)) return true;
  }
  if (hasHan && (flags < 0 || (flags & F_HEALTH_FIRST) !== 0) && hasHealthTerm(v)) return true;
  return hinted && HEALTH_SUFFIX.test(v);
}

// ---- quasi-identifiers ----

/**
 * Birth date as YYYYMMDD (year-only and year-month values are taken at the latest day of
 * that period: the youngest the person can be, erring on the side of protecting minors).
 * Returns -1 when not a date or in the future.
 */
export function parseBirthDate(v: string, todayNum: number): number {
  const t = v.trim();
  let y = 0;
  let m = 0;
  let d = 0;
  let r = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(t);
  if (r) {
    y = +r[1];
    m = +r[2];
    d = +r[3];
  } else if ((r = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) {
    y = +r[1];
    m = +r[2];
    d = +r[3];
  } else if ((r = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t))) {
    y = +r[1];
    m = +r[2];
    d = m >= 1 && m <= 12 ? [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] : 0;
    if (m === 2 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) d = 28;
  } else if ((r = /^(\d{4})年?$/.exec(t))) {
    y = +r[1];
    m = 12;
    d = 31;
  } else return -1;
  if (!isRealDate(y, m, d)) return -1;
  const n = y * 10000 + m * 100 + d;
  // A year-only value in the current year is still a birth year, not a future date.
  if (n > todayNum && !(/^\d{4}年?$/.test(t) && y * 10000 <= todayNum)) return -1;
  return n;
}

/** Whether someone born on `birth` (YYYYMMDD) is under 14 on `todayNum`. */
export function isUnder14(birth: number, todayNum: number): boolean {
  return todayNum - birth < 140000;
}

/**
 * Age as [low, high]: an integer 0–130 (`35`, `35岁`) or a band (`0-14`, `15~29`, `60+`,
 * `<14`). Returns null when not an age.
 */
export function parseAge(v: string): [number, number] | null {
  const t = v.trim();
  // v2: ages with decimals (63.5) are ages; the whole years count.
  let r = /^(\d{1,3})(?:\.\d+)?\s?(?:岁|years?|yrs?|y)?$/i.exec(t);
  if (r) {
    const a = +r[1];
    return a <= 130 ? [a, a] : null;
  }
  r = /^(\d{1,3})\s?(?:-|~|–|—|至|to)\s?(\d{1,3})\s?(?:岁)?$/.exec(t);
  if (r) {
    const a = +r[1];
    const b = +r[2];
    return a <= b && b <= 130 ? [a, b] : null;
  }
  r = /^(\d{1,3})\s?(?:\+|岁以上|及以上|以上)$/.exec(t);
  if (r) return +r[1] <= 130 ? [+r[1], 130] : null;
  r = /^(?:<|under\s|小于)\s?(\d{1,3})(?:岁)?$/i.exec(t);
  if (r) return +r[1] <= 130 ? [0, Math.max(0, +r[1] - 1)] : null;
  return null;
}

/** An age (or band) describes a person under 14 when its upper bound is at most 14 and its lower below 14. */
export function ageIsMinor(a: [number, number]): boolean {
  return a[0] < 14 && a[1] <= 14;
}

const GENDERS = new Set([
  'm',
  'f',
  'male',
  'female',
  'man',
  'woman',
  '男',
  '女',
  '男性',
  '女性',
  'w',
  'other',
  'unknown',
  '其他',
  '未知',
]);
export function isGender(v: string): boolean {
  return GENDERS.has(v.trim().toLowerCase());
}

/** Mainland postal code: 6 digits, first digit 0–8. */
export function isPostalCode(v: string): boolean {
  const t = v.trim();
  if (t.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return t.charCodeAt(0) !== 57;
}

// ---- district-level location ----
const PROVINCES = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
  '台湾',
  '香港',
  '澳门',
];
const CITIES = [
  '武汉',
  '郑州',
  '长沙',
  '广州',
  '深圳',
  '成都',
  '杭州',
  '南京',
  '西安',
  '苏州',
  '沈阳',
  '青岛',
  '大连',
  '厦门',
  '宁波',
  '济南',
  '合肥',
  '福州',
  '昆明',
  '南昌',
  '南宁',
  '贵阳',
  '太原',
  '石家庄',
  '哈尔滨',
  '长春',
  '兰州',
  '乌鲁木齐',
  '呼和浩特',
  '银川',
  '西宁',
  '拉萨',
  '海口',
  '无锡',
  '东莞',
  '佛山',
  '宜昌',
  '襄阳',
];
const PLACE_SET = new Set([...PROVINCES, ...CITIES]);
for (const p of PLACE_SET) flagHan(p[p.length - 1], F_PLACE_LAST);
const EN_PLACES = new Set([
  'beijing',
  'shanghai',
  'wuhan',
  'guangzhou',
  'shenzhen',
  'hubei',
  'henan',
  'hunan',
  'chengdu',
  'hangzhou',
  'nanjing',
  'zhengzhou',
  'changsha',
  'tianjin',
  'chongqing',
]);

const EN_PLACE_MIN = Math.min(...[...EN_PLACES].map((p) => p.length));
const EN_PLACE_MAX = Math.max(...[...EN_PLACES].map((p) => p.length));

/** A province, city or district name (district-level location). */
export function isDistrictLocation(v: string): boolean {
  const t = v.trim();
  if (t.length < 2 || t.length > 16) return false;
  const last = t.charCodeAt(t.length - 1);
  if (last >= 0x4e00 && last <= 0x9fff) {
    const f = HAN[last - 0x4e00];
    if ((f & F_PLACE_LAST) !== 0 && PLACE_SET.has(t)) return true;
    return (f & F_ADMIN) !== 0 && isAdminName(t);
  }
  // Lower-casing never shortens a string, and only lengthens it with a combining dot (İ), which
  // no place name holds: a value of another length cannot be one.
  if (t.length < EN_PLACE_MIN || t.length > EN_PLACE_MAX) return false;
  return EN_PLACES.has(t.toLowerCase());
}

// ---- coordinates and timestamps ----

/** A decimal number within ±limit; returns NaN otherwise. */
export function parseCoordinate(v: string, limit: number): number {
  const t = v.trim();
  if (t.length === 0 || t.length > 20 || !/^[-+]?\d{1,3}(?:\.\d+)?$/.test(t)) return NaN;
  const x = Number(t);
  return Math.abs(x) <= limit ? x : NaN;
}

const LATLON = /^\(?\s?([-+]?\d{1,2}(?:\.\d+)?)\s?[,;\s]\s?([-+]?\d{1,3}(?:\.\d+)?)\s?\)?$/;
/** One "lat,lon" value; returns [lat, lon] or null. */
export function parseLatLon(v: string): [number, number] | null {
  if (v.length > 60) return null;
  const r = LATLON.exec(v.trim());
  if (!r) return null;
  const lat = Number(r[1]);
  const lon = Number(r[2]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || !r[1].includes('.') || !r[2].includes('.'))
    return null;
  return [lat, lon];
}

const DATETIME = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}/;
/** A timestamp: date + time, or epoch seconds (10 digits) / milliseconds (13 digits). */
export function isTimestamp(v: string): boolean {
  // Both forms start with a digit; trimming never removes a letter or an ideograph.
  const c = v.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0x4e00 && c <= 0x9fff)) return false;
  const t = v.trim();
  if (DATETIME.test(t)) return true;
  return /^1\d{9}(?:\d{3})?$/.test(t);
}
