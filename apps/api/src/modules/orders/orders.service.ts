import { Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { DataSource } from 'typeorm';
import type { OrderModel } from './models/order.models.js';

interface OrderRow {
  id: string;
  grant_id: string;
  request_id: string;
  dataset_id: string;
  buyer_org_id: string;
  provider_org_id: string;
  price_model: string;
  unit_fen: string;
  quantity: string;
  amount_fen: string;
  currency: string;
  lawful: boolean;
  created_at: Date;
}

const toModel = (r: OrderRow): OrderModel => ({
  id: r.id,
  grantId: r.grant_id,
  requestId: r.request_id,
  datasetId: r.dataset_id,
  buyerOrgId: r.buyer_org_id,
  providerOrgId: r.provider_org_id,
  priceModel: r.price_model,
  unitFen: Number(r.unit_fen),
  quantity: Number(r.quantity),
  amountFen: Number(r.amount_fen),
  currency: r.currency,
  lawful: r.lawful,
  createdAt: new Date(r.created_at),
});

/** The orders grants record (a listing's price is set by the datasets module: DatasetsService.setPrice). */
@Injectable()
export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}

  /** The order of a grant the caller already may see. */
  async ofGrant(grantId: string): Promise<OrderModel | null> {
    const rows: OrderRow[] = await this.dataSource.query(`SELECT * FROM orders WHERE grant_id = $1`, [grantId]);
    return rows[0] ? toModel(rows[0]) : null;
  }

  /** The orders the caller may see (its own as buyer or provider; every order for regulators and admins), newest first. */
  async list(ability: AppAbility, filter: { grantId?: string }): Promise<OrderModel[]> {
    // The ability's conditions, as SQL: an unconditional rule reads every order, else the organizations named.
    const all = ability.rulesFor('read', 'Order').some((r) => !r.inverted && !r.conditions);
    const orgs = new Set<string>();
    for (const r of ability.rulesFor('read', 'Order')) {
      const c = (r.conditions ?? {}) as { buyerOrgId?: string; providerOrgId?: string };
      if (c.buyerOrgId) orgs.add(c.buyerOrgId);
      if (c.providerOrgId) orgs.add(c.providerOrgId);
    }
    if (!all && orgs.size === 0) ForbiddenError.from(ability).throwUnlessCan('read', 'Order');
    const rows: OrderRow[] = await this.dataSource.query(
      `SELECT * FROM orders
        WHERE ($1::boolean OR buyer_org_id = ANY($2::uuid[]) OR provider_org_id = ANY($2::uuid[]))
          AND ($3::uuid IS NULL OR grant_id = $3)
        ORDER BY created_at DESC, id DESC LIMIT 500`,
      [all, [...orgs], filter.grantId ?? null],
    );
    return rows.map(toModel).filter((o) => ability.can('read', subject('Order', { buyerOrgId: o.buyerOrgId, providerOrgId: o.providerOrgId })));
  }
}
