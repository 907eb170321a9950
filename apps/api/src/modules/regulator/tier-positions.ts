import { INFO_CLASSES, tierPosition, type InfoClass } from '@eastlake/compliance';
import type { DataSource } from 'typeorm';
import type { OrganizationModel } from '../organizations/models/organization.model.js';
import type { TierPositionModel } from './models/tier-position.models.js';

interface HoldingRow {
  id: string;
  name: string;
  kind: OrganizationModel['kind'];
  verified: boolean;
  created_at: Date;
  lawful: boolean;
  versions: string;
  w: string;
  h: string;
  o: string;
}

const COLUMN: Record<InfoClass, 'w' | 'h' | 'o'> = { WHEREABOUTS_CREDIT_PROPERTY: 'w', HEALTH_TRANSACTION: 'h', OTHER: 'o' };

/**
 * Every organization that received data, measured against both tiers of the 2017 SPC/SPP
 * interpretation Art. 5 on what it received without a lawful basis (see
 * enforcement/buyer-tiers.ts), highest first.
 */
export async function tierPositions(dataSource: DataSource): Promise<TierPositionModel[]> {
  const rows: HoldingRow[] = await dataSource.query(
    `SELECT o.id, o.name, o.kind, o.verified, o.created_at, h.lawful, COUNT(*) AS versions,
            SUM(h.whereabouts_items) AS w, SUM(h.health_items) AS h, SUM(h.other_items) AS o
       FROM buyer_holdings h JOIN organizations o ON o.id = h.buyer_org_id
      GROUP BY o.id, o.name, o.kind, o.verified, o.created_at, h.lawful`,
  );
  const byOrg = new Map<string, { org: OrganizationModel; lawful?: HoldingRow; unlawful?: HoldingRow }>();
  for (const r of rows) {
    const entry = byOrg.get(r.id) ?? { org: { id: r.id, name: r.name, kind: r.kind, verified: r.verified, createdAt: new Date(r.created_at) } };
    entry[r.lawful ? 'lawful' : 'unlawful'] = r;
    byOrg.set(r.id, entry);
  }
  const positions = [...byOrg.values()].map(({ org, lawful, unlawful }) => {
    const items = Object.fromEntries(INFO_CLASSES.map((c) => [c, Number(unlawful?.[COLUMN[c]] ?? 0)])) as Record<InfoClass, number>;
    const p = tierPosition({ items, proceedsFen: 0 });
    return {
      organization: org,
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
    };
  });
  return positions.sort((a, b) => b.quantityShare - a.quantityShare || a.organization.name.localeCompare(b.organization.name));
}
