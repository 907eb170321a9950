import DataLoader from 'dataloader';

const loaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();
/** What each request's loaders have answered, by loader name and id (see {@link settledValue}). */
const settled = new WeakMap<object, Map<string, Map<string, unknown>>>();

/**
 * Drops the loaders of `request` and what they hold (called when its GraphQL response has been
 * written: see request-loaders.plugin.ts). Without it a request's loaded rows stayed reachable from
 * the request object, which a keep-alive socket keeps until its next request: long enough to
 * survive the young generation's collections and be copied into the old one, the main cost of
 * garbage collection under load.
 */
export function releaseRequestLoaders(request: object): void {
  loaders.delete(request);
  settled.delete(request);
}

/**
 * What the request's loader `name` has already answered for `id` — the value, null when it
 * found nothing — or undefined when it has not answered yet. A field resolver that finds its
 * value here returns it as it is, not as a promise: with every field of a list's rows answered
 * so (the list's resolver loads them first, see DatasetPagePrefetch), graphql-js completes the
 * rows without a promise, a `Promise.all` and an object per row.
 */
export function settledValue<V>(request: object, name: string, id: string): V | null | undefined {
  return settled.get(request)?.get(name)?.get(id) as V | null | undefined;
}

/**
 * A DataLoader that lives as long as one request: field resolvers of a list share it,
 * so N parents cost one query. `name` separates loaders on the same request.
 */
export function requestLoader<V>(
  request: object,
  name: string,
  batch: (ids: readonly string[]) => Promise<Map<string, V>>,
): DataLoader<string, V | null> {
  let byName = loaders.get(request);
  if (!byName) loaders.set(request, (byName = new Map()));
  let loader = byName.get(name) as DataLoader<string, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | null>(async (ids) => {
      const found = await batch(ids);
      let answered = settled.get(request);
      if (!answered) settled.set(request, (answered = new Map()));
      let mine = answered.get(name);
      if (!mine) answered.set(name, (mine = new Map()));
      const values = ids.map((id) => found.get(id) ?? null);
      for (let i = 0; i < ids.length; i++) mine.set(ids[i], values[i]);
      return values;
    });
    byName.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
