/**
 * Per-column statistics gathered in one streaming pass. Every structure is bounded:
 * counters are numbers, distinct values go to {@link DistinctCounter}s (exact up to a
 * cap, then estimated).
 */
import { headerHints, type HeaderHints } from '../detect/column-hints.js';
import { ID_COUNT, IdentifierScanner, type Id } from '../detect/identifier-scanner.js';
import { isPersonNameValue } from '../detect/names.js';
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
import { DistinctCounter } from './distinct-counter.js';

const T_NAME = 1;
const T_ADDRESS = 2;
const T_HEALTH = 4;
const T_LOCATION = 8;
/**
 * Text-detector results are remembered per column for short values (names, districts,
 * categories repeat a lot); the memo is dropped for good once misses outnumber hits after
 * {@link MEMO_TRIAL} misses. Results are the same either way: the detectors are pure.
 */
const MEMO_MAX_LENGTH = 24;
const MEMO_MAX_ENTRIES = 4096;
const MEMO_TRIAL = 2048;

function flatCopy(v: string): string {
  return (JSON.parse(JSON.stringify(v)) as string);
}

export class ColumnProfile {
  readonly hints: HeaderHints;
  nonEmpty = 0;
  /** Values that contain at least one token of each identifier kind. */
  readonly idMatches = new Int32Array(ID_COUNT);
  /** Distinct normalised tokens per identifier kind (created on first hit). */
  readonly idDistinct: (DistinctCounter | null)[] = new Array<DistinctCounter | null>(ID_COUNT).fill(null);
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
  private memo: Map<string, number> | null = new Map();
  private memoHits = 0;
  private memoMisses = 0;
  /** Receives the hash of each normalised token (no token strings are built). */
  readonly hashSink: (id: Id, hash: number) => void;

  constructor(
    readonly name: string,
    readonly index: number,
    private readonly scanner: IdentifierScanner,
    private readonly todayNum: number,
  ) {
    this.hints = headerHints(name);
    this.hashSink = (id, hash) => {
      let d = this.idDistinct[id];
      if (d === null) d = this.idDistinct[id] = new DistinctCounter();
      d.addHash(hash);
    };
  }

  /** Observes one trimmed, non-empty value. */
  observe(v: string): void {
    this.observeRange(v, 0, v.length);
  }

  /**
   * Observes the trimmed, non-empty value `s[a, b)` — exactly as {@link observe} of
   * `s.slice(a, b)`; the substring is created only when a text detector needs it (the value
   * has an ideograph or a letter, or the header hints at a quasi-identifier).
   */
  observeRange(s: string, a: number, b: number): void {
    this.nonEmpty++;
    let mask = this.scanner.scanRange(s, a, b, this.hints.account, null, this.hashSink);
    while (mask !== 0) {
      const bit = 31 - Math.clz32(mask);
      this.idMatches[bit]++;
      mask &= ~(1 << bit);
    }
    const d = this.scanner.digitOnlyLen;
    if (this.digitLen === 0) this.digitLen = d > 0 ? d : -1;
    else if (this.digitLen > 0 && d !== this.digitLen) this.digitLen = -1;

    const han = this.scanner.hasHan;
    const letter = this.scanner.hasLetter;
    const flags = this.scanner.hanFlags;
    const qi = this.hints.birth || this.hints.age || this.hints.gender || this.hints.postal;
    if (!han && !letter) {
      // Digits and punctuation only: none of the text detectors can match.
      if (qi) this.observeQi(a === 0 && b === s.length ? s : s.slice(a, b));
      return;
    }
    const v = a === 0 && b === s.length ? s : s.slice(a, b);
    const n = v.length;
    let r: number;
    const memo = this.memo;
    if (memo !== null && n <= MEMO_MAX_LENGTH) {
      const m = memo.get(v);
      if (m !== undefined) {
        r = m;
        this.memoHits++;
      } else {
        r = this.textMatches(v, han, letter, flags);
        // A flat copy as key: a substring of the chunk would keep the whole chunk alive.
        if (memo.size < MEMO_MAX_ENTRIES) memo.set(flatCopy(v), r);
        if (++this.memoMisses >= MEMO_TRIAL && this.memoHits < this.memoMisses) this.memo = null; // values rarely repeat
      }
    } else r = this.textMatches(v, han, letter, flags);
    if ((r & T_NAME) !== 0) {
      this.nameMatches++;
      this.nameDistinct.add(v);
    }
    if ((r & T_ADDRESS) !== 0) {
      this.addressMatches++;
      (this.addressDistinct ??= new DistinctCounter()).add(v);
    }
    if ((r & T_HEALTH) !== 0) this.healthMatches++;
    if ((r & T_LOCATION) !== 0) this.locationMatches++;
    if (qi) this.observeQi(v);
  }

  /** Which text detectors accept `v` (a pure function of the value and the header). */
  private textMatches(v: string, han: boolean, letter: boolean, flags: number): number {
    const n = v.length;
    const c0 = v.charCodeAt(0);
    let r = 0;
    if (n <= 40 && (c0 >= 0x4e00 || (c0 >= 65 && c0 <= 90)) && isPersonNameValue(v)) r |= T_NAME;
    if (n >= 4 && isAddress(v, han, letter, flags)) r |= T_ADDRESS;
    if (isHealthValue(v, this.hints.health, han, letter, flags)) r |= T_HEALTH;
    if (n <= 16 && isDistrictLocation(v)) r |= T_LOCATION;
    return r;
  }

  private observeQi(v: string): void {
    const h = this.hints;
    if (h.birth) {
      const b = parseBirthDate(v, this.todayNum);
      if (b > 0) {
        this.birthMatches++;
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
