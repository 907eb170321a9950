/**
 * Turns the column profiles of the streaming pass into per-column types and categories,
 * scattered identifier counts, group-table and k-anonymity findings, and exposure counts.
 */
import { Id, ID_COUNT, ID_NAMES } from '../detect/identifier-scanner.js';
import { DistinctCounter } from '../profile/distinct-counter.js';
import type { TableProfiler } from '../profile/table-profiler.js';
import type { Category, ColumnType, ExposureEntry, PiiType } from '../types.js';

export const HOLD_RATIO = 0.6;
export const SAME_LENGTH_DIGITS_RATIO = 0.2;

/** Types that make a column SENSITIVE / DIRECT_IDENTIFIER (CLASSIFIER.md "Categories"). */
export const SENSITIVE_TYPES: readonly PiiType[] = ['CN_RESIDENT_ID', 'BANK_CARD', 'STOCK_ACCOUNT', 'HEALTH', 'MINOR', 'GEO_TRACE'];
export const DIRECT_TYPES: readonly PiiType[] = ['CN_MOBILE', 'EMAIL', 'CN_PASSPORT', 'ADDRESS'];
/** "Direct identifiers": the types of SENSITIVE and DIRECT_IDENTIFIER except HEALTH, MINOR, GEO_TRACE. */
export const DIRECT_IDENTIFIER_TYPES: readonly PiiType[] = ['CN_RESIDENT_ID', 'BANK_CARD', 'STOCK_ACCOUNT', 'CN_MOBILE', 'EMAIL', 'CN_PASSPORT', 'ADDRESS'];
const QI_TYPES: readonly PiiType[] = ['BIRTH_DATE', 'AGE', 'GENDER', 'POSTAL_CODE'];
/** Types not reported for group tables (their rows describe groups, not persons). */
const GROUP_SUPPRESSED: readonly PiiType[] = [...QI_TYPES, 'MINOR', 'HEALTH', 'GEO_TRACE'];
/** A table holding any of these describes persons, whatever count column it has. */
const PERSON_ROW_TYPES: readonly PiiType[] = [...DIRECT_IDENTIFIER_TYPES, 'PERSON_NAME', 'PSEUDONYMOUS_ID', 'IP_ADDRESS'];

export interface ColumnAnalysis {
  name: string;
  index: number;
  category: Category;
  types: ColumnType[];
  held: Set<PiiType>;
  /** Direct-identifier types whose values count in this column (held or scattered). */
  counted: Set<PiiType>;
  /** Scattered direct identifiers: type → distinct values. */
  scattered: Map<PiiType, number>;
  nonEmpty: number;
  district: boolean;
}

