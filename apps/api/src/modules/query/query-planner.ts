import { createHash } from 'node:crypto';
import type { Category, ClassificationReport, PiiType } from '@eastlake/classifier';
import { canonicalJson } from '@eastlake/ledger';
import { QueryException, QueryExceptionCode } from './exceptions/query.exception.js';
import {
  AGGREGATE_FNS,
  FILTER_OPS,
  GENERALISATIONS,
  LIMITS,
  type AggregateFn,
  type AggregateQuerySpec,
  type FilterSpec,
  type Generalisation,
  type GeneraliseSpec,
  type MeasureSpec,
  type QueryPolicyTerms,
} from './query-spec.js';

/**
 * Columns no answer may show, group by or filter on: they single a person out
 * (Snowflake's projection policy). Only COUNT(*) passes over them.
 */
const IDENTIFYING: ReadonlySet<Category> = new Set(['SENSITIVE', 'DIRECT_IDENTIFIER', 'PERSON_NAME', 'PSEUDONYMOUS', 'ONLINE_IDENTIFIER']);

/** Identifier types whose normalised value is a consent subject key (CLASSIFIER.md "Consent"), in the order a row's subject is taken. */
const KEYED_TYPES: readonly PiiType[] = ['CN_RESIDENT_ID', 'CN_MOBILE', 'EMAIL', 'BANK_CARD', 'CN_PASSPORT', 'STOCK_ACCOUNT'];

/** What each generalisation accepts on a quasi-identifier (or, for DISTRICT, an address). */
const GENERALISES: Record<Generalisation, { types: readonly PiiType[]; width: { min: number; max: number; default: number } | null; numeric: boolean }> = {
  YEAR_OF_BIRTH: { types: ['BIRTH_DATE'], width: null, numeric: true },
  AGE_BAND: { types: ['AGE', 'BIRTH_DATE'], width: { min: 5, max: 50, default: 10 }, numeric: true },
  DISTRICT: { types: ['ADDRESS'], width: null, numeric: false },
  POSTAL_PREFIX: { types: ['POSTAL_CODE'], width: { min: 2, max: 4, default: 4 }, numeric: false },
  ROUND_COORDINATE: { types: [], width: { min: 0, max: 3, default: 2 }, numeric: true },
};

/** A district-level prefix of a Chinese address: province, prefecture, then the first district/county (RE2 syntax). */
const DISTRICT_PATTERN = '^(.*?(省|自治区|特别行政区))?(.*?(市|自治州|地区|盟))?(.*?(区|县|旗))';

export interface PlannedColumn {
  name: string;
  category: Category;
  /** Types the column holds (ratio ≥ 0.6). */
  holds: PiiType[];
}

export interface OutputColumn {
  label: string;
  kind: 'GROUP' | 'MEASURE';
  fn?: AggregateFn;
  /** For measures: the SQL outputs it is computed from, by alias. */
  parts?: string[];
  clip?: { lower: number; upper: number } | null;
}

export interface QueryPlan {
  sql: string;
  params: Array<string | number>;
  groups: OutputColumn[];
  measures: OutputColumn[];
  /** Aliases of the per-filter differencing checks in each result row. */
  marginals: string[];
  valueChecks: string[];
  /** Canonical form of the input and its SHA-256: repeated identical queries are recognised by it. */
  canonical: string;
  inputHash: string;
  keyed: boolean;
}

export function columnsOf(report: ClassificationReport): PlannedColumn[] {
  return report.columns.map((c) => ({ name: c.name, category: c.category, holds: c.types.filter((t) => t.ratio >= 0.6).map((t) => t.type) }));
}

/** A double-quoted SQL identifier (quotes doubled): column names are the report's, never the buyer's free text. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function bad(message: string): never {
  throw new QueryException(QueryExceptionCode.INVALID_QUERY, message);
}

function num(v: string, what: string): number {
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n)) bad(`${what}: "${v}" is not a number`);
  return n;
}

/** Sorted copies and defaults, so that the same question always has the same canonical form. */
export function canonicalSpec(spec: AggregateQuerySpec): Record<string, unknown> {
  const str = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
  return {
    v: 1,
    groupBy: spec.groupBy.map((g) => g.column),
    measures: spec.measures.map((m) => ({ fn: m.fn, column: m.column ?? null, clip: m.clip ? [str(m.clip.lower), str(m.clip.upper)] : null })),
    filters: spec.filters
      .map((f) => ({ column: f.column, op: f.op, values: f.op === 'IN' || f.op === 'NOT_IN' ? [...new Set(f.values)].sort() : f.values }))
      .sort((a, b) => (a.column + a.op + a.values.join('\u0000') < b.column + b.op + b.values.join('\u0000') ? -1 : 1)),
    generalise: spec.generalise
      .map((g) => ({ column: g.column, to: g.to, width: str(g.width ?? GENERALISES[g.to]?.width?.default ?? null) }))
      .sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0)),
  };
}

