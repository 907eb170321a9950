import { request } from '../api/client';
import { DatasetTitlesDocument } from '../graphql/generated';
import { useQuery } from './useQuery';

export interface DatasetName {
  title: string;
  ownerId: string;
  ownerName: string;
}

/**
 * Titles of the datasets the caller may see (requests and grants carry only ids). A failure
 * here is not shown: the pages fall back to the id.
 */
export function useDatasetTitles(): Map<string, DatasetName> {
  const q = useQuery(() => request(DatasetTitlesDocument, { first: 100 }), 'dataset-titles');
  const map = new Map<string, DatasetName>();
  for (const { node } of q.data?.datasets.edges ?? []) {
    map.set(node.id, { title: node.title, ownerId: node.owner.id, ownerName: node.owner.name });
  }
  return map;
}

/** The first block of a UUID, for ids without a readable name. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
