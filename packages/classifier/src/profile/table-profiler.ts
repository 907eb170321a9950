/**
 * The streaming pass: receives every record, feeds each value to its column profile, and
 * keeps the row-level structures (k-anonymity classes, location traces, count column).
 * Row-level structures need to know which columns are quasi-identifiers, coordinates,
 * timestamps…; that plan is made from the header and the first {@link PLAN_ROWS} records,
 * which are buffered, then every record (those included) is processed the same way.
 */
import { IdentifierScanner } from '../detect/identifier-scanner.js';
import { isJsSpace } from '../detect/text-match.js';
import { dateNumber } from '../detect/validators.js';
import {
  isDistrictLocation,
  isGender,
  isPostalCode,
  isTimestamp,
  parseAge,
  parseBirthDate,
  parseCoordinate,
  parseLatLon,
} from '../detect/value-detectors.js';
import type { TableSink } from '../input/read-table.js';
import { ColumnProfile } from './column-profile.js';
import { CountTable, DistinctCounter, hash52 } from './distinct-counter.js';

export const PLAN_ROWS = 1000;
/** Entities whose points are tracked individually when looking for a trace. */
const MAX_TRACKED_ENTITIES = 500_000;

export interface Plan {
  /** Quasi-identifier columns (header hint + ≥ 60 % valid in the sample). */
  qi: number[];
  /** District-level location columns. */
  district: number[];
  /** Track equivalence classes over qi + district. */
  trackK: boolean;
  countCol: number;
  lat: number;
  lon: number;
  latLon: number;
  ts: number;
  entity: number;
}

function ratio(n: number, d: number): number {
  return d === 0 ? 0 : n / d;
}

export class TableProfiler implements TableSink {
  readonly cols: ColumnProfile[] = [];
  readonly warnings: string[] = [];
  rows = 0;
  readonly todayNum: number;
  readonly scanner: IdentifierScanner;
  plan: Plan | null = null;
  private sample: (readonly string[])[] | null = [];
  // k-anonymity
  kTable: CountTable | null = null;
  // group tables
  countAllInt = true;
  countMin = Infinity;
  // location traces
  geoRows = 0;
  geoFound = false;
  geoPoints: DistinctCounter | null = null;
  private entityPoints: Map<number, number[]> | null = null;
  geoEntitiesCapped = false;

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

  row(values: readonly string[]): void {
    if (this.sample !== null) {
      this.sample.push(values);
      if (this.sample.length >= PLAN_ROWS) this.flushSample();
      return;
    }
    this.process(values);
  }

  /**
   * Fast path for a CSV record (see {@link TableSink.rowRange}): the same as `row` of its
   * fields, but values are observed in place. Records needed as strings — the planning
   * sample, and every record when k-anonymity, a count column or location traces are
   * tracked — go through `row`.
   */
  rowRange(text: string, bounds: Int32Array, count: number): void {
    if (this.sample !== null || this.kTable !== null || (this.plan as Plan).countCol >= 0 || this.geoPoints !== null) {
      const values: string[] = [];
      for (let i = 0; i < count; i++) values.push(text.slice(bounds[2 * i], bounds[2 * i + 1]));
      this.row(values);
      return;
    }
    this.rows++;
    const cols = this.cols;
    const n = count < cols.length ? count : cols.length;
    for (let c = 0; c < n; c++) {
      let a = bounds[2 * c];
      let b = bounds[2 * c + 1];
      if (a === b) continue;
      if (text.charCodeAt(a) <= 32 || text.charCodeAt(b - 1) <= 32) {
        // as String.prototype.trim
        while (a < b && isJsSpace(text.charCodeAt(a))) a++;
        while (b > a && isJsSpace(text.charCodeAt(b - 1))) b--;
        if (a === b) continue;
      }
      cols[c].observeRange(text, a, b);
    }
  }

  /** Call once the input has ended. */
  finish(): void {
    if (this.sample !== null) this.flushSample();
  }

  private flushSample(): void {
    const sample = this.sample as (readonly string[])[];
    this.sample = null;
    this.plan = makePlan(this.cols, sample, this.todayNum);
    const p = this.plan;
    if (p.trackK) this.kTable = new CountTable();
    if (p.entity >= 0 && (p.latLon >= 0 || (p.lat >= 0 && p.lon >= 0))) {
      this.geoPoints = new DistinctCounter();
      this.entityPoints = new Map();
    }
    for (const r of sample) this.process(r);
  }

  private process(values: readonly string[]): void {
    this.rows++;
    const cols = this.cols;
    const n = cols.length;
    for (let c = 0; c < n; c++) {
      let v = c < values.length ? values[c] : '';
      const len = v.length;
      if (len === 0) continue;
      if (v.charCodeAt(0) <= 32 || v.charCodeAt(len - 1) <= 32) {
        v = v.trim();
        if (v.length === 0) continue;
      }
      cols[c].observe(v);
    }
    const p = this.plan as Plan;
    if (this.kTable !== null) this.kTable.add(hash52(qiKey(values, p)));
    if (p.countCol >= 0) {
      const t = (values[p.countCol] ?? '').trim();
      if (/^\d{1,15}$/.test(t)) {
        const k = Number(t);
        if (k < this.countMin) this.countMin = k;
      } else if (t.length > 0) this.countAllInt = false;
    }
    if (this.geoPoints !== null) this.geoRow(values, p);
  }

