import { request } from '../api/client';
import { CounterpartyNamesDocument } from '../graphql/generated';
import { useQuery } from './useQuery';

/**
 * Buyer organizations' names by id, from the requests and grants the caller may see. A
 * failure here is not shown: the pages fall back to a short id.
 */
export function useBuyerNames(key = 'counterparty-names'): Map<string, string> {
  const q = useQuery(() => request(CounterpartyNamesDocument), key);
  const names = new Map<string, string>();
  for (const r of [...(q.data?.accessRequests ?? []), ...(q.data?.grants ?? [])]) {
    if (r.buyerOrganizationName) names.set(r.buyerOrgId, r.buyerOrganizationName);
  }
  return names;
}
