/**
 * Per-column statistics gathered in one streaming pass. Every structure is bounded:
 * counters are numbers, distinct values go to {@link DistinctCounter}s (exact up to a
 * cap, then estimated).
 */
import { headerHints, type HeaderHints } from '../detect/column-hints.js';
import {
  ID_COUNT,
  IdentifierScanner,
  needsNormalising,
  type Id,
} from '../detect/identifier-scanner.js';
import { isGivenNameValue, isLatinNameWords, isPersonNameValue } from '../detect/names.js';
import { decodeEncoded, Encoded } from '../detect/encoded.js';
import { normaliseValue } from '../detect/normalise.js';
import { parseLatLon, parseCoordinate, isTimestamp } from '../detect/value-detectors.js';
import {
  ageIsMinor,
  isAddress,
  isDistrictLocation,
  isGender,
  isHealthValue,
  isPostalCode,
  isUnder14,
  parseAge,
  parseBirthDate,
} from '../detect/value-detectors.js';
import { DistinctCounter, type DistinctState } from './distinct-counter.js';
import { hashRange, newObservation, ValueMemo, type Observation } from './value-memo.js';

const T_NAME = 1;
const T_ADDRESS = 2;
const T_HEALTH = 4;
const T_LOCATION = 8;
const T_LATIN = 16;
const T_GIVEN = 32;
const T_HAN_PART = 64;
/**
 * Text-detector results are remembered per column for short values (names, districts,
 * categories repeat a lot); the memo is dropped for good once misses outnumber hits after
 * {@link MEMO_TRIAL} misses. Results are the same either way: the detectors are pure.
 */
const MEMO_MAX_LENGTH = 24;
const MEMO_MAX_ENTRIES = 4096;
const MEMO_TRIAL = 2048;
let memoEnabled = true;
/** Tests: profiles created afterwards run without the memo (to prove it changes nothing). */
export function setValueMemo(on: boolean): void {
  memoEnabled = on;
}

