import { Injectable } from '@nestjs/common';
import type { Dataset } from './dataset.entity.js';

/** Loads what one Dataset field needs for a whole page, into the request's loaders. */
export type DatasetPagePrefetcher = (request: object, page: readonly Dataset[]) => Promise<unknown>;

/**
 * The Dataset fields other modules answer from a batched load, registered by those modules
 * (`onModuleInit`, as DatasetListFilters): the `datasets` list loads, before it returns, what
 * the selected ones need for its page — one batch each, as their loaders would have, only
 * sooner — so their resolvers find the values settled (`settledValue`) and answer each row
 * without a promise. A field with no prefetcher is resolved as before.
 */
@Injectable()
export class DatasetPagePrefetch {
  private readonly prefetchers = new Map<string, DatasetPagePrefetcher>();

  register(field: string, prefetch: DatasetPagePrefetcher): void {
    if (this.prefetchers.has(field)) throw new Error(`the Dataset field "${field}" has a page prefetcher already`);
    this.prefetchers.set(field, prefetch);
  }

  /** Runs the prefetchers of the `selected` fields for `page`, side by side. */
  async run(request: object, selected: ReadonlySet<string>, page: readonly Dataset[]): Promise<void> {
    if (page.length === 0) return;
    const runs: Array<Promise<unknown>> = [];
    for (const [field, prefetch] of this.prefetchers) if (selected.has(field)) runs.push(prefetch(request, page));
    await Promise.all(runs);
  }
}
