import type { PriceModel } from '@eastlake/compliance';
import type { EntityManager } from 'typeorm';
import type { PolicyReason } from '../access/access-request.entity.js';
import { orderTerms, priceOf, PROCEEDS_TIER_REASON, unlawfulProceedsOf, type OrderTerms } from '../orders/orders.js';
import { assessProceeds, proceedsRefusalMessage } from '../orders/proceeds.js';
import { lawfulBasisOf, unlawfulHoldingOf, type ConsentOnRecord } from './buyer-tiers.js';

/*
 * The tier checks of an order (2017 SPC/SPP interpretation Art. 5 para. 1 (7)): the orders
 * module prices and records orders; whether an order may be made is enforcement's question, so
 * these live here and the orders module imports no enforcement.
 */

/**
 * The order's terms for the dataset's current version, with its lawful basis (no personal items,
 * or consent for every row). The caller reads the version (the datasets module owns it): its
 * `rows` is null while it is not classified, or when the version cannot be found.
 */
export async function pendingOrder(
  manager: EntityManager,
  consent: ConsentOnRecord,
  dataset: { priceModel?: PriceModel | null; priceFen?: number | null },
  currentVersion: { id: string; rows: number | null } | null,
  purpose: string,
): Promise<(OrderTerms & { lawful: boolean }) | null> {
  if (!currentVersion) return null;
  const terms = orderTerms(priceOf(dataset), Number(currentVersion.rows ?? 0));
  if (!terms) return null;
  const { lawful } = await lawfulBasisOf(manager, consent, currentVersion.id, purpose);
  return { ...terms, lawful };
}

/** The refusal when the order would take the provider's unlawful proceeds to a tier (Art. 5 para. 1 (7)), else nothing. */
export async function proceedsReasons(manager: EntityManager, providerOrgId: string, order: (OrderTerms & { lawful: boolean }) | null): Promise<PolicyReason[]> {
  if (!order || order.lawful || order.amountFen === 0) return [];
  const a = assessProceeds(await unlawfulHoldingOf(manager, providerOrgId, unlawfulProceedsOf), order.amountFen, order.lawful);
  return a.refused ? [{ code: PROCEEDS_TIER_REASON, message: proceedsRefusalMessage(a, order.amountFen) }] : [];
}