/**
 * Validates a query against the version's classification and the grant's policy and turns
 * it into one SQL statement over the view `data`. Every identifier is a column of the report,
 * quoted; every value the buyer typed is a parameter.
 */
export function planQuery(report: ClassificationReport, spec: AggregateQuerySpec, policy: QueryPolicyTerms, options: { materialize: boolean; revoked: boolean }): QueryPlan {
  const columns = columnsOf(report);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const params: Array<string | number> = [];
  const param = (v: string | number): string => {
    params.push(v);
    return `$${params.length}`;
  };

  if (spec.measures.length === 0) bad('ask for at least one measure, e.g. { fn: COUNT }');
  if (spec.measures.length > LIMITS.measures) bad(`at most ${LIMITS.measures} measures`);
  if (spec.groupBy.length > LIMITS.groupBy) bad(`at most ${LIMITS.groupBy} groupBy columns`);
  if (spec.filters.length > LIMITS.filters) bad(`at most ${LIMITS.filters} filters`);

  const column = (name: string | null | undefined, where: string): PlannedColumn => {
    const c = name ? byName.get(name) : undefined;
    if (!c) throw new QueryException(QueryExceptionCode.COLUMN_NOT_FOUND, `${where}: the dataset has no column "${name ?? ''}"`, { column: name ?? '' });
    return c;
  };
  const protectedColumn = (c: PlannedColumn, use: string): never => {
    throw new QueryException(
      QueryExceptionCode.COLUMN_PROTECTED,
      `column "${c.name}" is ${c.category.toLowerCase().replace('_', ' ')} (${c.holds.join(', ') || c.category}); it cannot be ${use} (PIPL Art. 4, 28, 73)`,
      { column: c.name },
    );
  };

  // Generalisations, one per column at most.
  const general = new Map<string, GeneraliseSpec & { width: number | null }>();
  for (const g of spec.generalise) {
    if (!GENERALISATIONS.includes(g.to)) bad(`unknown generalisation ${String(g.to)}`);
    const c = column(g.column, 'generalise');
    if (general.has(c.name)) bad(`column "${c.name}" is generalised twice`);
    const rule = GENERALISES[g.to];
    const fits =
      c.category === 'NONE' ||
      (g.to === 'DISTRICT' && c.holds.includes('ADDRESS')) ||
      (c.category === 'QUASI_IDENTIFIER' && (g.to === 'ROUND_COORDINATE' || rule.types.some((t) => c.holds.includes(t))));
    if (!fits) {
      throw new QueryException(QueryExceptionCode.GENERALISATION_INVALID, `${g.to} does not apply to column "${c.name}" (${c.category.toLowerCase()}${c.holds.length ? `: ${c.holds.join(', ')}` : ''})`, { column: c.name });
    }
    let width: number | null = null;
    if (rule.width) {
      width = g.width ?? rule.width.default;
      if (!Number.isInteger(width) || width < rule.width.min || width > rule.width.max) bad(`${g.to} width must be a whole number from ${rule.width.min} to ${rule.width.max}`);
    } else if (g.width !== undefined && g.width !== null) bad(`${g.to} takes no width`);
    general.set(c.name, { ...g, width });
  }

  const raw = (c: PlannedColumn) => `nullif(trim(${quoteIdent(c.name)}), '')`;
  const number = (c: PlannedColumn) => `try_cast(${raw(c)} AS DOUBLE)`;

  /** The value a group or filter sees: the generalised one where required, with a numeric key for ranges. */
  const valueOf = (c: PlannedColumn, use: 'grouped' | 'filtered'): { sql: string; numeric: string | null } => {
    const g = general.get(c.name);
    if (!g) {
      if (IDENTIFYING.has(c.category)) protectedColumn(c, use);
      if (c.category === 'QUASI_IDENTIFIER' && !(c.holds.length === 1 && c.holds[0] === 'GENDER')) {
        throw new QueryException(
          QueryExceptionCode.GENERALISATION_REQUIRED,
          `column "${c.name}" is a quasi-identifier (${c.holds.join(', ')}); it can be ${use} only through a generalisation (${Object.entries(GENERALISES)
            .filter(([, r]) => r.types.some((t) => c.holds.includes(t)))
            .map(([k]) => k)
            .join(', ') || 'ROUND_COORDINATE'})`,
          { column: c.name },
        );
      }
      return { sql: raw(c), numeric: number(c) };
    }
    const year = `try_cast(regexp_extract(${raw(c)}, '(1[89]|20)[0-9]{2}', 0) AS INTEGER)`;
    switch (g.to) {
      case 'YEAR_OF_BIRTH':
        return { sql: `CAST(${year} AS VARCHAR)`, numeric: `CAST(${year} AS DOUBLE)` };
      case 'AGE_BAND': {
        const w = g.width!;
        const age = c.holds.includes('BIRTH_DATE') ? `(year(current_date) - ${year})` : `floor(${number(c)})`;
        const low = `CAST(floor(${age} / ${w}) * ${w} AS INTEGER)`;
        return { sql: `CASE WHEN ${age} IS NULL THEN NULL ELSE printf('%d-%d', ${low}, ${low} + ${w - 1}) END`, numeric: `CAST(${low} AS DOUBLE)` };
      }
      case 'DISTRICT':
        return { sql: `nullif(regexp_extract(${raw(c)}, '${DISTRICT_PATTERN}', 0), '')`, numeric: null };
      case 'POSTAL_PREFIX':
        return { sql: `CASE WHEN regexp_full_match(${raw(c)}, '[0-9]{6}') THEN left(${raw(c)}, ${g.width}) END`, numeric: null };
      case 'ROUND_COORDINATE':
        return { sql: `CAST(round(${number(c)}, ${g.width}) AS VARCHAR)`, numeric: `round(${number(c)}, ${g.width})` };
    }
  };

  const groups: Array<OutputColumn & { sql: string }> = spec.groupBy.map((ref) => {
    const c = column(ref.column, 'groupBy');
    if (spec.groupBy.filter((r) => r.column === c.name).length > 1) bad(`column "${c.name}" is grouped twice`);
    const g = general.get(c.name);
    return { label: g ? `${g.to.toLowerCase()}(${c.name})` : c.name, kind: 'GROUP', sql: valueOf(c, 'grouped').sql };
  });

  const filters = spec.filters.map((f: FilterSpec) => {
    if (!FILTER_OPS.includes(f.op)) bad(`unknown filter op ${String(f.op)}`);
    const c = column(f.column, 'filters');
    const v = valueOf(c, 'filtered');
    const many = f.op === 'IN' || f.op === 'NOT_IN';
    if (many ? f.values.length === 0 || f.values.length > LIMITS.values : f.values.length !== 1) {
      bad(many ? `${f.op} takes 1 to ${LIMITS.values} values` : `${f.op} takes exactly one value`);
    }
    if (f.values.some((x) => x.length > LIMITS.valueLength)) bad(`filter values are at most ${LIMITS.valueLength} characters`);
    let sql: string;
    switch (f.op) {
      case 'EQ':
        sql = `${v.sql} = ${param(f.values[0].trim())}`;
        break;
      case 'NE':
        sql = `${v.sql} IS DISTINCT FROM ${param(f.values[0].trim())}`;
        break;
      case 'IN':
        sql = `${v.sql} IN (${f.values.map((x) => param(x.trim())).join(', ')})`;
        break;
      case 'NOT_IN':
        sql = `coalesce(${v.sql} NOT IN (${f.values.map((x) => param(x.trim())).join(', ')}), true)`;
        break;
      default: {
        if (!v.numeric) bad(`${f.op} needs a numeric column or generalisation; "${c.name}" is compared as text`);
        const op = { LT: '<', LTE: '<=', GT: '>', GTE: '>=' }[f.op];
        sql = `${v.numeric} ${op} ${param(num(f.values[0], `filter on "${c.name}"`))}`;
      }
    }
    return { value: v.sql, predicate: `coalesce(${sql}, false)` };
  });

  const measures: Array<OutputColumn & { sql: string[]; input: string | null }> = spec.measures.map((m: MeasureSpec, i) => {
    if (!AGGREGATE_FNS.includes(m.fn)) bad(`unknown measure ${String(m.fn)}`);
    if (m.clip && !(Number.isFinite(m.clip.lower) && Number.isFinite(m.clip.upper) && m.clip.lower <= m.clip.upper)) bad('clip needs finite bounds with lower ≤ upper');
    if (!m.column) {
      if (m.fn !== 'COUNT') bad(`${m.fn} needs a column`);
      return { label: 'count(*)', kind: 'MEASURE', fn: m.fn, parts: [`__m${i}_0`], sql: ['count(*)'], input: null };
    }
    const c = column(m.column, 'measures');
    if (IDENTIFYING.has(c.category)) protectedColumn(c, `measured (${m.fn})`);
    if ((m.fn === 'MIN' || m.fn === 'MAX') && c.category !== 'NONE' && c.category !== 'ENTERPRISE') {
      throw new QueryException(QueryExceptionCode.COLUMN_PROTECTED, `${m.fn} returns one person's value; it is allowed on plain columns only, not on "${c.name}" (${c.category.toLowerCase()}): use AVG or MEDIAN`, {
        column: c.name,
      });
    }
    const x = m.clip ? `least(greatest(${number(c)}, ${m.clip.lower}), ${m.clip.upper})` : number(c);
    const label = `${m.fn.toLowerCase()}(${c.name})`;
    const v = `__v${i}`;
    const sql: Record<AggregateFn, string[]> = {
      COUNT: [`count(${v})`],
      COUNT_DISTINCT: [`count(DISTINCT ${v})`],
      SUM: [`sum(${v})`],
      AVG: [`sum(${v})`, `count(${v})`],
      MIN: [`min(${v})`],
      MAX: [`max(${v})`],
      MEDIAN: [`median(${v})`],
    };
    const parts = sql[m.fn].map((_, j) => `__m${i}_${j}`);
    return { label, kind: 'MEASURE', fn: m.fn, parts, clip: m.clip ?? null, sql: sql[m.fn], input: m.fn === 'COUNT' || m.fn === 'COUNT_DISTINCT' ? raw(c) : x };
  });

  // Data subjects: the consent subject key of the row's identifier; rows without one count one each.
  const keyed = columns.filter((c) => c.holds.some((t) => KEYED_TYPES.includes(t)));
  keyed.sort((a, b) => rank(a) - rank(b));
  const consentKeys = keyed.map((c) => subjectKeyExpr(c));
  // Without a consent key, a pseudonymous digest (a hashed customer id) still names one person.
  const keyExprs = consentKeys.length
    ? consentKeys
    : columns.filter((c) => c.holds.includes('PSEUDONYMOUS_ID')).map((c) => `nullif(lower(trim(${quoteIdent(c.name)})), '')`);
  const subject = keyExprs.length ? `coalesce(${keyExprs.join(', ')})` : 'NULL';
  const subjects = (where?: string) =>
    keyExprs.length
      ? `(count(DISTINCT __subj)${where ? ` FILTER (WHERE ${where})` : ''} + count(*) FILTER (WHERE __subj IS NULL${where ? ` AND ${where}` : ''}))`
      : where
        ? `count(*) FILTER (WHERE ${where})`
        : 'count(*)';

  const notRevoked =
    options.revoked && consentKeys.length ? `WHERE NOT (${consentKeys.map((k) => `coalesce(sha256(${k}) IN (SELECT k FROM revoked), false)`).join(' OR ')})` : '';
  // Each subject contributes at most `contributionBound` rows to a differentially private answer.
  const bound =
    policy.dp && keyExprs.length ? `QUALIFY row_number() OVER (PARTITION BY coalesce(${subject}, CAST(random() AS VARCHAR))) <= ${policy.dp.contributionBound}` : '';

  // Aliases start with "__": `base` selects no column of `data` by its own name, so nothing collides.
  const g = groups.map((_, i) => `__g${i}`);
  const baseCols = [
    ...groups.map((x, i) => `${x.sql} AS __g${i}`),
    ...filters.flatMap((f, i) => [`${f.value} AS __f${i}`, `${f.predicate} AS __p${i}`]),
    ...measures.flatMap((m, i) => (m.input ? [`${m.input} AS __v${i}`] : [])),
    `${subject} AS __subj`,
  ];
  const measureSql = measures.flatMap((m) => m.sql.map((s, j) => `${s} AS ${m.parts![j]}`));
  const all = filters.map((_, i) => `__p${i}`).join(' AND ');
  const groupBy = g.length ? `GROUP BY ${g.join(', ')}` : '';
  const join = (t: string) => (g.length ? g.map((x) => `main.${x} IS NOT DISTINCT FROM ${t}.${x}`).join(' AND ') : 'true');

  const marginals = filters.map((_, i) => `__mg${i}`);
  const valueChecks = filters.map((_, i) => `__mv${i}`);
  const ctes = [`base AS ${options.materialize ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (SELECT ${baseCols.join(', ')} FROM data ${notRevoked} ${bound})`];
  ctes.push(`main AS (SELECT ${[...g, `${subjects()} AS __subjects`, ...measureSql].join(', ')} FROM base ${all ? `WHERE ${all}` : ''} ${groupBy})`);
  if (filters.length) {
    // Differencing checks per filter: the subjects it alone removes, and the smallest value it keeps.
    const others = (i: number) => filters.map((_, j) => (j === i ? `NOT __p${j}` : `__p${j}`)).join(' AND ');
    ctes.push(`marg AS (SELECT ${[...g, ...filters.map((_, i) => `${subjects(others(i))} AS __mg${i}`)].join(', ')} FROM base ${groupBy})`);
    filters.forEach((_, i) => {
      ctes.push(
        `val${i} AS (SELECT ${[...g, `min(__s) AS __mv${i}`].join(', ')} FROM (SELECT ${[...g, `__f${i}`, `${subjects()} AS __s`].join(', ')} FROM base WHERE ${all} GROUP BY ${[...g, `__f${i}`].join(', ')}) ${groupBy})`,
      );
    });
  }
  const select = ['main.*', ...marginals.map((m) => `marg.${m}`), ...valueChecks.map((m, i) => `val${i}.${m}`)];
  const joins = filters.length ? [`LEFT JOIN marg ON ${join('marg')}`, ...filters.map((_, i) => `LEFT JOIN val${i} ON ${join(`val${i}`)}`)] : [];
  const order = g.length ? `ORDER BY ${g.map((x) => `main.${x} NULLS LAST`).join(', ')}` : '';
  const sql = `WITH ${ctes.join(',\n')}\nSELECT ${select.join(', ')} FROM main ${joins.join(' ')} ${order} LIMIT ${LIMITS.groups + 1}`;

  const canonical = canonicalJson(canonicalSpec(spec));
  return {
    sql,
    params,
    groups: groups.map(({ label, kind }) => ({ label, kind })),
    measures: measures.map(({ label, kind, fn, parts, clip }) => ({ label, kind, fn, parts, clip })),
    marginals,
    valueChecks,
    canonical,
    inputHash: createHash('sha256').update(canonical).digest('hex'),
    keyed: keyExprs.length > 0,
  };
}

