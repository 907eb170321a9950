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
    const c0 = v.charCodeAt(0);
    if (n <= 40 && (c0 >= 0x4e00 || (c0 >= 65 && c0 <= 90)) && isPersonNameValue(v)) {
      this.nameMatches++;
      this.nameDistinct.add(v);
    }
    if (n >= 4 && isAddress(v, han, letter, flags)) {
      this.addressMatches++;
      (this.addressDistinct ??= new DistinctCounter()).add(v);
    }
    if (isHealthValue(v, this.hints.health, han, letter, flags)) this.healthMatches++;
    if (n <= 16 && isDistrictLocation(v)) this.locationMatches++;
    if (qi) this.observeQi(v);
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
