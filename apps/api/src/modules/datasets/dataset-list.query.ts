import type { SelectQueryBuilder } from 'typeorm';
import { rawEntityRows } from '../../common/database/raw-entity-rows.util.js';
import { Dataset } from './dataset.entity.js';

const TOTAL = '__total_count';

/** The Dataset properties a caller will read from a page's rows; the rest are left out of the SELECT. */
export type DatasetProperties = ReadonlySet<keyof Dataset & string>;

export interface DatasetRows {
  rows: Dataset[];
  /** The count of every row the filters allow (ignoring the limit); null when not asked for. */
  totalCount: number | null;
}

/**
 * Reads one page of the caller's datasets from `qb` (which carries the ability's WHERE and
 * every filter) without TypeORM's entity hydration: the SQL is TypeORM's, the rows go
 * straight from `pg` into Dataset objects with the same properties, types and column
 * transformers as `getMany()` gives (raw-entity-rows.util.ts). With `withTotal`, the total count of the filtered rows
 * comes in the same statement (`count(*) OVER ()`, computed before the LIMIT), so a page
 * costs one round trip instead of two; an empty page then means a total of 0. With `only`,
 * just those columns (and id, createdAt) are read: the rows are Datasets with the other
 * properties unset — for a caller that knows what it reads (the list, from its selection).
 */
export async function readDatasetRows(qb: SelectQueryBuilder<Dataset>, limit: number, withTotal: boolean, only?: DatasetProperties): Promise<DatasetRows> {
  const all = rawEntityRows(qb.connection, Dataset);
  // The order and the cursor read createdAt and id: always there.
  const reader = only ? all.only(new Set([...only, 'id', 'createdAt'])) : all;
  const q = qb.clone();
  const [first, ...rest] = reader.properties;
  q.select(`${qb.alias}.${first[0]}`, first[1]);
  for (const [property, as] of rest) q.addSelect(`${qb.alias}.${property}`, as);
  if (withTotal) q.addSelect('count(*) OVER ()', TOTAL);
  q.orderBy(`${qb.alias}.createdAt`, 'DESC').addOrderBy(`${qb.alias}.id`, 'DESC').limit(limit);
  const [sql, params] = q.getQueryAndParameters();
  const raw = (await q.connection.query(sql, params)) as Array<Record<string, unknown>>;
  const rows = raw.map(reader.hydrate);
  const totalCount = withTotal ? (raw.length ? Number(raw[0][TOTAL]) : 0) : null;
  return { rows, totalCount };
}