function rank(c: PlannedColumn): number {
  const r = c.holds.map((t) => KEYED_TYPES.indexOf(t)).filter((i) => i >= 0);
  return Math.min(...r);
}

/**
 * The normalised identifier of CLASSIFIER.md "Consent" (resident ID, passport, stock account:
 * upper-case; mobile: its 11 digits; email: trimmed lower-case; card: digits only): its
 * SHA-256 is the manifest's subject key.
 */
export function subjectKeyExpr(c: PlannedColumn): string {
  const type = KEYED_TYPES.find((t) => c.holds.includes(t))!;
  const v = `trim(${quoteIdent(c.name)})`;
  const digits = `regexp_replace(${quoteIdent(c.name)}, '[^0-9]', '', 'g')`;
  let e: string;
  switch (type) {
    case 'EMAIL':
      e = `lower(${v})`;
      break;
    case 'BANK_CARD':
      e = digits;
      break;
    case 'CN_MOBILE':
      e = `CASE WHEN length(${digits}) = 13 AND starts_with(${digits}, '86') THEN substr(${digits}, 3) WHEN length(${digits}) = 15 AND starts_with(${digits}, '0086') THEN substr(${digits}, 5) ELSE ${digits} END`;
      break;
    default:
      e = `upper(${v})`;
  }
  return `nullif(${e}, '')`;
}

