/**
 * The streaming pass: receives every record and feeds each value to its column profile.
 * v2 — the whole file decides: no decision is taken on a prefix. Column statistics cover every
 * row; row-level structures (k-anonymity classes, group-table rows, location traces) are
 * tracked over the roles the header predicts ({@link headerPlan}); when the roles the whole
 * file settles on differ, classify.ts recomputes them in a second pass. Adjacent digit-only
 * columns are checked row by row for identifiers split over two columns.
 */
import { IdentifierScanner } from '../detect/identifier-scanner.js';
import { isJsSpace } from '../detect/text-match.js';
import {
  cardIssuerOkAt,
  dateNumber,
  luhnAt,
  mobileStartAt,
  residentIdAt,
} from '../detect/validators.js';
import type { TableSink } from '../input/read-table.js';
import { ColumnProfile, type ColumnState } from './column-profile.js';
import { DistinctCounter, type DistinctState } from './distinct-counter.js';
import { headerPlan, needsRows, RowTracker, type RowPlan } from './row-plan.js';

export { qiKey } from './row-plan.js';

/** Types an identifier split over two adjacent digit-only columns can have (v2 SPLIT_IDENTIFIER). */
export type SplitType = 'CN_RESIDENT_ID' | 'BANK_CARD' | 'CN_MOBILE';

/** Row-by-row concatenations of columns `left` and `left + 1`. */
export class SplitPair {
  readonly hits: Record<SplitType, number> = { CN_RESIDENT_ID: 0, BANK_CARD: 0, CN_MOBILE: 0 };
  readonly distinct: Record<SplitType, DistinctCounter | null> = {
    CN_RESIDENT_ID: null,
    BANK_CARD: null,
    CN_MOBILE: null,
  };
  constructor(readonly left: number) {}
}

/** Which identifier the concatenation `d` of two digit-only values is, if any. */
export function splitTypeOf(d: string, todayNum: number): SplitType | null {
  const n = d.length;
  if (n === 18 && residentIdAt(d, 0, 18, todayNum)) return 'CN_RESIDENT_ID';
  if (n >= 13 && cardIssuerOkAt(d, 0, n) && luhnAt(d, 0, n)) return 'BANK_CARD';
  if ((n === 11 || n === 13 || n === 15) && mobileStartAt(d, 0, n) >= 0) return 'CN_MOBILE';
  return null;
}

/** What a {@link TableProfiler} counted over a run of records, as plain data (posted between threads). */
export interface ProfileState {
  rows: number;
  duplicateValues: number;
  cols: ColumnState[];
  /** Split-identifier pairs in the order they were first seen. */
  splits: {
    left: number;
    hits: Record<SplitType, number>;
    distinct: Record<SplitType, DistinctState | null>;
  }[];
}

const SPLIT_TYPES: SplitType[] = ['CN_RESIDENT_ID', 'BANK_CARD', 'CN_MOBILE'];

export class TableProfiler implements TableSink {
  readonly cols: ColumnProfile[] = [];
  readonly warnings: string[] = [];
  rows = 0;
  readonly todayNum: number;
  readonly scanner: IdentifierScanner;
  /** The plan tracked while streaming (from the header), set at the first record. */
  plan: RowPlan | null = null;
  tracker: RowTracker | null = null;
  /** Adjacent digit-only column pairs, by left column index. */
  readonly splits = new Map<number, SplitPair>();
  /** JSON values of duplicated keys (v2: every occurrence is a value of its column). */
  duplicateValues = 0;
  private prevDigit = -1; // column index of the previous digit-only value of this record
  /** That value: its normalised form, or the range prevA..prevB of prevSrc (sliced only when needed). */
  private prevNorm: string | null = null;
  private prevSrc = '';
  private prevA = 0;
  private prevB = 0;

  constructor(readonly now: Date) {
    this.todayNum = dateNumber(now);
    this.scanner = new IdentifierScanner(this.todayNum);
  }

  columns(names: readonly string[]): void {
    for (let i = this.cols.length; i < names.length; i++) {
      this.cols.push(new ColumnProfile(names[i], i, this.scanner, this.todayNum));
    }
  }

  /** True when the first CSV record was taken as data (no header row). */
  headerless = false;

  isHeader(first: readonly string[]): boolean {
    // A header row holds names, not data: if any field is an identifier or a long number, it is data.
    for (const f of first) {
      const t = f.trim();
      if (t.length === 0) continue;
      if (this.scanner.scan(t, false, null) !== 0 || this.scanner.digitOnlyLen >= 5) {
        this.headerless = true;
        return false;
      }
    }
    return true;
  }

  warning(message: string): void {
    this.warnings.push(message);
  }

  private start(): void {
    this.plan = headerPlan(this.cols);
    if (needsRows(this.plan)) this.tracker = new RowTracker(this.plan);
  }

