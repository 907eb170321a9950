import { In, type EntityManager } from 'typeorm';
import { requestLoader } from '../../common/graphql/request-loaders.util.js';
import type { GrantMode } from '../access/grant.entity.js';
import { QueryOffer } from './query-offer.entity.js';

/**
 * What a listing's version offers: DOWNLOAD unless an approved query offer made it query-only,
 * QUERY when a query offer on it is approved. The other rules of a trade (status, consent,
 * region) are the access policy's.
 */
export function deliveryModesOf(offer: Pick<QueryOffer, 'status' | 'queryOnly'> | null): GrantMode[] {
  if (!offer || offer.status !== 'APPROVED') return ['DOWNLOAD'];
  return offer.queryOnly ? ['QUERY'] : ['DOWNLOAD', 'QUERY'];
}

export async function deliveryModesWithManager(manager: EntityManager, versionId: string | null): Promise<GrantMode[]> {
  if (!versionId) return ['DOWNLOAD'];
  return deliveryModesOf(await manager.findOneBy(QueryOffer, { versionId }));
}

/** For a page of listings at once (the offer field's loader). */
export async function deliveryModesByVersion(manager: EntityManager, versionIds: readonly string[]): Promise<Map<string, GrantMode[]>> {
  const offers = await manager.findBy(QueryOffer, { versionId: In([...versionIds]) });
  const byVersion = new Map(offers.map((o) => [o.versionId, o]));
  return new Map(versionIds.map((id) => [id, deliveryModesOf(byVersion.get(id) ?? null)]));
}

/** One batched lookup per GraphQL request for a page of listings. */
export function deliveryModesLoader(request: object, manager: EntityManager) {
  return requestLoader(request, 'deliveryModes', (versionIds) => deliveryModesByVersion(manager, versionIds));
}