export interface ColumnCapabilities {
  name: string;
  category: Category;
  holds: PiiType[];
  /** Groupable and filterable as it is. */
  groupable: boolean;
  /** Generalisations through which it can be grouped and filtered. */
  generalisations: Generalisation[];
  measures: AggregateFn[];
}

/** What the planner allows on each column, for the query builder: the same rules as `planQuery`. */
export function capabilitiesOf(c: PlannedColumn): ColumnCapabilities {
  const identifying = IDENTIFYING.has(c.category);
  const generalisations = GENERALISATIONS.filter(
    (g) =>
      c.category === 'NONE' ||
      (g === 'DISTRICT' && c.holds.includes('ADDRESS')) ||
      (c.category === 'QUASI_IDENTIFIER' && (g === 'ROUND_COORDINATE' || GENERALISES[g].types.some((t) => c.holds.includes(t)))),
  );
  const groupable = !identifying && (c.category !== 'QUASI_IDENTIFIER' || (c.holds.length === 1 && c.holds[0] === 'GENDER'));
  const measures: AggregateFn[] = identifying
    ? []
    : AGGREGATE_FNS.filter((fn) => !((fn === 'MIN' || fn === 'MAX') && c.category !== 'NONE' && c.category !== 'ENTERPRISE'));
  return { name: c.name, category: c.category, holds: c.holds, groupable, generalisations, measures };
}
