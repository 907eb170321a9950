import { Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility, type OrganizationKind, type Role } from '@eastlake/policy';
import { DataSource, In, type EntityManager } from 'typeorm';
import { PasswordService } from '../../common/auth/password.service.js';
import { whereAbilityAllows } from '../../common/database/ability-to-sql.util.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import type { AuthAccount, AuthUserLookup } from '../../common/auth/auth-user-lookup.js';
import type { Organization } from '../organizations/organization.entity.js';
import { UserException, UserExceptionCode } from './exceptions/user.exception.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { CreateUserInput } from './dto/create-user.input.js';
import { User } from './user.entity.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { findRawByIds } from '../../common/database/raw-entity-rows.util.js';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  organizationId: string;
}

/** The kind of organization a role's new organization gets. */
const KIND_OF_ROLE: Record<Role, OrganizationKind> = {
  PROVIDER: 'PROVIDER',
  BUYER: 'BUYER',
  REGULATOR: 'REGULATOR',
  ADMIN: 'PLATFORM',
};

/**
 * The roles an organization's users may hold. A provider's staff may be given the BUYER role
 * (least privilege: they acquire data for the company but neither list nor decide requests).
 */
const ROLES_OF_KIND: Record<OrganizationKind, readonly Role[]> = {
  PROVIDER: ['PROVIDER', 'BUYER'],
  BUYER: ['BUYER'],
  REGULATOR: ['REGULATOR'],
  PLATFORM: ['ADMIN'],
};

function assertRoleFits(role: Role, organization: Organization): void {
  const allowed = ROLES_OF_KIND[organization.kind];
  if (!allowed.includes(role)) {
    throw new BadInputException(
      `a ${organization.kind} organization's users may be ${allowed.join(' or ')}, not ${role} ("${organization.name}")`,
    );
  }
}