  row(values: readonly string[], extras?: readonly (readonly [number, string])[]): void {
    if (this.plan === null) this.start();
    this.rows++;
    const cols = this.cols;
    const n = cols.length;
    this.prevDigit = -1;
    for (let c = 0; c < n; c++) {
      let v = c < values.length ? values[c] : '';
      const len = v.length;
      if (len === 0) {
        this.prevDigit = -1;
        continue;
      }
      if (v.charCodeAt(0) <= 32 || v.charCodeAt(len - 1) <= 32) {
        v = v.trim();
        if (v.length === 0) {
          this.prevDigit = -1;
          continue;
        }
      }
      cols[c].observe(v);
      this.afterValue(cols[c], v, 0, v.length);
    }
    if (extras) {
      for (const [c, v] of extras) {
        const t = v.trim();
        if (t && c < n) {
          // Detected and counted as matches, but the record still counts once in the column's
          // non-empty values: diluting a column with repeated keys must not lower its ratio.
          cols[c].observe(t);
          cols[c].nonEmpty--;
          this.duplicateValues++;
        }
      }
    }
    if (this.tracker !== null) this.tracker.add(values);
  }

  /**
   * Fast path for a CSV record (see {@link TableSink.rowRange}): the same as `row` of its
   * fields, but values are observed in place. Records needed as strings (row-level
   * structures are tracked) go through `row`.
   */
  rowRange(text: string, bounds: Int32Array, count: number): void {
    if (this.plan === null) this.start();
    if (this.tracker !== null) {
      const values: string[] = [];
      for (let i = 0; i < count; i++) values.push(text.slice(bounds[2 * i], bounds[2 * i + 1]));
      this.row(values);
      return;
    }
    this.rows++;
    const cols = this.cols;
    const n = count < cols.length ? count : cols.length;
    this.prevDigit = -1;
    for (let c = 0; c < n; c++) {
      let a = bounds[2 * c];
      let b = bounds[2 * c + 1];
      if (a === b) {
        this.prevDigit = -1;
        continue;
      }
      if (text.charCodeAt(a) <= 32 || text.charCodeAt(b - 1) <= 32) {
        // as String.prototype.trim
        while (a < b && isJsSpace(text.charCodeAt(a))) a++;
        while (b > a && isJsSpace(text.charCodeAt(b - 1))) b--;
        if (a === b) {
          this.prevDigit = -1;
          continue;
        }
      }
      cols[c].observeRange(text, a, b);
      this.afterValue(cols[c], text, a, b);
    }
  }

  /** SPLIT_IDENTIFIER: the digit-only value of column c right after one of column c - 1. */
  private afterValue(col: ColumnProfile, s: string, a: number, b: number): void {
    const c = col.index;
    const d = col.lastDigitLen;
    if (d <= 0) {
      this.prevDigit = -1;
      return;
    }
    const prev = this.prevDigit;
    const value = col.lastNormalised;
    // (c > 0: at a record's first column `prevDigit` is -1, which is not a column to join with.)
    if (c > 0 && prev === c - 1) {
      const prevLen = this.prevNorm !== null ? this.prevNorm.length : this.prevB - this.prevA;
      const total = prevLen + d;
      if (total === 11 || total === 13 || total === 15 || (total >= 16 && total <= 19)) {
        const prevText = this.prevNorm ?? this.prevSrc.slice(this.prevA, this.prevB);
        const joined = prevText + (value ?? s.slice(a, b));
        const type = splitTypeOf(joined, this.todayNum);
        if (type !== null) {
          let pair = this.splits.get(prev);
          if (pair === undefined) this.splits.set(prev, (pair = new SplitPair(prev)));
          pair.hits[type]++;
          (pair.distinct[type] ??= new DistinctCounter()).add(joined);
        }
      }
    }
    this.prevDigit = c;
    // Only short digit strings can form an identifier together with the next column.
    this.prevNorm = value;
    this.prevSrc = s;
    this.prevA = a;
    this.prevB = b;
    if (d >= 18) this.prevDigit = -1;
  }

  /**
   * What this profiler counted. Only for a profiler without row-level tracking (the tracker's
   * tables are not merged) and without warnings (those name record numbers).
   */
  toState(): ProfileState {
    return {
      rows: this.rows,
      duplicateValues: this.duplicateValues,
      cols: this.cols.map((c) => c.toState()),
      splits: [...this.splits.values()].map((p) => ({
        left: p.left,
        hits: { ...p.hits },
        distinct: {
          CN_RESIDENT_ID: p.distinct.CN_RESIDENT_ID?.toState() ?? null,
          BANK_CARD: p.distinct.BANK_CARD?.toState() ?? null,
          CN_MOBILE: p.distinct.CN_MOBILE?.toState() ?? null,
        },
      })),
    };
  }

  /**
   * Adds the state of a profiler of the same columns (same header, same day) that read the
   * records right after those read here: the result is what reading them all here gives.
   */
  absorb(st: ProfileState): void {
    this.rows += st.rows;
    this.duplicateValues += st.duplicateValues;
    for (let c = 0; c < st.cols.length; c++) this.cols[c].absorb(st.cols[c]);
    for (const sp of st.splits) {
      let pair = this.splits.get(sp.left);
      if (pair === undefined) this.splits.set(sp.left, (pair = new SplitPair(sp.left)));
      for (const t of SPLIT_TYPES) {
        pair.hits[t] += sp.hits[t];
        const d = sp.distinct[t];
        if (d === null) continue;
        const other = DistinctCounter.fromState(d);
        const mine = pair.distinct[t];
        if (mine === null) pair.distinct[t] = other;
        else mine.merge(other);
      }
    }
  }

  /** Call once the input has ended. */
  finish(): void {
    if (this.plan === null) this.start();
  }
}
