import { Injectable } from '@nestjs/common';
import type { GraphQLObjectType } from 'graphql';
import type { Dataset } from './dataset.entity.js';
import type { DatasetProperties } from './dataset-list.query.js';

/**
 * Loads what one Dataset field needs for a whole page, into the request's loaders. `selected`
 * gives the field names selected under a path below the Dataset (e.g. `('classification')`).
 */
export type DatasetPagePrefetcher = (request: object, page: readonly Dataset[], selected: (...path: string[]) => ReadonlySet<string>) => Promise<unknown>;

type Property = keyof Dataset & string;

/**
 * What the `datasets` list needs to know about the Dataset fields other modules (and this one)
 * resolve, registered by those modules (`onModuleInit`, as DatasetListFilters):
 *
 * - which Dataset properties a field resolver reads (`declare`), so the list reads only the
 *   columns its selection needs: a field resolved by GraphQL's default resolver reads the
 *   property of its name; a field resolver that declared nothing makes the list read every
 *   column, as before;
 * - how to load a field's data for a whole page (`register`): the list runs the selected ones
 *   before it returns — one batch each, as their loaders would have, only sooner — so their
 *   resolvers find the values settled (`settledValue`) and answer each row without a promise.
 */
@Injectable()
export class DatasetPagePrefetch {
  private readonly prefetchers = new Map<string, DatasetPagePrefetcher>();
  private readonly needs = new Map<string, readonly Property[]>();

  /** `field`'s resolver reads only `properties` of its Dataset. */
  declare(field: string, properties: readonly Property[]): void {
    if (this.needs.has(field)) throw new Error(`the Dataset field "${field}" declared what it reads already`);
    this.needs.set(field, properties);
  }

  register(field: string, prefetch: DatasetPagePrefetcher, reads?: readonly Property[]): void {
    if (this.prefetchers.has(field)) throw new Error(`the Dataset field "${field}" has a page prefetcher already`);
    this.prefetchers.set(field, prefetch);
    if (reads) this.declare(field, reads);
  }

  /**
   * The properties the `selected` fields of `type` (the schema's Dataset) read, or undefined
   * when one of them may read anything (a field resolver that declared nothing, a field that
   * is not a column): then the list reads every column.
   */
  propertiesFor(selected: ReadonlySet<string>, type: GraphQLObjectType, columns: ReadonlySet<string>): DatasetProperties | undefined {
    const fields = type.getFields();
    const properties = new Set<Property>();
    for (const name of selected) {
      if (name === '__typename') continue;
      const field = fields[name];
      if (!field) return undefined;
      if (!field.resolve) {
        if (!columns.has(name)) return undefined;
        properties.add(name as Property);
        continue;
      }
      const reads = this.needs.get(name);
      if (!reads) return undefined;
      for (const p of reads) properties.add(p);
    }
    return properties;
  }

  /** Runs the prefetchers of the `selected` fields for `page`, side by side; `below` gives the selections under a Dataset field. */
  async run(request: object, selected: ReadonlySet<string>, page: readonly Dataset[], below: (...path: string[]) => ReadonlySet<string> = () => new Set()): Promise<void> {
    if (page.length === 0) return;
    const runs: Array<Promise<unknown>> = [];
    for (const [field, prefetch] of this.prefetchers) if (selected.has(field)) runs.push(prefetch(request, page, below));
    await Promise.all(runs);
  }
}