@Injectable()
export class UsersService implements AuthUserLookup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly organizations: OrganizationsService,
    private readonly ledger: LedgerService,
  ) {}

  static normaliseEmail(email: string): string {
    return email.trim().toLowerCase();
  }

  findByEmail(manager: EntityManager, email: string): Promise<User | null> {
    return manager.findOneBy(User, { email: UsersService.normaliseEmail(email) });
  }

  async createWithManager(manager: EntityManager, input: NewUser): Promise<User> {
    const email = UsersService.normaliseEmail(input.email);
    if (await manager.existsBy(User, { email })) {
      throw new UserException(UserExceptionCode.EMAIL_TAKEN, `an account with email ${email} already exists`);
    }
    return manager.save(manager.create(User, { ...input, email }));
  }

  /** The name of each user's organization, by user id (those that exist): one query per owner. */
  async organizationNamesOf(userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const users = await this.dataSource.manager.find(User, { where: { id: In([...new Set(userIds)]) }, select: { id: true, organizationId: true } });
    const names = await this.organizations.namesWithManager(this.dataSource.manager, users.map((u) => u.organizationId));
    return new Map(users.flatMap((u) => (names.has(u.organizationId) ? [[u.id, names.get(u.organizationId)!] as const] : [])));
  }

  /** The email of the user who verified an organization, for callers who may read that user (else null). */
  async verifierEmail(ability: AppAbility, userId: string): Promise<string | null> {
    const rows: Array<{ id: string; email: string; organization_id: string }> = await this.dataSource.query(
      `SELECT id, email, organization_id FROM users WHERE id = $1`,
      [userId],
    );
    const row = rows[0];
    return row && ability.can('read', subject('User', { id: row.id, organizationId: row.organization_id })) ? row.email : null;
  }

  /** The account behind a token, for the guard (AUTH_USER_LOOKUP). */
  async findAccount(id: string): Promise<AuthAccount | null> {
    // On every request: read without TypeORM's hydration.
    return (await findRawByIds(this.dataSource.manager, User, 'id', [id]))[0] ?? null;
  }

  async getById(id: string): Promise<User> {
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw new NotFoundException('user', id);
    return user;
  }

  async get(ability: AppAbility, id: string): Promise<User> {
    const user = await this.getById(id);
    ForbiddenError.from(ability).throwUnlessCan('read', subject('User', user));
    return user;
  }

  /**
   * Users the caller may read, optionally of one organization. Asking for an
   * organization whose users the caller may not read is FORBIDDEN, not an empty list.
   */
  async list(ability: AppAbility, organizationId?: string, search?: string): Promise<User[]> {
    if (organizationId) {
      ForbiddenError.from(ability)
        .setMessage("you are not allowed to read another organization's users")
        .throwUnlessCan('read', subject('User', { id: '', organizationId }));
    }
    const qb = this.dataSource.manager.createQueryBuilder(User, 'user');
    if (organizationId) qb.andWhere('user.organizationId = :organizationId', { organizationId });
    if (search?.trim()) qb.andWhere('user.email ILIKE :like', { like: `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    return whereAbilityAllows(qb, ability, 'read', 'User').orderBy('user.email').getMany();
  }

  /** Admin: creates a regulator or admin, in an existing organization of the right kind or a new one. */
  async createByAdmin(admin: AuthUser, input: CreateUserInput): Promise<User> {
    const kind = KIND_OF_ROLE[input.role];
    if (!input.organizationId === !input.organizationName) {
      throw new BadInputException('give either organizationId or organizationName, not both or neither');
    }
    const passwordHash = await this.passwords.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      let organizationId = input.organizationId;
      if (organizationId) {
        const organization = await this.organizations.findWithManager(manager, organizationId);
        if (!organization) throw new NotFoundException('organization', organizationId);
        assertRoleFits(input.role, organization);
      } else {
        const organization = await this.organizations.createWithManager(manager, {
          name: input.organizationName!,
          kind,
          verified: true,
        });
        organizationId = organization.id;
      }
      const user = await this.createWithManager(manager, { email: input.email, passwordHash, role: input.role, organizationId });
      await this.ledger.append(manager, {
        action: 'user.created',
        actor: actorOf(admin),
        subject: { type: 'User', id: user.id },
        data: { role: user.role, organizationId },
      });
      return user;
    });
  }

  /**
   * Admin: disables an account (sign-in and its tokens are refused from now on) or enables it
   * again; ledgered with the reason. Disabling an account already disabled changes nothing.
   */
  async setDisabled(admin: AuthUser, ability: AppAbility, userId: string, disabled: boolean, reason?: string): Promise<User> {
    const why = reason?.trim() || null;
    if (disabled && !why) throw new BadInputException('say why the account is disabled: the reason is kept in the ledger');
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundException('user', userId);
      ForbiddenError.from(ability).setMessage('admins may not disable their own account').throwUnlessCan('disable', subject('User', user));
      if ((user.disabledAt !== null) === disabled) return user;
      user.disabledAt = disabled ? new Date() : null;
      const saved = await manager.save(user);
      await this.ledger.append(manager, {
        action: disabled ? 'user.disabled' : 'user.enabled',
        actor: actorOf(admin),
        subject: { type: 'User', id: user.id },
        data: { reason: why, role: user.role, organizationId: user.organizationId },
      });
      return saved;
    });
  }

  /** Admin: moves a user to another role that fits their organization's kind. */
  async changeRole(admin: AuthUser, ability: AppAbility, userId: string, role: Role): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundException('user', userId);
      ForbiddenError.from(ability).throwUnlessCan('changeRole', subject('User', user));
      const organization = await this.organizations.findWithManager(manager, user.organizationId);
      if (!organization) throw new NotFoundException('organization', user.organizationId);
      assertRoleFits(role, organization);
      const from = user.role;
      user.role = role;
      const saved = await manager.save(user);
      await this.ledger.append(manager, {
        action: 'user.role_changed',
        actor: actorOf(admin),
        subject: { type: 'User', id: user.id },
        data: { from, to: role },
      });
      return saved;
    });
  }
}
