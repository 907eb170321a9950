/**
 * Turns the column profiles of the streaming pass into per-column types and categories,
 * scattered identifier counts, group-table and k-anonymity findings, and exposure counts.
 */
import { Id, ID_COUNT, ID_NAMES } from '../detect/identifier-scanner.js';
import { DistinctCounter } from '../profile/distinct-counter.js';
import type { ColumnProfile } from '../profile/column-profile.js';
import { finalPlan, needsRows, type RowPlan, type RowTracker } from '../profile/row-plan.js';
import type { SplitType, TableProfiler } from '../profile/table-profiler.js';
import { CATEGORY_ORDER, typeDefinition, typesOf, typesWhere } from '../registry/type-registry.js';
import type { Category, ColumnType, ExposureEntry, PiiType } from '../types.js';

export const HOLD_RATIO = 0.6;
export const SAME_LENGTH_DIGITS_RATIO = 0.2;

/** Types that make a column SENSITIVE / DIRECT_IDENTIFIER (CLASSIFIER.md "Categories"; from the registry). */
export const SENSITIVE_TYPES: readonly PiiType[] = typesOf('SENSITIVE');
export const DIRECT_TYPES: readonly PiiType[] = typesOf('DIRECT_IDENTIFIER');
/** "Direct identifiers": the types of SENSITIVE and DIRECT_IDENTIFIER except HEALTH, MINOR, GEO_TRACE. */
export const DIRECT_IDENTIFIER_TYPES: readonly PiiType[] = typesWhere((d) => d.directIdentifier);
const QI_TYPES: readonly PiiType[] = typesOf('QUASI_IDENTIFIER');
/** Types not reported for group tables (their rows describe groups, not persons). */
const GROUP_SUPPRESSED: readonly PiiType[] = typesWhere((d) => d.personLevel);

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
  /** v2: the column holds an identifier together with its neighbour (SPLIT_IDENTIFIER). */
  split: { type: SplitType; with: string } | null;
  /** v2: the other column of a first-name / last-name pair. */
  namePair: string | null;
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
  /** Columns of opaque encoded values (v2 OPAQUE_VALUES). */
  opaqueColumns: string[];
  /** The row-level roles the whole file settled on. */
  plan: RowPlan;
  /** Row-level structures were not available (a stream that cannot be re-read). */
  rowsMissing: boolean;
}