/** `s[a, b)` is `[+-]?digits(.digits)?` — a plain number. */
function isNumberAt(s: string, a: number, b: number): boolean {
  let i = s.charCodeAt(a) === 45 || s.charCodeAt(a) === 43 ? a + 1 : a;
  let digits = 0;
  let dot = false;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/**
 * A copy of `v` that shares no memory with the string it was cut from. V8 copies substrings
 * shorter than 13 code units anyway (longer ones reference their parent, which would keep a
 * whole chunk alive), so only longer values take the round trip.
 */
function flatCopy(v: string): string {
  return v.length < 13 ? v : (JSON.parse(JSON.stringify(v)) as string);
}

/** The plain counters of a {@link ColumnProfile}: they add up when segments are merged. */
export const SUMMED_FIELDS = [
  'nonEmpty',
  'nameMatches',
  'addressMatches',
  'healthMatches',
  'birthMatches',
  'ageMatches',
  'ageBandMatches',
  'genderMatches',
  'postalMatches',
  'minorMatches',
  'locationMatches',
  'latinNameMatches',
  'givenNameMatches',
  'hanNameParts',
  'fullBirthMatches',
  'damagedIdMatches',
  'opaqueMatches',
  'decodedMatches',
  'numericValues',
  'intValues',
  'timestampValues',
  'latLonValues',
  'latValues',
  'lonValues',
] as const;
type SummedField = (typeof SUMMED_FIELDS)[number];

/** Everything a {@link ColumnProfile} has counted, as plain data (posted between threads). */
export interface ColumnState {
  sums: Record<SummedField, number>;
  idMatches: Int32Array;
  idDistinct: (DistinctState | null)[];
  digitLen: number;
  intMin: number;
  nameDistinct: DistinctState;
  anyNameDistinct: DistinctState;
  addressDistinct: DistinctState | null;
  opaqueDistinct: DistinctState | null;
}

/** `digitLen` of two parts of a column: 0 = no value, > 0 = every value has that many digits, -1 otherwise. */
export function mergeDigitLen(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return a === b ? a : -1;
}

function mergeCounter(
  mine: DistinctCounter | null,
  theirs: DistinctState | null,
): DistinctCounter | null {
  if (theirs === null) return mine;
  const other = DistinctCounter.fromState(theirs);
  if (mine === null) return other;
  mine.merge(other);
  return mine;
}

export class ColumnProfile {
  readonly hints: HeaderHints;
  nonEmpty = 0;
  /** Values that contain at least one token of each identifier kind. */
  readonly idMatches = new Int32Array(ID_COUNT);
  /** Distinct normalised tokens per identifier kind (created on first hit). */
  readonly idDistinct: (DistinctCounter | null)[] = new Array<DistinctCounter | null>(
    ID_COUNT,
  ).fill(null);
  /** 0 = no value yet; > 0 = every value is a digit string of this length; -1 otherwise. */
  digitLen = 0;
  nameMatches = 0;
  readonly nameDistinct = new DistinctCounter();
  addressMatches = 0;
  addressDistinct: DistinctCounter | null = null;
  healthMatches = 0;
  birthMatches = 0;
  ageMatches = 0;
  ageBandMatches = 0;
  genderMatches = 0;
  postalMatches = 0;
  minorMatches = 0;
  locationMatches = 0;
  /** v2 names: 1–3 capitalised Latin words (counts under a person header), given name + surname-shaped word. */
  latinNameMatches = 0;
  givenNameMatches = 0;
  /** 1–2 ideographs: a surname (姓) or given name (名) of a name pair. */
  hanNameParts = 0;
  /** Distinct values among every kind of name match. */
  readonly anyNameDistinct = new DistinctCounter();
  /** Birth dates with a day (not a year or year-month): "full birth dates" of the group-table rule. */
  fullBirthMatches = 0;
  /** v2: ID-shaped values damaged by a spreadsheet (scientific notation, 18 digits ending in 000). */
  damagedIdMatches = 0;
  /** v2: base64/hex values that decode to nothing readable and are not digests. */
  opaqueMatches = 0;
  opaqueDistinct: DistinctCounter | null = null;
  /** Values that were base64/hex-encoded text (scanned decoded as well). */
  decodedMatches = 0;
  /** Values that are plain numbers (integers or decimals). */
  numericValues = 0;
  /** Values that are integers of at most 15 digits; their minimum (count columns). */
  intValues = 0;
  intMin = Infinity;
  /** Row-level role evidence over the whole file (the whole file decides, v2). */
  timestampValues = 0;
  latLonValues = 0;
  latValues = 0;
  lonValues = 0;
  /** Of the last observed value: digit-only length (or -1) and its normalised form (or null). */
  lastDigitLen = -1;
  lastNormalised: string | null = null;
  private memo: ValueMemo | null = memoEnabled ? new ValueMemo(MEMO_MAX_ENTRIES) : null;
  private memoHits = 0;
  private memoMisses = 0;
  private readonly memoScratch = newObservation();
  /** Receives the hash of each normalised token (no token strings are built). */
  readonly hashSink: (id: Id, hash: number) => void;

  constructor(
    readonly name: string,
    readonly index: number,
    private readonly scanner: IdentifierScanner,
    private readonly todayNum: number,
  ) {
    this.hints = headerHints(needsNormalising(name) ? normaliseValue(name) : name); // v2: ｐｈｏｎｅ, 身份证\u200b号
    this.hashSink = (id, hash) => {
      let d = this.idDistinct[id];
      if (d === null) d = this.idDistinct[id] = new DistinctCounter();
      d.addHash(hash);
    };
  }

  /** What this profile has counted (see {@link absorb}). */
  toState(): ColumnState {
    const sums = {} as Record<SummedField, number>;
    for (const f of SUMMED_FIELDS) sums[f] = this[f];
    return {
      sums,
      idMatches: this.idMatches,
      idDistinct: this.idDistinct.map((d) => (d ? d.toState() : null)),
      digitLen: this.digitLen,
      intMin: this.intMin,
      nameDistinct: this.nameDistinct.toState(),
      anyNameDistinct: this.anyNameDistinct.toState(),
      addressDistinct: this.addressDistinct?.toState() ?? null,
      opaqueDistinct: this.opaqueDistinct?.toState() ?? null,
    };
  }

  /**
   * Adds what a profile of the same column counted over the records that follow those seen
   * here: afterwards this profile is what observing all of them in order would have given
   * (counts add, minima and digit lengths combine, distinct counters unite — each exactly).
   */
  absorb(st: ColumnState): void {
    for (const f of SUMMED_FIELDS) this[f] += st.sums[f];
    for (let i = 0; i < ID_COUNT; i++) {
      this.idMatches[i] += st.idMatches[i];
      this.idDistinct[i] = mergeCounter(this.idDistinct[i], st.idDistinct[i]);
    }
    this.digitLen = mergeDigitLen(this.digitLen, st.digitLen);
    if (st.intMin < this.intMin) this.intMin = st.intMin;
    this.nameDistinct.merge(DistinctCounter.fromState(st.nameDistinct));
    this.anyNameDistinct.merge(DistinctCounter.fromState(st.anyNameDistinct));
    this.addressDistinct = mergeCounter(this.addressDistinct, st.addressDistinct);
    this.opaqueDistinct = mergeCounter(this.opaqueDistinct, st.opaqueDistinct);
  }

  /** Observes one trimmed, non-empty value. */
  observe(v: string): void {
    this.observeRange(v, 0, v.length);
  }

  /**
   * Observes the trimmed, non-empty value `s[a, b)` — exactly as {@link observe} of
   * `s.slice(a, b)`; the substring is created only when a text detector needs it (the value
   * has an ideograph or a letter, or the header hints at a quasi-identifier). Short values
   * that repeat (names, districts, categories) are looked up in the column's memo in place
   * and not scanned again: what a value yields is a pure function of the value and the
   * column, and every distinct counter ignores a value it has seen.
   */
  observeRange(s: string, a: number, b: number): void {
    const memo = this.memo;
    if (memo !== null && b - a <= MEMO_MAX_LENGTH) {
      const h = hashRange(s, a, b);
      const hit = memo.get(s, a, b, h);
      if (hit !== null) {
        this.memoHits++;
        this.apply(hit, hit.seen, 0, hit.seen.length);
        return;
      }
      const o = this.examine(s, a, b, this.memoScratch);
      if (memo.size < MEMO_MAX_ENTRIES) {
        // A flat copy as key: a substring of the chunk would keep the whole chunk alive.
        const key = flatCopy(s.slice(a, b));
        const h0 = this.hints;
        // `seen` is read again only by the quasi-identifier detectors (text values) or as the value itself.
        const seen = !o.text
          ? key
          : h0.birth || h0.age || h0.gender || h0.postal
            ? flatCopy(o.seen)
            : '';
        const e = { ...o, seen };
        memo.set(key, h, e);
      }
      if (++this.memoMisses >= MEMO_TRIAL && this.memoHits < this.memoMisses) this.memo = null; // values rarely repeat
      this.apply(o, s, a, b);
      return;
    }
    this.apply(this.examine(s, a, b, this.memoScratch), s, a, b);
  }

  /**
   * Runs the detectors on `s[a, b)` into `o`. Its only side effects are adds to distinct
   * counters (idempotent); the counts are applied by {@link apply}.
   */
  private examine(s: string, a: number, b: number, o: Observation): Observation {
    const scanner = this.scanner;
    const h = this.hints;
    let mask = scanner.scanRange(s, a, b, h.account, null, this.hashSink);
    const han = scanner.hasHan;
    const letter = scanner.hasLetter;
    // v2: detection sees the normalised value (NFKC, zero-width removed); counts stay per original value.
    const norm = scanner.normalised;
    o.digitLen = scanner.digitOnlyLen;
    o.norm = norm;
    o.decoded = false;
    o.opaque = false;
    o.timestamp = false;
    o.textBits = 0;
    if (!han && !letter) {
      // Digits and punctuation only: none of the text detectors can match (see apply).
      o.mask = mask;
      o.text = false;
      o.seen = '';
      return o;
    }
    o.text = true;
    let v = norm ?? (a === 0 && b === s.length ? s : s.slice(a, b));
    let fh = han;
    let fl = letter;
    let ff = scanner.hanFlags;
    if (!han && v.length >= 16) {
      // v2: base64/hex values are decoded; text is scanned as well, the rest may be opaque.
      const dec = decodeEncoded(v);
      if (dec.kind === Encoded.TEXT) {
        o.decoded = true;
        mask |= scanner.scanRange(dec.text, 0, dec.text.length, h.account, null, this.hashSink);
        v = scanner.normalised ?? dec.text;
        fh = scanner.hasHan;
        fl = scanner.hasLetter;
        ff = scanner.hanFlags;
      } else if (dec.kind === Encoded.OPAQUE) {
        o.opaque = true;
        (this.opaqueDistinct ??= new DistinctCounter()).add(v);
      }
    }
    o.mask = mask;
    const r = this.textMatches(v, fh, fl, ff);
    o.textBits = r;
    if ((r & (T_NAME | T_LATIN | T_GIVEN | T_HAN_PART)) !== 0) {
      if ((r & T_NAME) !== 0) this.nameDistinct.add(v);
      this.anyNameDistinct.add(v);
    }
    if ((r & T_ADDRESS) !== 0) (this.addressDistinct ??= new DistinctCounter()).add(v);
    if (h.time || v.length >= 15) o.timestamp = isTimestamp(v);
    o.seen = v;
    return o;
  }

  /** Counts what {@link examine} found for the value `s[a, b)`. */
  private apply(o: Observation, s: string, a: number, b: number): void {
    this.nonEmpty++;
    const d = o.digitLen;
    const norm = o.norm;
    this.lastDigitLen = d;
    this.lastNormalised = norm;
    if (this.digitLen === 0) this.digitLen = d > 0 ? d : -1;
    else if (this.digitLen > 0 && d !== this.digitLen) this.digitLen = -1;
    const h = this.hints;
    const qi = h.birth || h.age || h.gender || h.postal;
    const mask = o.mask;
    if (!o.text) {
      // No substring unless a detector needs one (the fast path's point).
      if (norm !== null) this.observeNumeric(norm, 0, norm.length, d, mask);
      else this.observeNumeric(s, a, b, d, mask);
      if (qi) this.observeQi(norm ?? (a === 0 && b === s.length ? s : s.slice(a, b)));
      this.count(mask);
      return;
    }
    if (o.decoded) this.decodedMatches++;
    if (o.opaque) this.opaqueMatches++;
    this.count(mask);
    const r = o.textBits;
    if ((r & (T_NAME | T_LATIN | T_GIVEN | T_HAN_PART)) !== 0) {
      if ((r & T_NAME) !== 0) this.nameMatches++;
      if ((r & T_LATIN) !== 0) this.latinNameMatches++;
      if ((r & T_GIVEN) !== 0) this.givenNameMatches++;
      if ((r & T_HAN_PART) !== 0) this.hanNameParts++;
    }
    if ((r & T_ADDRESS) !== 0) this.addressMatches++;
    if ((r & T_HEALTH) !== 0) this.healthMatches++;
    if ((r & T_LOCATION) !== 0) this.locationMatches++;
    if (qi) this.observeQi(o.seen);
    if (o.timestamp) this.timestampValues++;
  }

  private count(mask: number): void {
    while (mask !== 0) {
      const bit = 31 - Math.clz32(mask);
      this.idMatches[bit]++;
      mask &= ~(1 << bit);
    }
  }

  /** A value of digits and punctuation: numbers, counts, coordinates, timestamps, damaged IDs. */
  private observeNumeric(s: string, a: number, b: number, d: number, mask: number): void {
    const h = this.hints;
    const c0 = s.charCodeAt(a);
    if (d > 0) {
      this.numericValues++;
      if (d <= 15) {
        this.intValues++;
        if (h.count) {
          const x = Number(s.slice(a, b));
          if (x < this.intMin) this.intMin = x;
        }
      }
      if ((d === 10 || d === 13) && c0 === 49) this.timestampValues++;
      if (
        h.idNumber &&
        d === 18 &&
        (mask & 1) === 0 &&
        s.charCodeAt(b - 1) === 48 &&
        s.charCodeAt(b - 2) === 48 &&
        s.charCodeAt(b - 3) === 48
      ) {
        this.damagedIdMatches++;
      }
      return;
    }
    const n = b - a;
    if (isNumberAt(s, a, b)) {
      this.numericValues++;
      if (h.lat || h.lon) {
        const v = s.slice(a, b);
        if (h.lat && !Number.isNaN(parseCoordinate(v, 90))) this.latValues++;
        if (h.lon && !Number.isNaN(parseCoordinate(v, 180))) this.lonValues++;
      }
      return;
    }
    if (h.idNumber && n <= 24) {
      if (/^\d(?:\.\d+)?e\+?1[4-7]$/i.test(s.slice(a, b))) this.damagedIdMatches++;
    }
    if (n >= 15 && c0 >= 48 && c0 <= 57) {
      const v = s.slice(a, b);
      if (isTimestamp(v)) {
        this.timestampValues++;
        return;
      }
    }
    const dot = s.indexOf('.', a);
    if (n >= 7 && n <= 60 && dot >= 0 && dot < b) {
      const v = s.slice(a, b);
      if (parseLatLon(v) !== null) this.latLonValues++;
    }
  }

  /** Which text detectors accept `v` (a pure function of the value and the header). */
  private textMatches(v: string, han: boolean, letter: boolean, flags: number): number {
    const n = v.length;
    const c0 = v.charCodeAt(0);
    let r = 0;
    if (n <= 40 && (c0 >= 0x4e00 || (c0 >= 65 && c0 <= 90))) {
      if (isPersonNameValue(v)) r |= T_NAME;
      if (
        n <= 2 &&
        c0 >= 0x4e00 &&
        c0 <= 0x9fff &&
        (n === 1 || (v.charCodeAt(1) >= 0x4e00 && v.charCodeAt(1) <= 0x9fff))
      )
        r |= T_HAN_PART;
      if (c0 < 128) {
        if (isLatinNameWords(v)) r |= T_LATIN;
        if (isGivenNameValue(v)) r |= T_GIVEN;
      }
    }
    if (n >= 4 && isAddress(v, han, letter, flags)) r |= T_ADDRESS;
    if (isHealthValue(v, this.hints.health, han, letter, flags, this.hints.diagnosis))
      r |= T_HEALTH;
    if (n <= 16 && isDistrictLocation(v)) r |= T_LOCATION;
    return r;
  }

  private observeQi(v: string): void {
    const h = this.hints;
    if (h.birth) {
      const b = parseBirthDate(v, this.todayNum);
      if (b > 0) {
        this.birthMatches++;
        if (/\d{1,2}\D*\d{1,2}/.test(v.slice(4)) || /^\d{8}$/.test(v)) this.fullBirthMatches++;
        if (isUnder14(b, this.todayNum)) this.minorMatches++;
      }
    }
    if (h.age) {
      const a = parseAge(v);
      if (a) {
        this.ageMatches++;
        if (a[0] !== a[1]) this.ageBandMatches++;
        if (ageIsMinor(a)) this.minorMatches++;
      }
    }
    if (h.gender && isGender(v)) this.genderMatches++;
    if (h.postal && isPostalCode(v)) this.postalMatches++;
  }
}
