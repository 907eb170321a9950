import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { InsiderService } from './insider.service.js';
import { InsiderStatusModel } from './models/insider.models.js';

/** Regulators and admins: which organizations are insiders (half the Art. 5 standards). */
@CheckPolicies((ability) => ability.can('read', 'InsiderStatus'))
@Resolver()
export class InsiderResolver {
  constructor(private readonly insiders: InsiderService) {}

  @Query(() => [InsiderStatusModel], { description: 'Regulators and admins: insider statuses on record, newest first.' })
  insiderStatuses(@CurrentAbility() ability: AppAbility): Promise<InsiderStatusModel[]> {
    return this.insiders.list(ability);
  }

  @CheckPolicies((ability) => ability.can('declare', 'InsiderStatus'))
  @Mutation(() => InsiderStatusModel, { description: 'Regulator or admin: marks an organization an insider (or not); its tiers are then measured at half the standards.' })
  setInsiderStatus(
    @Args('organizationId', { type: () => ID }, ParseUuidPipe) organizationId: string,
    @Args('insider') insider: boolean,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<InsiderStatusModel> {
    return this.insiders.set(user, ability, organizationId, insider, reason);
  }
}
