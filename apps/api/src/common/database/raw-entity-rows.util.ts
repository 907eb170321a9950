import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * How rows of one entity's table become entities without TypeORM's hydration
 * (`RawSqlResultsToEntityTransformer`, which dominated the CPU profile of list reads):
 * each readable column's SQL alias, and a `hydrate` that gives the same object `find`
 * gives — the entity's prototype, every property, each value through the driver's
 * `prepareHydratedValue` (dates, simple types, column transformers).
 */
export interface RawEntityRows<T> {
  /** `[property path, SQL alias]` for a query builder's `select`/`addSelect`. */
  properties: ReadonlyArray<readonly [string, string]>;
  /** `"<alias>"."<column>" AS "<SQL alias>", …` for hand-written SQL over the table as `alias`. */
  selectList(alias: string): string;
  /** The table name, quoted. */
  table: string;
  hydrate(row: Record<string, unknown>): T;
  /**
   * The same reader over only the columns of `properties` (the primary key always among
   * them): its rows are entities with just those properties set. For reads that know which
   * properties their callers use (the datasets list, from the GraphQL selection).
   */
  only(properties: ReadonlySet<string>): RawEntityRows<T>;
}

const cache = new WeakMap<EntityMetadata, RawEntityRows<unknown>>();

type ColumnMetadata = EntityMetadata['columns'][number];
type Driver = DataSource['driver'];

/**
 * Column types `PostgresDriver.prepareHydratedValue` hands back unchanged (no branch of it
 * matches them): with no transformer, what `pg` parsed is the entity's value.
 */
const AS_PARSED = new Set<unknown>(['uuid', 'text', 'varchar', 'character varying', 'char', 'character', 'integer', 'int', 'int4', 'smallint', 'int2', 'jsonb', 'json', 'double precision', 'real', 'float', 'numeric', 'decimal', 'bigint', 'int8', 'bytea']);
const TIMESTAMPS = new Set<unknown>(['timestamptz', 'timestamp with time zone', 'timestamp', 'timestamp without time zone', 'datetime', Date]);

/**
 * The conversion of one column's raw value, decided once per column instead of on every value:
 * exactly what `prepareHydratedValue` does — nothing for the types it passes through, a string
 * to a Date for timestamps (`pg` parses them already; some drivers hand strings), and the
 * driver itself for everything else (booleans, enums, arrays, transformers, …).
 */
function converterOf(column: ColumnMetadata, driver: Driver): (value: unknown) => unknown {
  if (!column.transformer && !column.isArray && AS_PARSED.has(column.type)) return (value) => value;
  if (!column.transformer && !column.isArray && TIMESTAMPS.has(column.type)) return (value) => (value && typeof value === 'string' ? new Date(value) : value);
  return (value) => driver.prepareHydratedValue(value, column);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The raw reader of `target`'s rows (built once per DataSource and entity). */
export function rawEntityRows<T extends ObjectLiteral>(source: DataSource | EntityManager, target: EntityTarget<T>): RawEntityRows<T> {
  const dataSource = 'connection' in source ? source.connection : source;
  const metadata = dataSource.getMetadata(target);
  const cached = cache.get(metadata);
  if (cached) return cached as RawEntityRows<T>;
  const driver = dataSource.driver;
  // As find() without relations: relation, virtual and `select: false` columns are not read.
  const columns = metadata.columns.filter((c) => !c.isVirtual && !c.relationMetadata && c.isSelect);
  if (columns.some((c) => c.embeddedMetadata)) {
    throw new Error(`rawEntityRows: ${metadata.name} has embedded columns, which this reader does not map`);
  }
  const reader = readerOver<T>(metadata, columns, driver);
  cache.set(metadata, reader);
  return reader;
}

function readerOver<T>(metadata: EntityMetadata, columns: ColumnMetadata[], driver: Driver): RawEntityRows<T> {
  const aliases = columns.map((_, i) => `c${i}`);
  const names = columns.map((c) => c.propertyName);
  const convert = columns.map((c) => converterOf(c, driver));
  const prototype = (metadata.target as { prototype: object }).prototype;
  const subsets = new Map<string, RawEntityRows<T>>();
  const reader: RawEntityRows<T> = {
    properties: columns.map((c, i) => [c.propertyName, aliases[i]] as const),
    selectList: (alias) => columns.map((c, i) => `${quote(alias)}.${quote(c.databaseName)} AS ${quote(aliases[i])}`).join(', '),
    table: metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName),
    hydrate: (row) => {
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (let i = 0; i < names.length; i++) entity[names[i]] = convert[i](row[aliases[i]]);
      return entity as T;
    },
    only: (properties) => {
      const key = [...properties].sort().join(',');
      let found = subsets.get(key);
      if (!found) {
        const chosen = columns.filter((c) => c.isPrimary || properties.has(c.propertyName));
        found = readerOver<T>(metadata, chosen, driver);
        // A handful of selections per entity in practice; bounded all the same.
        if (subsets.size < 64) subsets.set(key, found);
      }
      return found;
    },
  };
  return reader;
}

/**
 * The entities of `target` whose `column` is one of `ids` (`find({ where: { column: In(ids) } })`
 * in one statement, without hydration); the order is the database's.
 */
export async function findRawByIds<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  column: keyof T & string,
  ids: readonly string[],
): Promise<T[]> {
  if (ids.length === 0) return [];
  const reader = rawEntityRows(manager, target);
  const key = manager.connection.getMetadata(target).findColumnWithPropertyName(column);
  if (!key) throw new Error(`findRawByIds: no column ${column}`);
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT ${reader.selectList('t')} FROM ${reader.table} "t" WHERE "t".${quote(key.databaseName)} = ANY($1::${key.type === 'uuid' ? 'uuid' : 'text'}[])`,
    [ids],
  );
  return rows.map(reader.hydrate);
}
