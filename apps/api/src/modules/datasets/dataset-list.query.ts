import type { SelectQueryBuilder, ValueTransformer } from 'typeorm';
import { Dataset } from './dataset.entity.js';

/** How a row of `datasets` becomes a Dataset: each column's SQL alias, property and value transformer. */
interface ColumnRead {
  alias: string;
  property: string;
  from?: (value: unknown) => unknown;
}

const TOTAL = '__total_count';

const columnsOf: WeakMap<object, { select: Array<[string, string]>; reads: ColumnRead[] }> = new WeakMap();

/** The entity's columns, read once per DataSource from TypeORM's metadata (a new column is picked up as is). */
function columnReads(qb: SelectQueryBuilder<Dataset>): { select: Array<[string, string]>; reads: ColumnRead[] } {
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const cached = columnsOf.get(metadata);
  if (cached) return cached;
  const alias = qb.alias;
  const select: Array<[string, string]> = [];
  const reads: ColumnRead[] = [];
  metadata.columns.forEach((column, i) => {
    // As getMany(): columns with `select: false` are not read.
    if (column.isVirtual || column.relationMetadata || !column.isSelect) return;
    const as = `c${i}`;
    select.push([`${alias}.${column.propertyName}`, as]);
    const transformers = column.transformer === undefined ? [] : Array.isArray(column.transformer) ? column.transformer : [column.transformer];
    // TypeORM applies an array of transformers in reverse when reading.
    const chain = [...transformers].reverse() as ValueTransformer[];
    reads.push({
      alias: as,
      property: column.propertyName,
      from: chain.length ? (v) => chain.reduce((acc, t) => t.from(acc) as unknown, v) : undefined,
    });
  });
  const result = { select, reads };
  columnsOf.set(metadata, result);
  return result;
}

export interface DatasetRows {
  rows: Dataset[];
  /** The count of every row the filters allow (ignoring the limit); null when not asked for. */
  totalCount: number | null;
}

/**
 * Reads one page of the caller's datasets from `qb` (which carries the ability's WHERE and
 * every filter) without TypeORM's entity hydration: the SQL is TypeORM's, the rows go
 * straight from `pg` into Dataset objects with the same properties, types and column
 * transformers as `getMany()` gives. With `withTotal`, the total count of the filtered rows
 * comes in the same statement (`count(*) OVER ()`, computed before the LIMIT), so a page
 * costs one round trip instead of two; an empty page then means a total of 0.
 */
export async function readDatasetRows(qb: SelectQueryBuilder<Dataset>, limit: number, withTotal: boolean): Promise<DatasetRows> {
  const { select, reads } = columnReads(qb);
  const q = qb.clone();
  q.select(select[0][0], select[0][1]);
  for (let i = 1; i < select.length; i++) q.addSelect(select[i][0], select[i][1]);
  if (withTotal) q.addSelect('count(*) OVER ()', TOTAL);
  q.orderBy(`${qb.alias}.createdAt`, 'DESC').addOrderBy(`${qb.alias}.id`, 'DESC').limit(limit);
  const [sql, params] = q.getQueryAndParameters();
  const raw = (await q.connection.query(sql, params)) as Array<Record<string, unknown>>;
  const rows = raw.map((r) => {
    const d = Object.create(Dataset.prototype) as Record<string, unknown>;
    for (const c of reads) {
      const v = r[c.alias];
      d[c.property] = c.from ? c.from(v) : v;
    }
    return d as unknown as Dataset;
  });
  const totalCount = withTotal ? (raw.length ? Number(raw[0][TOTAL]) : 0) : null;
  return { rows, totalCount };
}
