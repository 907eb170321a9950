/**
 * Row-level roles (v2: "the whole file decides"). Quasi-identifier, district, count, coordinate,
 * timestamp and entity columns are settled from whole-file column statistics after the last
 * row ({@link finalPlan}); the streaming pass tracks row-level structures speculatively over the
 * roles the header predicts ({@link headerPlan}), and a second pass recomputes them when the
 * final roles differ. {@link RowTracker} keeps those structures in bounded memory.
 */
import { needsNormalising } from '../detect/identifier-scanner.js';
import { normaliseValue } from '../detect/normalise.js';
import { isTimestamp, parseCoordinate, parseLatLon } from '../detect/value-detectors.js';
import type { ColumnProfile } from './column-profile.js';
import { CountTable, DistinctCounter, hash52 } from './distinct-counter.js';

export const HOLD = 0.6;
/** Entities whose points are tracked individually when looking for a trace (all candidates together). */
export const MAX_TRACKED_ENTITIES = 500_000;
/** Entity columns tried at once. */
const MAX_ENTITY_CANDIDATES = 4;

export interface GeoPlan {
  lat: number;
  lon: number;
  latLon: number;
  ts: number;
  /** Candidate entity columns, best first: a trace found under any of them counts. */
  entities: number[];
}

export interface RowPlan {
  /** Quasi-identifier columns. */
  qi: number[];
  /** District-level location columns. */
  district: number[];
  /** Count column of a group table candidate, or -1. */
  countCol: number;
  geo: GeoPlan | null;
}

export function planKey(p: RowPlan): string {
  return JSON.stringify(p);
}

/** Whether `p` needs any row-level structure at all. */
export function needsRows(p: RowPlan): boolean {
  return needsK(p) || p.countCol >= 0 || p.geo !== null;
}

/** k-anonymity classes are needed: two or more QI groups, or a count column and one group. */
export function needsK(p: RowPlan): boolean {
  const groups = p.qi.length + (p.district.length > 0 ? 1 : 0);
  return groups >= 2 || (p.countCol >= 0 && groups >= 1);
}

/** The roles the header alone predicts (used while streaming, before the file has been seen). */
export function headerPlan(cols: readonly ColumnProfile[]): RowPlan {
  const qi: number[] = [];
  const district: number[] = [];
  let countCol = -1;
  let lat = -1;
  let lon = -1;
  let latLon = -1;
  let ts = -1;
  const entities: number[] = [];
  for (const c of cols) {
    const h = c.hints;
    if (h.birth || h.age || h.gender || h.postal) qi.push(c.index);
    else if (h.location) district.push(c.index);
    if (countCol < 0 && h.count) countCol = c.index;
    if (lat < 0 && h.lat) lat = c.index;
    else if (lon < 0 && h.lon) lon = c.index;
    else if (latLon < 0 && h.latLon) latLon = c.index;
    else if (ts < 0 && h.time) ts = c.index;
    else if (h.entity && entities.length < MAX_ENTITY_CANDIDATES) entities.push(c.index);
  }
  const coords = (lat >= 0 && lon >= 0) || latLon >= 0;
  const geo =
    coords && ts >= 0 && entities.length > 0
      ? { lat: latLon >= 0 ? -1 : lat, lon: latLon >= 0 ? -1 : lon, latLon, ts, entities }
      : null;
  return { qi, district, countCol, geo };
}

const share = (k: number, n: number): number => (n === 0 ? 0 : k / n);

/**
 * The roles decided by the whole file: `qi` are the columns that hold a quasi-identifier type
 * (analyse.ts decides), the rest comes from whole-file column statistics.
 */
export function finalPlan(
  cols: readonly ColumnProfile[],
  qi: number[],
  districtOf: (c: ColumnProfile) => boolean,
): RowPlan {
  const district = cols.filter((c) => !qi.includes(c.index) && districtOf(c)).map((c) => c.index);
  let countCol = -1;
  for (const c of cols) {
    if (c.hints.count && c.nonEmpty > 0 && c.intValues === c.nonEmpty) {
      countCol = c.index;
      break;
    }
  }
  let lat = -1;
  let lon = -1;
  let latLon = -1;
  for (const c of cols) {
    const ne = c.nonEmpty;
    if (ne === 0) continue;
    if (lat < 0 && c.hints.lat && share(c.latValues, ne) >= HOLD) lat = c.index;
    else if (lon < 0 && c.hints.lon && share(c.lonValues, ne) >= HOLD) lon = c.index;
    else if (latLon < 0 && share(c.latLonValues, ne) >= HOLD) latLon = c.index;
  }
  const coords = [lat, lon, latLon];
  let ts = -1;
  let bestTs = 0;
  for (const c of cols) {
    if (coords.includes(c.index) || c.nonEmpty === 0) continue;
    const s = share(c.timestampValues, c.nonEmpty) + (c.hints.time ? 0.01 : 0);
    if (s >= HOLD && s > bestTs) {
      bestTs = s;
      ts = c.index;
    }
  }
  let geo: GeoPlan | null = null;
  if (((lat >= 0 && lon >= 0) || latLon >= 0) && ts >= 0) {
    const cands = cols
      .filter(
        (c) =>
          !coords.includes(c.index) &&
          c.index !== ts &&
          !district.includes(c.index) &&
          c.nonEmpty >= 3,
      )
      .filter((c) => c.hints.entity || share(c.numericValues, c.nonEmpty) < HOLD)
      .sort((a, b) => Number(b.hints.entity) - Number(a.hints.entity) || a.index - b.index)
      .slice(0, MAX_ENTITY_CANDIDATES)
      .map((c) => c.index);
    if (cands.length > 0)
      geo = {
        lat: latLon >= 0 ? -1 : lat,
        lon: latLon >= 0 ? -1 : lon,
        latLon,
        ts,
        entities: cands,
      };
  }
  return { qi, district, countCol, geo };
}

