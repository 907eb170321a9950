import { Inject, Injectable } from '@nestjs/common';
import { roleForKind } from '@eastlake/policy';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../../common/logging/logger.js';
import { TokenService } from '../../common/auth/token.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { UsersService } from '../users/users.service.js';
import type { User } from '../users/user.entity.js';
import type { LoginInput } from './dto/login.input.js';
import type { RegisterInput } from './dto/register.input.js';
import { AuthException, AuthExceptionCode } from './exceptions/auth.exception.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { createHash } from 'node:crypto';
import { LedgerService } from '../ledger/ledger.service.js';
import { actorOf, SYSTEM_ACTOR } from '../ledger/ledger-actor.js';
import { PasswordService } from '../../common/auth/password.service.js';

export interface AuthResult {
  token: string;
  expiresAt: Date;
  user: User;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly ledger: LedgerService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Creates a provider or buyer organization (unverified) and its first user. */
  async register(input: RegisterInput): Promise<AuthResult> {
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.dataSource.transaction(async (manager) => {
      const organization = await this.organizations.createWithManager(manager, {
        name: input.organizationName,
        kind: input.kind,
        verified: false,
      });
      const created = await this.users.createWithManager(manager, {
        email: input.email,
        passwordHash,
        role: roleForKind(input.kind),
        organizationId: organization.id,
      });
      await this.ledger.append(manager, {
        action: 'account.registered',
        actor: actorOf(created),
        subject: { type: 'Organization', id: organization.id },
        data: { userId: created.id, role: created.role, kind: organization.kind, organizationName: organization.name },
      });
      return created;
    });
    this.logger.info({ userId: user.id, organizationId: user.organizationId }, 'account registered');
    return { ...this.tokens.issue(user.id), user };
  }

  async login(input: LoginInput, ip: string): Promise<AuthResult> {
    const email = UsersService.normaliseEmail(input.email);
    const state = await this.throttle.check(this.dataSource.manager, email, ip);
    if (state.blocked) {
      throw new AuthException(
        AuthExceptionCode.TOO_MANY_ATTEMPTS,
        `too many failed sign-in attempts; try again in ${state.retryAfterSeconds} seconds`,
        { retryAfterSeconds: state.retryAfterSeconds },
      );
    }
    const user = await this.users.findByEmail(this.dataSource.manager, email);
    const ok = user
      ? await this.passwords.verify(input.password, user.passwordHash)
      : await this.passwords.verifyAgainstNobody(input.password);
    if (!user || !ok) {
      await this.dataSource.transaction(async (manager) => {
        const reached = await this.throttle.recordFailure(manager, email, ip);
        if (reached.length === 0) return;
        this.logger.warn({ scopes: reached.map((k) => k.split(':')[0]), ip }, 'sign-in rate limit reached');
        // The ledger is permanent: it keeps digests of the email or IP, never the values.
        await this.ledger.appendMany(
          manager,
          reached.map((key) => {
            const digest = createHash('sha256').update(key).digest('hex');
            const scope = key.startsWith('account:') ? 'account' : 'ip';
            return {
              action: 'auth.rate_limited',
              actor: SYSTEM_ACTOR,
              subject: scope === 'account' && user ? { type: 'User', id: user.id } : { type: 'LoginThrottle', id: digest },
              data: { scope, keyDigest: digest, windowSeconds: this.throttle.windowSeconds },
            };
          }),
        );
      });
      throw new AuthException(AuthExceptionCode.INVALID_CREDENTIALS, 'wrong email or password');
    }
    if (user.disabledAt) {
      // Only after the right password: a wrong one must not reveal that the account exists.
      await this.dataSource.transaction((manager) =>
        this.ledger.append(manager, { action: 'auth.login_refused', actor: actorOf(user), subject: { type: 'User', id: user.id }, data: { reason: 'ACCOUNT_DISABLED' } }),
      );
      throw new AuthException(AuthExceptionCode.ACCOUNT_DISABLED, 'this account has been disabled by a platform admin; ask them to enable it again');
    }
    await this.throttle.recordSuccess(this.dataSource.manager, email);
    return { ...this.tokens.issue(user.id), user };
  }
}
