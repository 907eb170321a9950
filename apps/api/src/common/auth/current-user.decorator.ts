import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { defineAbilityFor, type AppAbility } from '@eastlake/policy';
import { requestOf } from './request-of.util.js';
import type { AuthUser } from './auth-user.js';
import { UnauthenticatedException } from '../errors/domain.exception.js';

/** The signed-in user (the guard guarantees one on non-public operations). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = requestOf(ctx).user;
  if (!user) throw new UnauthenticatedException();
  return user;
});

/** The caller's abilities, built once per request from `packages/policy`. */
export const CurrentAbility = createParamDecorator((_data: unknown, ctx: ExecutionContext): AppAbility => {
  const req = requestOf(ctx);
  req.ability ??= defineAbilityFor(req.user ?? null);
  return req.ability;
});
