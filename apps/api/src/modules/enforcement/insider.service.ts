import { Injectable } from '@nestjs/common';
import { ForbiddenError, type AppAbility } from '@eastlake/policy';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { BadInputException } from '../../common/errors/domain.exception.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { InsiderStatusModel } from './models/insider.models.js';

interface InsiderRow {
  organization_id: string;
  name: string;
  insider: boolean;
  reason: string;
  set_by: string;
  updated_at: Date;
}

const toModel = (r: InsiderRow): InsiderStatusModel => ({
  organizationId: r.organization_id,
  organizationName: r.name,
  insider: r.insider,
  reason: r.reason,
  setBy: r.set_by,
  updatedAt: new Date(r.updated_at),
});

/**
 * Insiders (2017 SPC/SPP interpretation Art. 5 para. 1 (8)): organizations that obtain personal
 * information while performing duties or providing services are measured at half the standards.
 * A regulator or an admin records the status, with a reason, ledgered in the same transaction.
 */
@Injectable()
export class InsiderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly organizations: OrganizationsService,
  ) {}

  async set(user: AuthUser, ability: AppAbility, organizationId: string, insider: boolean, reason: string): Promise<InsiderStatusModel> {
    ForbiddenError.from(ability).setMessage('only a regulator or an admin declares an insider').throwUnlessCan('declare', 'InsiderStatus');
    const why = reason.trim();
    if (!why) throw new BadInputException('an insider status needs a reason (e.g. "telecom operator: obtains subscribers\' data providing services")');
    if (why.length > 2000) throw new BadInputException('reason must be at most 2,000 characters');
    return this.dataSource.transaction(async (manager) => {
      const org = await this.organizations.lockWithManager(manager, organizationId);
      const [row]: InsiderRow[] = await manager.query(
        `INSERT INTO organization_insiders (organization_id, insider, reason, set_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id) DO UPDATE SET insider = EXCLUDED.insider, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, updated_at = now()
         RETURNING organization_id, $5::text AS name, insider, reason, set_by, updated_at`,
        [organizationId, insider, why, user.id, org.name],
      );
      await this.ledger.append(manager, {
        action: 'organization.insider_set',
        actor: actorOf(user),
        subject: { type: 'Organization', id: organizationId },
        data: { insider, reason: why, basis: '2017 SPC/SPP interpretation Art. 5 para. 1 (8)' },
      });
      return toModel(row);
    });
  }

  async list(ability: AppAbility): Promise<InsiderStatusModel[]> {
    ForbiddenError.from(ability).throwUnlessCan('read', 'InsiderStatus');
    const rows: Array<Omit<InsiderRow, 'name'>> = await this.dataSource.query(
      `SELECT i.organization_id, i.insider, i.reason, i.set_by, i.updated_at FROM organization_insiders i ORDER BY i.updated_at DESC`,
    );
    const names = await this.organizations.namesWithManager(this.dataSource.manager, rows.map((r) => r.organization_id));
    return rows.flatMap((r) => {
      const name = names.get(r.organization_id);
      return name === undefined ? [] : [toModel({ ...r, name })];
    });
  }
}
