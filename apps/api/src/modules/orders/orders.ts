import { formatFen, orderAmountFen, type Price, type PriceModel } from '@eastlake/compliance';
import type { EntityManager } from 'typeorm';
import type { LedgerActor } from '@eastlake/ledger';
import type { LedgerService } from '../ledger/ledger.service.js';

/**
 * Orders: what a grant was paid, recorded (the platform moves no money) with the grant and its
 * ledger entry in one transaction. Plain functions taking the caller's `manager`.
 */

export const PROCEEDS_TIER_REASON = 'PROCEEDS_TIER_WOULD_BE_CROSSED';

/** Proceeds (fen) the organization recorded selling personal information without a lawful basis (2017 SPC/SPP interpretation Art. 5 para. 1 (7)). */
export async function unlawfulProceedsOf(manager: EntityManager, orgId: string): Promise<number> {
  const [row]: Array<{ fen: string }> = await manager.query(`SELECT COALESCE(SUM(amount_fen), 0) AS fen FROM orders WHERE provider_org_id = $1 AND NOT lawful`, [orgId]);
  return Number(row.fen);
}

/** The listing's price, or null when it has none. */
export function priceOf(dataset: { priceModel?: PriceModel | null; priceFen?: number | null }): Price | null {
  return dataset.priceModel && dataset.priceFen !== null && dataset.priceFen !== undefined ? { model: dataset.priceModel, amountFen: Number(dataset.priceFen), currency: 'CNY' } : null;
}

export interface OrderTerms {
  model: PriceModel;
  unitFen: number;
  quantity: number;
  amountFen: number;
}

/**
 * What a grant on `versionRows` rows costs: one delivery (PER_DELIVERY), every record of the
 * version (PER_RECORD), or one answered query (PER_QUERY: the grant's first query).
 */
export function orderTerms(price: Price | null, versionRows: number): OrderTerms | null {
  if (!price) return null;
  const quantity = price.model === 'PER_RECORD' ? versionRows : 1;
  const amountFen = orderAmountFen(price, price.model === 'PER_RECORD' ? { records: quantity } : { queries: quantity });
  return { model: price.model, unitFen: price.amountFen, quantity, amountFen };
}

/** Records the order of a new grant and ledgers it (amounts as integers of fen). */
export async function recordOrder(
  manager: EntityManager,
  ledger: LedgerService,
  actor: LedgerActor,
  grant: { id: string; requestId: string; datasetId: string; versionId: string; buyerOrgId: string; providerOrgId: string },
  order: OrderTerms & { lawful: boolean },
): Promise<string> {
  const [row]: Array<{ id: string }> = await manager.query(
    `INSERT INTO orders (grant_id, request_id, dataset_id, version_id, buyer_org_id, provider_org_id, price_model, unit_fen, quantity, amount_fen, lawful)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [grant.id, grant.requestId, grant.datasetId, grant.versionId, grant.buyerOrgId, grant.providerOrgId, order.model, order.unitFen, order.quantity, order.amountFen, order.lawful],
  );
  await ledger.append(manager, {
    action: 'order.recorded',
    actor,
    subject: { type: 'Order', id: row.id },
    data: {
      grantId: grant.id,
      datasetId: grant.datasetId,
      versionId: grant.versionId,
      buyerOrgId: grant.buyerOrgId,
      providerOrgId: grant.providerOrgId,
      priceModel: order.model,
      unitFen: order.unitFen,
      quantity: order.quantity,
      amountFen: order.amountFen,
      currency: 'CNY',
      lawful: order.lawful,
    },
  });
  return row.id;
}

/** "¥12.50 per record × 1,000 = ¥12,500.00". */
export function describeOrder(o: OrderTerms): string {
  const per = o.model === 'PER_RECORD' ? 'record' : o.model === 'PER_QUERY' ? 'query' : 'delivery';
  return `${formatFen(o.unitFen)} per ${per} × ${o.quantity.toLocaleString('en-US')} = ${formatFen(o.amountFen)}`;
}