  private geoRow(values: readonly string[], p: Plan): void {
    const entity = (values[p.entity] ?? '').trim();
    if (!entity || !isTimestamp(values[p.ts] ?? '')) return;
    let lat: number;
    let lon: number;
    if (p.latLon >= 0) {
      const ll = parseLatLon(values[p.latLon] ?? '');
      if (!ll) return;
      [lat, lon] = ll;
    } else {
      lat = parseCoordinate(values[p.lat] ?? '', 90);
      lon = parseCoordinate(values[p.lon] ?? '', 180);
      if (Number.isNaN(lat) || Number.isNaN(lon)) return;
    }
    this.geoRows++;
    const point = `${lat.toFixed(4)},${lon.toFixed(4)}`;
    const key = `${entity}\u0001${point}`;
    (this.geoPoints as DistinctCounter).add(key);
    const m = this.entityPoints;
    if (this.geoFound || m === null) return;
    const eh = hash52(entity);
    const ph = hash52(point);
    let pts = m.get(eh);
    if (pts === undefined) {
      if (m.size >= MAX_TRACKED_ENTITIES) {
        this.geoEntitiesCapped = true;
        return;
      }
      pts = [];
      m.set(eh, pts);
    }
    if (!pts.includes(ph)) {
      pts.push(ph);
      if (pts.length >= 3) {
        this.geoFound = true;
        this.entityPoints = null; // no longer needed
      }
    }
  }
}

/** The combination of quasi-identifier values of one record (the k-anonymity class key). */
export function qiKey(values: readonly string[], p: { qi: number[]; district: number[] }): string {
  let key = '';
  for (const c of p.qi) key += (values[c] ?? '').trim().toLowerCase() + '\u0001';
  for (const c of p.district) key += (values[c] ?? '').trim() + '\u0001';
  return key;
}

function makePlan(cols: ColumnProfile[], sample: (readonly string[])[], todayNum: number): Plan {
  const nonEmpty = (c: number): string[] => {
    const out: string[] = [];
    for (const r of sample) {
      const v = (r[c] ?? '').trim();
      if (v) out.push(v);
    }
    return out;
  };
  const share = (vals: string[], f: (v: string) => boolean): number => {
    let k = 0;
    for (const v of vals) if (f(v)) k++;
    return ratio(k, vals.length);
  };
  const qi: number[] = [];
  const district: number[] = [];
  let countCol = -1;
  let lat = -1;
  let lon = -1;
  let latLon = -1;
  let ts = -1;
  const values = cols.map((c) => nonEmpty(c.index));
  for (const col of cols) {
    const vals = values[col.index];
    if (vals.length === 0) continue;
    const h = col.hints;
    const isQi =
      (h.birth && share(vals, (v) => parseBirthDate(v, todayNum) > 0) >= 0.6) ||
      (h.age && share(vals, (v) => parseAge(v) !== null) >= 0.6) ||
      (h.gender && share(vals, isGender) >= 0.6) ||
      (h.postal && share(vals, isPostalCode) >= 0.6);
    if (isQi) qi.push(col.index);
    else if (share(vals, isDistrictLocation) >= 0.6 || (h.location && share(vals, (v) => !/^\d+(\.\d+)?$/.test(v)) >= 0.6)) {
      district.push(col.index);
    }
    if (countCol < 0 && h.count && share(vals, (v) => /^\d{1,15}$/.test(v)) === 1) countCol = col.index;
    if (lat < 0 && h.lat && share(vals, (v) => !Number.isNaN(parseCoordinate(v, 90))) >= 0.6) lat = col.index;
    else if (lon < 0 && h.lon && share(vals, (v) => !Number.isNaN(parseCoordinate(v, 180))) >= 0.6) lon = col.index;
    else if (latLon < 0 && share(vals, (v) => parseLatLon(v) !== null) >= 0.6) latLon = col.index;
  }
  // Timestamp: content first, a time-hinted header breaks ties.
  let bestTs = 0;
  for (const col of cols) {
    if ([lat, lon, latLon].includes(col.index)) continue;
    const s = share(values[col.index], isTimestamp) + (col.hints.time ? 0.01 : 0);
    if (s >= 0.6 && s > bestTs) {
      bestTs = s;
      ts = col.index;
    }
  }
  // Entity: a column with repeated values, preferring entity-like headers.
  let entity = -1;
  let bestE = 0;
  for (const col of cols) {
    if ([lat, lon, latLon, ts].includes(col.index) || district.includes(col.index)) continue;
    const vals = values[col.index];
    if (vals.length < 2) continue;
    const distinct = new Set(vals).size;
    if (distinct < 1 || distinct >= vals.length) continue;
    if (share(vals, (v) => /^-?\d+(\.\d+)?$/.test(v)) >= 0.6 && !col.hints.entity) continue;
    const score = (col.hints.entity ? 2 : 1) + (1 - distinct / vals.length);
    if (score > bestE) {
      bestE = score;
      entity = col.index;
    }
  }
  if (!((lat >= 0 && lon >= 0) || latLon >= 0) || ts < 0) entity = -1;
  const groups = qi.length + (district.length > 0 ? 1 : 0);
  return { qi, district, trackK: groups >= 2 || (countCol >= 0 && groups >= 1), countCol, lat, lon, latLon, ts, entity };
}
