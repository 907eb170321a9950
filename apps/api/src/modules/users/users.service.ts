import { Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility, type OrganizationKind, type Role } from '@eastlake/policy';
import { DataSource, type EntityManager } from 'typeorm';
import { PasswordService } from '../../common/auth/password.service.js';
import { whereAbilityAllows } from '../../common/database/ability-to-sql.util.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { AuthException, AuthExceptionCode } from '../auth/exceptions/auth.exception.js';
import { Organization } from '../organizations/organization.entity.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { CreateUserInput } from './dto/create-user.input.js';
import { User } from './user.entity.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { actorOf } from '../ledger/ledger-actor.js';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  organizationId: string;
}

/** Which organization kind each role belongs to. */
const KIND_OF_ROLE: Record<Role, OrganizationKind> = {
  PROVIDER: 'PROVIDER',
  BUYER: 'BUYER',
  REGULATOR: 'REGULATOR',
  ADMIN: 'PLATFORM',
};

@Injectable()
export class UsersService {
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
      throw new AuthException(AuthExceptionCode.EMAIL_TAKEN, `an account with email ${email} already exists`);
    }
    return manager.save(manager.create(User, { ...input, email }));
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
  async list(ability: AppAbility, organizationId?: string): Promise<User[]> {
    if (organizationId) {
      ForbiddenError.from(ability)
        .setMessage("you are not allowed to read another organization's users")
        .throwUnlessCan('read', subject('User', { id: '', organizationId }));
    }
    const qb = this.dataSource.manager.createQueryBuilder(User, 'user');
    if (organizationId) qb.andWhere('user.organizationId = :organizationId', { organizationId });
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
        const organization = await manager.findOneBy(Organization, { id: organizationId });
        if (!organization) throw new NotFoundException('organization', organizationId);
        if (organization.kind !== kind) {
          throw new BadInputException(`a ${input.role} must belong to a ${kind} organization, not a ${organization.kind} one`);
        }
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

  /** Admin: moves a user to another role that fits their organization's kind. */
  async changeRole(admin: AuthUser, ability: AppAbility, userId: string, role: Role): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundException('user', userId);
      ForbiddenError.from(ability).throwUnlessCan('changeRole', subject('User', user));
      const organization = await manager.findOneByOrFail(Organization, { id: user.organizationId });
      if (KIND_OF_ROLE[role] !== organization.kind) {
        throw new BadInputException(`role ${role} does not fit a ${organization.kind} organization`);
      }
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
