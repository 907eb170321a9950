import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defineAbilityFor } from '@eastlake/policy';
import { ForbiddenException, UnauthenticatedException } from '../errors/domain.exception.js';
import { AUTH_USER_LOOKUP, type AuthUserLookup } from './auth-user-lookup.js';
import { CHECK_POLICIES, type PolicyCheck } from './check-policies.decorator.js';
import { IS_PUBLIC } from './public.decorator.js';
import { requestOf } from './request-of.util.js';
import { TokenService } from './token.service.js';

/**
 * Global guard: reads the bearer token, loads the user (so a role change or a removed
 * account takes effect at once), builds their abilities and checks the resolver's
 * `@CheckPolicies`. Anything but `@Public()` needs a valid token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @Inject(AUTH_USER_LOOKUP) private readonly accounts: AuthUserLookup,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const req = requestOf(ctx);
    // A field resolver runs after its parent already passed the guard.
    if (req.user === undefined) {
      const header = req.headers.authorization;
      if (header) {
        const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
        if (!match) throw new UnauthenticatedException('the Authorization header must be "Bearer <token>"');
        const userId = this.tokens.verify(match[1]);
        const user = await this.accounts.findAccount(userId);
        if (!user) throw new UnauthenticatedException('the account behind this token no longer exists');
        if (user.disabledAt) throw new UnauthenticatedException('this account has been disabled by a platform admin');
        req.user = { id: user.id, email: user.email, role: user.role, organizationId: user.organizationId };
      }
    }
    if (!isPublic && !req.user) throw new UnauthenticatedException();
    req.ability ??= defineAbilityFor(req.user ?? null);

    const checks = this.reflector.getAllAndOverride<PolicyCheck[]>(CHECK_POLICIES, targets) ?? [];
    if (!checks.every((check) => check(req.ability!))) throw new ForbiddenException();
    return true;
  }
}
