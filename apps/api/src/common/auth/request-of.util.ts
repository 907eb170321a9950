import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { AuthenticatedRequest, GqlContext } from './auth-user.js';

/** The HTTP request behind a GraphQL operation or a REST route. */
export function requestOf(ctx: ExecutionContext): AuthenticatedRequest {
  if (ctx.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(ctx).getContext<GqlContext>().req;
  }
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>();
}
