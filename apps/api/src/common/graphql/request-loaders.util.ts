import DataLoader from 'dataloader';

const loaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

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
