import { INFO_CLASSES, tierPosition, type InfoClass } from '@eastlake/compliance';
import type { DataSource } from 'typeorm';
import type { OrganizationModel } from '../organizations/models/organization.model.js';
import type { TierPositionModel } from './models/tier-position.models.js';
import { BUYER_HOLDINGS_VIEW, ORGANIZATION_INSIDERS_VIEW } from '../enforcement/enforcement.views.js';
import { ORDERS_VIEW } from '../orders/order.views.js';
import { ORGANIZATIONS_VIEW } from '../organizations/organization.views.js';

interface HoldingRow {
  id: string;
  lawful: boolean;
  versions: string;
  w: string;
  h: string;
  o: string;
}

interface OrgRow {
  id: string;
  name: string;
  kind: OrganizationModel['kind'];
  verified: boolean;
  created_at: Date;
  insider: boolean | null;
  proceeds: string | null;
}

const COLUMN: Record<InfoClass, 'w' | 'h' | 'o'> = { WHEREABOUTS_CREDIT_PROPERTY: 'w', HEALTH_TRANSACTION: 'h', OTHER: 'o' };

/**
 * Every organization that received data or sold it for a price, measured against both tiers of
 * the 2017 SPC/SPP interpretation Art. 5 on what it received without a lawful basis (see
 * enforcement/buyer-tiers.ts) and the proceeds it recorded selling personal information without
 * one, insiders at half the standards; highest first. `asOf` measures at a moment (the end of a
 * report's period).
 */
export async function tierPositions(dataSource: DataSource, asOf: Date | null = null): Promise<TierPositionModel[]> {
  const rows: HoldingRow[] = await dataSource.query(
    `SELECT h.buyer_org_id AS id, h.lawful, COUNT(*) AS versions, SUM(h.whereabouts_items) AS w, SUM(h.health_items) AS h, SUM(h.other_items) AS o
       FROM ${BUYER_HOLDINGS_VIEW} h WHERE ($1::timestamptz IS NULL OR h.first_delivered_at < $1)
      GROUP BY h.buyer_org_id, h.lawful`,
    [asOf],
  );
  const orgs: OrgRow[] = await dataSource.query(
    `SELECT o.id, o.name, o.kind, o.verified, o.created_at, i.insider,
            (SELECT SUM(r.amount_fen) FROM ${ORDERS_VIEW} r WHERE r.provider_org_id = o.id AND NOT r.lawful AND ($1::timestamptz IS NULL OR r.created_at < $1)) AS proceeds
       FROM ${ORGANIZATIONS_VIEW} o LEFT JOIN ${ORGANIZATION_INSIDERS_VIEW} i ON i.organization_id = o.id
      WHERE EXISTS (SELECT 1 FROM ${BUYER_HOLDINGS_VIEW} h WHERE h.buyer_org_id = o.id AND ($1::timestamptz IS NULL OR h.first_delivered_at < $1))
         OR EXISTS (SELECT 1 FROM ${ORDERS_VIEW} r WHERE r.provider_org_id = o.id AND NOT r.lawful AND ($1::timestamptz IS NULL OR r.created_at < $1))`,
    [asOf],
  );
  const positions = orgs.map((org): TierPositionModel => {
    const lawful = rows.find((r) => r.id === org.id && r.lawful);
    const unlawful = rows.find((r) => r.id === org.id && !r.lawful);
    const items = Object.fromEntries(INFO_CLASSES.map((c) => [c, Number(unlawful?.[COLUMN[c]] ?? 0)])) as Record<InfoClass, number>;
    const insider = org.insider ?? false;
    const proceedsFen = Number(org.proceeds ?? 0);
    const p = tierPosition({ items, proceedsFen, insider });
    return {
      organization: { id: org.id, name: org.name, kind: org.kind, verified: org.verified, createdAt: new Date(org.created_at) },
      level: p.level,
      quantityShare: p.quantityShare,
      classes: INFO_CLASSES.map((c) => ({
        infoClass: c,
        items: items[c],
        lawfulItems: Number(lawful?.[COLUMN[c]] ?? 0),
        serious: p.standards.items[c],
        especiallySerious: p.standards.items[c] * p.standards.factor,
      })),
      versions: Number(lawful?.versions ?? 0) + Number(unlawful?.versions ?? 0),
      unlawfulVersions: Number(unlawful?.versions ?? 0),
      proceedsFen,
      proceedsShare: p.proceedsShare,
      proceedsSeriousFen: p.standards.proceedsFen,
      insider,
      by: p.by,
    };
  });
  return positions.sort((a, b) => Math.max(b.quantityShare, b.proceedsShare) - Math.max(a.quantityShare, a.proceedsShare) || a.organization.name.localeCompare(b.organization.name));
}