/** Column-level findings of pass 1, before the row-level ones (traces, group tables, k). */
export interface ColumnFindings {
  columns: ColumnAnalysis[];
  /** Quasi-identifier columns (held before any group-table suppression). */
  qiColumns: number[];
  plan: RowPlan;
  warnings: string[];
  estimated: boolean;
  exposureCounters: Map<PiiType, DistinctCounter>;
  exposureCounts: Map<PiiType, number>;
  colScatter: Map<PiiType, DistinctCounter>[];
  opaqueColumns: string[];
  /** v2: a column holds an identifier type, PERSON_NAME, ADDRESS or full birth dates (a person table). */
  personColumns: boolean;
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

/** The first category (in CLASSIFIER.md's order) that one of the held types gives. */
export function categoryOf(held: Set<PiiType>): Category {
  for (const category of CATEGORY_ORDER)
    for (const t of held) if (typeDefinition(t).category === category) return category;
  return 'NONE';
}

export function tierOf(t: PiiType): 50 | 500 | 5000 {
  return typeDefinition(t).exposureTier;
}

const share = (k: number, n: number): number => (n === 0 ? 0 : k / n);

function isDistrictColumn(col: ColumnProfile): boolean {
  const ne = col.nonEmpty;
  if (ne === 0) return false;
  return (
    share(col.locationMatches, ne) >= HOLD_RATIO ||
    (col.hints.location && share(ne - col.numericValues, ne) >= HOLD_RATIO)
  );
}

function mergeInto(m: Map<PiiType, DistinctCounter>, t: PiiType, d: DistinctCounter | null): void {
  if (!d) return;
  let x = m.get(t);
  if (!x) m.set(t, (x = new DistinctCounter()));
  x.merge(d);
}

/** Pass 1's column statistics → types held per column, scattered identifiers, the final row plan. */
export function analyseColumns(p: TableProfiler): ColumnFindings {
  const warnings: string[] = [];
  const exposureCounters = new Map<PiiType, DistinctCounter>();
  const exposureCounts = new Map<PiiType, number>();
  let estimated = false;
  const colScatter: Map<PiiType, DistinctCounter>[] = [];
  const opaqueColumns: string[] = [];
  let personColumns = false;

  const columns: ColumnAnalysis[] = p.cols.map((col) => {
    const types: ColumnType[] = [];
    const held = new Set<PiiType>();
    const counted = new Set<PiiType>();
    const scatteredCols = new Map<PiiType, DistinctCounter>();
    const ne = col.nonEmpty;
    const add = (type: PiiType, matches: number, hold: boolean): void => {
      const existing = types.find((t) => t.type === type);
      if (existing) {
        existing.matches = Math.min(ne, existing.matches + matches);
        existing.ratio = round4(existing.matches / ne);
      } else
        types.push({
          type,
          matches: Math.min(ne, matches),
          ratio: round4(Math.min(ne, matches) / ne),
        });
      if (hold) held.add(type);
    };
    // v2: first-generation IDs count in a column that holds them or under an identity-number header;
    // IDs damaged by a spreadsheet count under an identity-number header.
    const id15 = col.idMatches[Id.RESIDENT_ID15];
    const id15Counts = id15 > 0 && (share(id15, ne) >= HOLD_RATIO || col.hints.idNumber);
    const idMatches = col.idMatches[Id.RESIDENT_ID] + (id15Counts ? id15 : 0);
    const damaged = col.hints.idNumber ? col.damagedIdMatches : 0;
    for (let id = 0; id < ID_COUNT; id++) {
      if (id === Id.RESIDENT_ID15) continue;
      let m = col.idMatches[id];
      if (id === Id.RESIDENT_ID) m = idMatches;
      if (m === 0 && !(id === Id.RESIDENT_ID && damaged > 0)) continue;
      const type = ID_NAMES[id] as PiiType;
      const r = m / ne;
      const d = col.idDistinct[id];
      if (d?.estimated) estimated = true;
      if (id === Id.HEX) {
        if (r >= HOLD_RATIO && (d?.count ?? 0) / m >= 0.9) {
          add(type, m, true);
          mergeInto(exposureCounters, type, d);
        }
        continue;
      }
      if (id === Id.RESIDENT_ID && damaged > 0 && (m + damaged) / ne >= HOLD_RATIO) {
        add(type, m + damaged, true);
        mergeInto(exposureCounters, type, d);
        if (id15Counts) mergeInto(exposureCounters, type, col.idDistinct[Id.RESIDENT_ID15]);
        counted.add(type);
        warnings.push(
          `DAMAGED_IDENTIFIERS: column "${col.name}": ${damaged} value(s) are resident ID numbers damaged by a spreadsheet (scientific notation such as 4.20102E+17, or 18 digits ending in 000 that fail the check); the column is treated as holding resident IDs`,
        );
        continue;
      }
      if (m === 0) continue;
      if (
        col.digitLen > 0 &&
        r <= SAME_LENGTH_DIGITS_RATIO &&
        !(id === Id.RESIDENT_ID && id15Counts && col.hints.idNumber)
      ) {
        warnings.push(
          `column "${col.name}": ${m} ${type} check-digit match(es) among same-length digit strings (${(r * 100).toFixed(1)} %) were treated as chance hits`,
        );
        continue;
      }
      const hold = r >= HOLD_RATIO;
      add(type, m, hold);
      if (type !== 'CN_USCC') mergeInto(exposureCounters, type, d);
      if (id === Id.RESIDENT_ID && id15Counts)
        mergeInto(exposureCounters, type, col.idDistinct[Id.RESIDENT_ID15]);
      if (DIRECT_IDENTIFIER_TYPES.includes(type)) {
        counted.add(type);
        if (!hold && d) {
          const sd = new DistinctCounter();
          sd.merge(d);
          if (id === Id.RESIDENT_ID && id15Counts && col.idDistinct[Id.RESIDENT_ID15])
            sd.merge(col.idDistinct[Id.RESIDENT_ID15] as DistinctCounter);
          scatteredCols.set(type, sd);
        }
      }
    }
    // PERSON_NAME: v1 Chinese / romanised names; v2 Latin words under a person header, given names.
    const nameDistinctOk = (k: number): boolean => k > 0 && col.anyNameDistinct.count / k >= 0.5;
    const nameHits = Math.max(
      col.nameMatches,
      col.hints.person ? col.latinNameMatches : 0,
      col.givenNameMatches,
    );
    if (
      ne > 0 &&
      col.nameMatches / ne >= HOLD_RATIO &&
      col.nameDistinct.count / col.nameMatches >= 0.5
    ) {
      add('PERSON_NAME', col.nameMatches, true);
    } else if (ne > 0 && nameHits / ne >= HOLD_RATIO && nameDistinctOk(nameHits)) {
      add('PERSON_NAME', nameHits, true);
    }
    if (held.has('PERSON_NAME')) {
      mergeInto(exposureCounters, 'PERSON_NAME', col.anyNameDistinct);
      if (col.anyNameDistinct.estimated) estimated = true;
    }
    if (col.addressMatches > 0) {
      const hold = col.addressMatches / ne >= HOLD_RATIO;
      add('ADDRESS', col.addressMatches, hold);
      counted.add('ADDRESS');
      mergeInto(exposureCounters, 'ADDRESS', col.addressDistinct);
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
    if (h.postal && col.postalMatches / ne >= HOLD_RATIO)
      add('POSTAL_CODE', col.postalMatches, true);
    if (
      (held.has('BIRTH_DATE') || held.has('AGE')) &&
      (col.minorMatches >= 10 || (ne < 10 && col.minorMatches === ne))
    ) {
      add('MINOR', col.minorMatches, true);
      exposureCounts.set('MINOR', (exposureCounts.get('MINOR') ?? 0) + col.minorMatches);
    }
    // v2 OPAQUE: ≥ 60 % of values are encoded bytes that decode to no text, ≥ 90 % of them distinct.
    if (
      ne > 0 &&
      col.opaqueMatches / ne >= HOLD_RATIO &&
      (col.opaqueDistinct?.count ?? 0) / col.opaqueMatches >= 0.9
    ) {
      add('OPAQUE', col.opaqueMatches, true);
      opaqueColumns.push(col.name);
    }
    if (
      [...held].some(
        (t) =>
          t !== 'PSEUDONYMOUS_ID' &&
          t !== 'IP_ADDRESS' &&
          (DIRECT_IDENTIFIER_TYPES.includes(t) || t === 'PERSON_NAME'),
      ) ||
      held.has('IP_ADDRESS') ||
      held.has('PSEUDONYMOUS_ID') ||
      (held.has('BIRTH_DATE') && col.fullBirthMatches / ne >= HOLD_RATIO)
    ) {
      personColumns = true;
    }
    colScatter.push(scatteredCols);
    const analysis: ColumnAnalysis = {
      name: col.name,
      index: col.index,
      category: 'NONE',
      types,
      held,
      counted,
      scattered: new Map(),
      nonEmpty: ne,
      district: false,
      split: null,
      namePair: null,
    };
    return analysis;
  });

  // v2 SPLIT_IDENTIFIER: adjacent digit-only columns whose concatenation validates in ≥ 60 % of rows.
  for (const pair of p.splits.values()) {
    const left = columns[pair.left];
    const right = columns[pair.left + 1];
    if (!left || !right) continue;
    const rows = Math.max(left.nonEmpty, right.nonEmpty);
    for (const type of ['CN_RESIDENT_ID', 'BANK_CARD', 'CN_MOBILE'] as const) {
      const hits = pair.hits[type];
      if (hits === 0 || hits / rows < HOLD_RATIO) continue;
      for (const [c, other] of [
        [left, right],
        [right, left],
      ] as const) {
        const existing = c.types.find((t) => t.type === type);
        if (existing) {
          existing.matches = Math.max(existing.matches, Math.min(c.nonEmpty, hits));
          existing.ratio = round4(existing.matches / c.nonEmpty);
        } else
          c.types.push({
            type,
            matches: Math.min(c.nonEmpty, hits),
            ratio: round4(Math.min(c.nonEmpty, hits) / c.nonEmpty),
          });
        c.held.add(type);
        c.counted.add(type);
        colScatter[c.index].delete(type);
        c.split ??= { type, with: other.name };
      }
      mergeInto(exposureCounters, type, pair.distinct[type]);
      personColumns = true;
    }
  }

  // v2: a first-name / last-name (名/姓) pair counts as one PERSON_NAME column.
  const nameish = (c: ColumnProfile): boolean =>
    c.nonEmpty > 0 && share(Math.max(c.latinNameMatches, c.hanNameParts), c.nonEmpty) >= HOLD_RATIO;
  const first = p.cols.find((c) => c.hints.firstName && nameish(c));
  const last = p.cols.find((c) => c.hints.lastName && nameish(c));
  if (first && last) {
    for (const [c, other] of [
      [first, last],
      [last, first],
    ] as const) {
      const a = columns[c.index];
      if (a.held.has('PERSON_NAME')) continue;
      a.types.push({
        type: 'PERSON_NAME',
        matches: Math.max(c.latinNameMatches, c.hanNameParts),
        ratio: round4(Math.max(c.latinNameMatches, c.hanNameParts) / c.nonEmpty),
      });
      a.held.add('PERSON_NAME');
      a.namePair = other.name;
    }
    personColumns = true;
  }

  const qiColumns = columns.filter((c) => QI_TYPES.some((t) => c.held.has(t))).map((c) => c.index);
  const plan = finalPlan(p.cols, qiColumns, isDistrictColumn);
  return {
    columns,
    qiColumns,
    plan,
    warnings,
    estimated,
    exposureCounters,
    exposureCounts,
    colScatter,
    opaqueColumns,
    personColumns,
  };
}

/**
 * Completes the analysis with the row-level structures of `f.plan` (`rows`, or null when
 * they could not be computed): location traces, group table, k-anonymity; then categories,
 * scattered identifiers and exposure.
 */
export function analyse(p: TableProfiler, f: ColumnFindings, rows: RowTracker | null): Analysis {
  const { columns, plan, warnings, exposureCounters, exposureCounts, colScatter } = f;
  let estimated = f.estimated;
  const needRows = needsRows(plan);
  const rowsMissing = needRows && rows === null;

  // GEO_TRACE on the coordinate column(s).
  const geo = plan.geo;
  if (geo && rows && rows.geoFound) {
    for (const c of columns) {
      if (![geo.lat, geo.lon, geo.latLon].includes(c.index) || c.nonEmpty === 0) continue;
      if (rows.geoRows / c.nonEmpty >= HOLD_RATIO) {
        c.types.push({
          type: 'GEO_TRACE',
          matches: Math.min(rows.geoRows, c.nonEmpty),
          ratio: round4(Math.min(rows.geoRows, c.nonEmpty) / c.nonEmpty),
        });
        c.held.add('GEO_TRACE');
      }
    }
  }
  const geoHeld = columns.some((c) => c.held.has('GEO_TRACE'));

  // Group table: an integer count column, and unique QI combinations per row (v2: or unique rows over
  // all columns but the count), provided no column makes it a person table.
  let groupTable = false;
  let countColumn: string | null = null;
  const countProfile = plan.countCol >= 0 ? p.cols[plan.countCol] : null;
  if (countProfile && rows && !f.personColumns) {
    const kUnique =
      rows.kTable !== null && !rows.kTable.overflowed && rows.kTable.minMax()[1] === 1;
    const rowUnique =
      rows.rowTable !== null && !rows.rowTable.overflowed && rows.rowTable.minMax()[1] === 1;
    const hasQi = f.qiColumns.length + plan.district.length > 0;
    if ((hasQi && kUnique) || rowUnique) {
      groupTable = true;
      countColumn = countProfile.name;
      for (const c of columns) {
        c.types = c.types.filter((t) => !GROUP_SUPPRESSED.includes(t.type));
        for (const t of GROUP_SUPPRESSED) c.held.delete(t);
      }
      exposureCounts.delete('HEALTH');
      exposureCounts.delete('MINOR');
    }
  }
  if (!groupTable && geoHeld && rows) {
    exposureCounts.set('GEO_TRACE', rows.geoPoints);
    if (rows.geoEstimated) estimated = true;
  }

  const scatterCounters = new Map<PiiType, DistinctCounter>();
  for (const c of columns) {
    c.category = categoryOf(c.held);
    for (const [t, d] of colScatter[c.index]) {
      c.scattered.set(t, d.count);
      mergeInto(scatterCounters, t, d);
    }
  }

  // k-anonymity over the final quasi-identifier and district columns.
  for (const i of plan.district) columns[i].district = true;
  const qiColumns = f.qiColumns;
  const districtColumns = plan.district;
  const qiGroups = qiColumns.length + (districtColumns.length > 0 ? 1 : 0);
  let k: number | null = null;
  let kEstimated = false;
  let kStale = false;
  if (groupTable) {
    k = countProfile ? countProfile.intMin : null;
  } else if (qiGroups >= 2) {
    if (rows && rows.kTable) {
      const [min] = rows.kTable.minMax();
      k = min;
      if (rows.kTable.overflowed) {
        kEstimated = true;
        const avg = Math.floor(p.rows / Math.max(1, rows.kTable.all.count));
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
  if (estimated)
    warnings.push(
      'some distinct counts passed 200,000 values and are HyperLogLog estimates (about ±1 %)',
    );
  if (rows && rows.geoCapped && !rows.geoFound)
    warnings.push('location traces were checked for the first 500,000 entities only');

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
    opaqueColumns: f.opaqueColumns,
    plan,
    rowsMissing,
  };
}