export interface Analysis {
  columns: ColumnAnalysis[];
  groupTable: boolean;
  countColumn: string | null;
  qiColumns: number[];
  districtColumns: number[];
  qiGroups: number;
  k: number | null;
  kEstimated: boolean;
  /** The streamed k used a different column set than the final one. */
  kStale: boolean;
  scatteredDirect: number;
  scatteredByType: Map<PiiType, number>;
  exposure: ExposureEntry[];
  warnings: string[];
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

export function categoryOf(held: Set<PiiType>): Category {
  if (SENSITIVE_TYPES.some((t) => held.has(t))) return 'SENSITIVE';
  if (DIRECT_TYPES.some((t) => held.has(t))) return 'DIRECT_IDENTIFIER';
  if (held.has('PERSON_NAME')) return 'PERSON_NAME';
  if (QI_TYPES.some((t) => held.has(t))) return 'QUASI_IDENTIFIER';
  if (held.has('PSEUDONYMOUS_ID')) return 'PSEUDONYMOUS';
  if (held.has('IP_ADDRESS')) return 'ONLINE_IDENTIFIER';
  if (held.has('CN_USCC')) return 'ENTERPRISE';
  return 'NONE';
}

export function tierOf(t: PiiType): 50 | 500 | 5000 {
  if (t === 'GEO_TRACE' || t === 'BANK_CARD' || t === 'STOCK_ACCOUNT') return 50;
  if (t === 'HEALTH') return 500;
  return 5000;
}

export function analyse(p: TableProfiler): Analysis {
  const warnings: string[] = [];
  const plan = p.plan;
  const exposureCounters = new Map<PiiType, DistinctCounter>();
  const exposureCounts = new Map<PiiType, number>();
  const scatterCounters = new Map<PiiType, DistinctCounter>();
  const merge = (m: Map<PiiType, DistinctCounter>, t: PiiType, d: DistinctCounter | null): void => {
    if (!d) return;
    let x = m.get(t);
    if (!x) m.set(t, (x = new DistinctCounter()));
    x.merge(d);
  };
  let estimated = false;
  const colScatter: Map<PiiType, DistinctCounter>[] = [];

  const columns: ColumnAnalysis[] = p.cols.map((col) => {
    const types: ColumnType[] = [];
    const held = new Set<PiiType>();
    const counted = new Set<PiiType>();
    const scatteredCols = new Map<PiiType, DistinctCounter>();
    const ne = col.nonEmpty;
    const add = (type: PiiType, matches: number, hold: boolean): void => {
      types.push({ type, matches, ratio: round4(matches / ne) });
      if (hold) held.add(type);
    };
    for (let id = 0; id < ID_COUNT; id++) {
      const m = col.idMatches[id];
      if (m === 0) continue;
      const type = ID_NAMES[id] as PiiType;
      const r = m / ne;
      const d = col.idDistinct[id];
      if (d?.estimated) estimated = true;
      if (id === Id.HEX) {
        if (r >= HOLD_RATIO && (d?.count ?? 0) / m >= 0.9) {
          add(type, m, true);
          merge(exposureCounters, type, d);
        }
        continue;
      }
      if (col.digitLen > 0 && r <= SAME_LENGTH_DIGITS_RATIO) {
        warnings.push(
          `column "${col.name}": ${m} ${type} check-digit match(es) among same-length digit strings (${(r * 100).toFixed(1)} %) were treated as chance hits`,
        );
        continue;
      }
      const hold = r >= HOLD_RATIO;
      add(type, m, hold);
      if (type !== 'CN_USCC') merge(exposureCounters, type, d);
      if (DIRECT_IDENTIFIER_TYPES.includes(type)) {
        counted.add(type);
        if (!hold && d) scatteredCols.set(type, d);
      }
    }
    if (ne > 0 && col.nameMatches / ne >= HOLD_RATIO && col.nameDistinct.count / col.nameMatches >= 0.5) {
      add('PERSON_NAME', col.nameMatches, true);
      merge(exposureCounters, 'PERSON_NAME', col.nameDistinct);
      if (col.nameDistinct.estimated) estimated = true;
    }
    if (col.addressMatches > 0) {
      const hold = col.addressMatches / ne >= HOLD_RATIO;
      add('ADDRESS', col.addressMatches, hold);
      counted.add('ADDRESS');
      merge(exposureCounters, 'ADDRESS', col.addressDistinct);
      if (!hold && col.addressDistinct) scatteredCols.set('ADDRESS', col.addressDistinct);
    }
    if (ne > 0 && col.healthMatches / ne >= HOLD_RATIO) {
      add('HEALTH', col.healthMatches, true);
      exposureCounts.set('HEALTH', (exposureCounts.get('HEALTH') ?? 0) + col.healthMatches);
    }
    const h = col.hints;
    if (h.birth && col.birthMatches / ne >= HOLD_RATIO) add('BIRTH_DATE', col.birthMatches, true);
    if (h.age && col.ageMatches / ne >= HOLD_RATIO) add('AGE', col.ageMatches, true);
    if (h.gender && col.genderMatches / ne >= HOLD_RATIO) add('GENDER', col.genderMatches, true);
    if (h.postal && col.postalMatches / ne >= HOLD_RATIO) add('POSTAL_CODE', col.postalMatches, true);
    if ((held.has('BIRTH_DATE') || held.has('AGE')) && (col.minorMatches >= 10 || (ne < 10 && col.minorMatches === ne))) {
      add('MINOR', col.minorMatches, true);
      exposureCounts.set('MINOR', (exposureCounts.get('MINOR') ?? 0) + col.minorMatches);
    }
    if (plan && p.geoFound && [plan.lat, plan.lon, plan.latLon].includes(col.index) && p.geoRows / ne >= HOLD_RATIO) {
      add('GEO_TRACE', p.geoRows, true);
    }
    const district = ne > 0 && !QI_TYPES.some((t) => held.has(t)) && (plan?.district.includes(col.index) ?? false);
    colScatter.push(scatteredCols);
    const analysis: ColumnAnalysis = { name: col.name, index: col.index, category: 'NONE', types, held, counted, scattered: new Map(), nonEmpty: ne, district };
    return analysis;
  });

  // Quasi-identifier columns, taken before a group table hides their (person-level) types.
  const qiColumns = columns.filter((c) => QI_TYPES.some((t) => c.held.has(t))).map((c) => c.index);

  // Group table: a count column, unique quasi-identifier combinations, no person-level identifiers.
  const hasPersonRows = columns.some((c) => PERSON_ROW_TYPES.some((t) => c.held.has(t)));
  let groupTable = false;
  let countColumn: string | null = null;
  if (plan && plan.countCol >= 0 && p.countAllInt && p.countMin !== Infinity && p.kTable && !p.kTable.overflowed && !hasPersonRows) {
    const [, max] = p.kTable.minMax();
    if (max === 1) {
      groupTable = true;
      countColumn = p.cols[plan.countCol].name;
      for (const c of columns) {
        c.types = c.types.filter((t) => !GROUP_SUPPRESSED.includes(t.type));
        for (const t of GROUP_SUPPRESSED) c.held.delete(t);
      }
      exposureCounts.delete('HEALTH');
      exposureCounts.delete('MINOR');
    }
  }
  if (!groupTable && p.geoFound && p.geoPoints) exposureCounts.set('GEO_TRACE', p.geoPoints.count);

  for (const c of columns) {
    c.category = categoryOf(c.held);
    for (const [t, d] of colScatter[c.index]) {
      c.scattered.set(t, d.count);
      merge(scatterCounters, t, d);
    }
  }

  // k-anonymity.
  const districtColumns = columns.filter((c) => c.district).map((c) => c.index);
  const qiGroups = qiColumns.length + (districtColumns.length > 0 ? 1 : 0);
  let k: number | null = null;
  let kEstimated = false;
  let kStale = false;
  if (groupTable) {
    k = p.countMin;
  } else if (qiGroups >= 2) {
    const same = plan !== null && sameSet(plan.qi, qiColumns) && sameSet(plan.district, districtColumns);
    if (p.kTable && same) {
      const [min] = p.kTable.minMax();
      k = min;
      if (p.kTable.overflowed) {
        kEstimated = true;
        const avg = Math.floor(p.rows / Math.max(1, p.kTable.all.count));
        k = Math.min(min, Math.max(1, avg));
      }
    } else kStale = true;
  }

  let scatteredDirect = 0;
  const scatteredByType = new Map<PiiType, number>();
  for (const [t, d] of scatterCounters) {
    scatteredByType.set(t, d.count);
    scatteredDirect += d.count;
  }

  const exposure: ExposureEntry[] = [];
  for (const [t, d] of exposureCounters) {
    if (groupTable && GROUP_SUPPRESSED.includes(t)) continue;
    if (d.estimated) estimated = true;
    exposure.push({ type: t, distinct: d.count, tier: tierOf(t) });
  }
  for (const [t, n] of exposureCounts) exposure.push({ type: t, distinct: n, tier: tierOf(t) });
  exposure.sort((a, b) => a.type.localeCompare(b.type));
  if (estimated) warnings.push('some distinct counts passed 200,000 values and are HyperLogLog estimates (about ±1 %)');
  if (p.geoEntitiesCapped && !p.geoFound) warnings.push('location traces were checked for the first 500,000 entities only');

  return {
    columns,
    groupTable,
    countColumn,
    qiColumns,
    districtColumns,
    qiGroups,
    k,
    kEstimated,
    kStale,
    scatteredDirect,
    scatteredByType,
    exposure,
    warnings,
  };
}

function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
