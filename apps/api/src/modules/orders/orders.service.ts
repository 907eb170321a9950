import { Injectable } from '@nestjs/common';
import { formatFen } from '@eastlake/compliance';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { MAX_PRICE_FEN, type OrderModel, type PriceInput } from './models/order.models.js';

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

/** Listing prices and the orders grants record. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly datasets: DatasetLifecycleService,
  ) {}

  /** The provider prices its listing (or clears the price with null); ledgered with the amount in fen. */
  async setPrice(user: AuthUser, ability: AppAbility, datasetId: string, price: PriceInput | null): Promise<Dataset> {
    if (price && (!Number.isSafeInteger(price.amountFen) || price.amountFen < 0 || price.amountFen > MAX_PRICE_FEN)) {
      throw new BadInputException(`amountFen must be a whole number of fen from 0 to ${MAX_PRICE_FEN.toLocaleString('en-US')} (¥10,000,000.00); got ${price.amountFen}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.lockWithManager(manager, datasetId);
      if (!ability.can('read', subject('Dataset', dataset))) throw new NotFoundException('dataset', datasetId);
      ForbiddenError.from(ability).setMessage('only the provider prices its listing').throwUnlessCan('update', subject('Dataset', dataset));
      const priced = await this.datasets.setPriceWithManager(manager, datasetId, { priceModel: price?.model ?? null, priceFen: price?.amountFen ?? null });
      await this.ledger.append(manager, {
        action: 'dataset.price_set',
        actor: actorOf(user),
        subject: { type: 'Dataset', id: datasetId },
        data: price ? { priceModel: price.model, amountFen: price.amountFen, currency: 'CNY', formatted: formatFen(price.amountFen) } : { priceModel: null, amountFen: null, currency: 'CNY', formatted: null },
      });
      return priced;
    });
  }

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
