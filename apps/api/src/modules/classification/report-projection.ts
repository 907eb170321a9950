import type { GraphQLResolveInfo } from 'graphql';
import { selectedFieldsAt } from '../../common/graphql/selected-fields.util.js';

/**
 * Which parts of a stored classification report a GraphQL selection reads, so a list reads
 * (and `pg` parses, and the heap keeps while the response is built) only those: on a page of
 * 50 verdicts the whole reports — columns, statistics, consent, every reason's message,
 * citations and remediation — were most of what a request held alive, and so most of the
 * garbage collector's work. The SQL builds a smaller report with the same shape; a field that
 * is not a plain part of the report (the grade resolvers read the whole report) reads it whole.
 */
export interface ReportProjection {
  /** Names the projection (a request's loader per projection). */
  key: string;
  /** Top-level report keys read. */
  parts: readonly ReportPart[];
  /** The reason keys read, or null for whole reasons. */
  reasonKeys: readonly string[] | null;
  /** Classification properties read beside the verdict and the version (`engineVersion`, `createdAt` for classifiedAt). */
  columns: ReadonlyArray<'engineVersion' | 'createdAt'>;
}

const PARTS = ['rows', 'reasons', 'columns', 'exposure', 'warnings'] as const;
type ReportPart = (typeof PARTS)[number];
/** ClassificationModel fields answered from the table's own columns: always read, or read when selected. */
const ALWAYS = new Set(['verdict', 'versionId', '__typename']);
const COLUMN_OF = { engineVersion: 'engineVersion', classifiedAt: 'createdAt' } as const;
/** The keys of a stored reason (ReasonModel's fields, without a resolver of their own). */
const REASON_KEYS = new Set(['code', 'severity', 'column', 'message', 'citations', 'remediation']);

/** The projection `fields` (the selection under `classification`) and `reasonFields` (under its `reasons`) need; null reads the report whole. */
export function reportProjectionOf(fields: ReadonlySet<string>, reasonFields: ReadonlySet<string>): ReportProjection | null {
  const parts: ReportPart[] = [];
  const columns: Array<'engineVersion' | 'createdAt'> = [];
  for (const f of fields) {
    if (ALWAYS.has(f)) continue;
    if (f in COLUMN_OF) {
      columns.push(COLUMN_OF[f as keyof typeof COLUMN_OF]);
      continue;
    }
    if (!(PARTS as readonly string[]).includes(f)) return null;
    parts.push(f as ReportPart);
  }
  parts.sort();
  columns.sort();
  let reasonKeys: string[] | null = null;
  if (parts.includes('reasons')) {
    const keys = [...reasonFields].filter((k) => k !== '__typename');
    reasonKeys = keys.every((k) => REASON_KEYS.has(k)) ? keys.sort() : null;
  }
  return { key: `${parts.join(',')}|${reasonKeys?.join(',') ?? '*'}|${columns.join(',')}`, parts, reasonKeys, columns };
}

const cache = new WeakMap<object, ReportProjection | null>();

/** The projection a `classification` field's own selection needs (cached per parsed selection). */
export function reportProjectionFor(info: GraphQLResolveInfo): ReportProjection | null {
  const cached = cache.get(info.fieldNodes);
  if (cached !== undefined) return cached;
  const projection = reportProjectionOf(selectedFieldsAt(info, []), selectedFieldsAt(info, ['reasons']));
  cache.set(info.fieldNodes, projection);
  return projection;
}

const literal = (key: string) => `'${key.replace(/'/g, "''")}'`;

/** The SQL expression of the projected report over the classifications row `alias`. */
export function projectedReportSql(p: ReportProjection, alias: string): string {
  const pairs = p.parts.map((part) => {
    if (part !== 'reasons' || !p.reasonKeys) return `${literal(part)}, ${alias}.report -> ${literal(part)}`;
    const fields = p.reasonKeys.map((k) => `${literal(k)}, r.value -> ${literal(k)}`).join(', ');
    // Each reason with only the keys read, in the stored order.
    return `'reasons', (SELECT coalesce(jsonb_agg(jsonb_build_object(${fields}) ORDER BY r.ordinality), '[]'::jsonb) FROM jsonb_array_elements(${alias}.report -> 'reasons') WITH ORDINALITY AS r)`;
  });
  return `jsonb_build_object(${pairs.join(', ')})`;
}
