import { Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility, type OrganizationKind } from '@eastlake/policy';
import type DataLoader from 'dataloader';
import { DataSource, type EntityManager } from 'typeorm';
import { whereAbilityAllows } from '../../common/database/ability-to-sql.util.js';
import { NotFoundException } from '../../common/errors/domain.exception.js';
import { OrganizationException, OrganizationExceptionCode } from './exceptions/organization.exception.js';
import { Organization } from './organization.entity.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { findRawByIds } from '../../common/database/raw-entity-rows.util.js';
import { requestLoader } from '../../common/graphql/request-loaders.util.js';

export interface NewOrganization {
  name: string;
  kind: OrganizationKind;
  verified: boolean;
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  async createWithManager(manager: EntityManager, input: NewOrganization): Promise<Organization> {
    const name = input.name.trim();
    const taken = await manager
      .createQueryBuilder(Organization, 'o')
      .where('lower(o.name) = lower(:name)', { name })
      .getExists();
    if (taken) {
      throw new OrganizationException(OrganizationExceptionCode.ORGANIZATION_NAME_TAKEN, `an organization named "${name}" already exists`);
    }
    return manager.save(manager.create(Organization, { ...input, name }));
  }

  /** The organization, or null, read with the caller's manager (other modules never query the table). */
  findWithManager(manager: EntityManager, id: string): Promise<Organization | null> {
    return manager.findOneBy(Organization, { id });
  }

  /** Names of these organizations by id (those that exist), read with `manager`. */
  async namesWithManager(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await manager
      .createQueryBuilder(Organization, 'o')
      .select(['o.id', 'o.name'])
      .where('o.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  /** The organization, locked FOR UPDATE in the caller's transaction; NOT_FOUND when there is none. */
  async lockWithManager(manager: EntityManager, id: string): Promise<Organization> {
    const organization = await manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!organization) throw new NotFoundException('organization', id);
    return organization;
  }

  async get(ability: AppAbility, id: string): Promise<Organization> {
    const organization = await this.dataSource.manager.findOneBy(Organization, { id });
    if (!organization) throw new NotFoundException('organization', id);
    ForbiddenError.from(ability).throwUnlessCan('read', subject('Organization', organization));
    return organization;
  }

  /** Organizations the caller may read, filtered in SQL from their abilities (and by name part or kind). */
  list(ability: AppAbility, filter: { search?: string; kind?: OrganizationKind } = {}): Promise<Organization[]> {
    const qb = this.dataSource.manager.createQueryBuilder(Organization, 'organization');
    if (filter.kind) qb.andWhere('organization.kind = :kind', { kind: filter.kind });
    if (filter.search?.trim()) {
      qb.andWhere('organization.name ILIKE :like', { like: `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    return whereAbilityAllows(qb, ability, 'read', 'Organization').orderBy('organization.name').getMany();
  }

  async verify(admin: AuthUser, ability: AppAbility, id: string): Promise<Organization> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!organization) throw new NotFoundException('organization', id);
      ForbiddenError.from(ability).throwUnlessCan('verify', subject('Organization', organization));
      if (organization.verified) return organization;
      organization.verified = true;
      organization.verifiedAt = new Date();
      organization.verifiedBy = admin.id;
      const saved = await manager.save(organization);
      await this.ledger.append(manager, {
        action: 'organization.verified',
        actor: actorOf(admin),
        subject: { type: 'Organization', id: organization.id },
        data: { kind: organization.kind },
      });
      return saved;
    });
  }

  /** Batches `User.organization` lookups of one request into one query. */
  loaderFor(request: object): DataLoader<string, Organization | null> {
    return requestLoader(request, 'organization', async (ids) =>
      new Map((await findRawByIds(this.dataSource.manager, Organization, 'id', ids)).map((o) => [o.id, o])),
    );
  }
}