/** v2 normalisation for row-level values (k-anonymity classes, traces). */
function norm(v: string | undefined): string {
  if (!v) return '';
  const t = v.trim();
  return needsNormalising(t) ? normaliseValue(t).trim() : t;
}

/** The combination of quasi-identifier values of one record (the k-anonymity class key). */
export function qiKey(values: readonly string[], p: { qi: number[]; district: number[] }): string {
  let key = '';
  for (const c of p.qi) key += norm(values[c]).toLowerCase() + '\u0001';
  for (const c of p.district) key += norm(values[c]) + '\u0001';
  return key;
}

/** Per entity candidate: points per entity, distinct (entity, point) pairs. */
class EntityTraces {
  readonly perEntity = new Map<number, number[]>();
  readonly points = new DistinctCounter();
  found = false;
  constructor(readonly column: number) {}
}

/** Row-level structures of one plan, over every record, in bounded memory. */
export class RowTracker {
  /** k-anonymity classes over qi + district. */
  readonly kTable: CountTable | null;
  /** v2 group tables: records over all columns but the count. */
  readonly rowTable: CountTable | null;
  geoRows = 0;
  geoCapped = false;
  private readonly traces: EntityTraces[];
  private tracked = 0;

  constructor(readonly plan: RowPlan) {
    this.kTable = needsK(plan) ? new CountTable() : null;
    this.rowTable = plan.countCol >= 0 ? new CountTable() : null;
    this.traces = plan.geo ? plan.geo.entities.map((e) => new EntityTraces(e)) : [];
  }

  /** A trace was found (some entity has 3 or more distinct points). */
  get geoFound(): boolean {
    return this.traces.some((t) => t.found);
  }

  /** Distinct (entity, point) pairs under the entity column that shows a trace. */
  get geoPoints(): number {
    const t = this.traces.find((x) => x.found);
    return t ? t.points.count : 0;
  }

  get geoEstimated(): boolean {
    return this.traces.some((x) => x.found && x.points.estimated);
  }

  add(values: readonly string[]): void {
    const p = this.plan;
    if (this.kTable !== null) this.kTable.add(hash52(qiKey(values, p)));
    if (this.rowTable !== null) {
      let key = '';
      for (let c = 0; c < values.length; c++)
        if (c !== p.countCol) key += norm(values[c]) + '\u0001';
      this.rowTable.add(hash52(key));
    }
    if (p.geo !== null) this.geoRow(values, p.geo);
  }

  private geoRow(values: readonly string[], g: GeoPlan): void {
    if (!isTimestamp(norm(values[g.ts]))) return;
    let lat: number;
    let lon: number;
    if (g.latLon >= 0) {
      const ll = parseLatLon(norm(values[g.latLon]));
      if (!ll) return;
      [lat, lon] = ll;
    } else {
      lat = parseCoordinate(norm(values[g.lat]), 90);
      lon = parseCoordinate(norm(values[g.lon]), 180);
      if (Number.isNaN(lat) || Number.isNaN(lon)) return;
    }
    this.geoRows++;
    const point = `${lat.toFixed(4)},${lon.toFixed(4)}`;
    const ph = hash52(point);
    for (const t of this.traces) {
      const entity = norm(values[t.column]);
      if (!entity) continue;
      t.points.add(`${entity}\u0001${point}`);
      if (t.found) continue;
      const eh = hash52(entity);
      let pts = t.perEntity.get(eh);
      if (pts === undefined) {
        if (this.tracked >= MAX_TRACKED_ENTITIES) {
          this.geoCapped = true;
          continue;
        }
        pts = [];
        t.perEntity.set(eh, pts);
        this.tracked++;
      }
      if (!pts.includes(ph)) {
        pts.push(ph);
        if (pts.length >= 3) {
          t.found = true;
          this.tracked -= t.perEntity.size;
          t.perEntity.clear(); // no longer needed
        }
      }
    }
  }
}
