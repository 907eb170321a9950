import { SetMetadata } from '@nestjs/common';
import type { AppAbility } from '@eastlake/policy';

export type PolicyCheck = (ability: AppAbility) => boolean;
export const CHECK_POLICIES = 'eastlake:checkPolicies';

/**
 * The kind of action a resolver performs, checked by the guard before it runs
 * (e.g. `ability.can('create', 'User')`). Row-level checks happen in services.
 */
export const CheckPolicies = (...checks: PolicyCheck[]): MethodDecorator & ClassDecorator =>
  SetMetadata(CHECK_POLICIES, checks);
