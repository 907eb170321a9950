import DataLoader from 'dataloader';

const loaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/**
 * Drops the loaders of `request` and what they hold (called when its GraphQL response has been
 * written: see request-loaders.plugin.ts). Without it a request's loaded rows stayed reachable from
 * the request object, which a keep-alive socket keeps until its next request: long enough to
 * survive the young generation's collections and be copied into the old one, the main cost of
 * garbage collection under load.
 */
export function releaseRequestLoaders(request: object): void {
  loaders.delete(request);
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
      return ids.map((id) => found.get(id) ?? null);
    });
    byName.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
