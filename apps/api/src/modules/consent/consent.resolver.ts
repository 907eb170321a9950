import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import { ConsentRevocationService } from './consent-revocation.service.js';

@Resolver()
export class ConsentResolver {
  constructor(private readonly revocations: ConsentRevocationService) {}

  @CheckPolicies((ability) => ability.can('revokeConsent', 'Dataset'))
  @Mutation(() => DatasetModel, {
    description:
      'Owner or admin: records that a data subject withdrew consent. At once: grants relying on it are SUSPENDED, a published listing relying on it is SUSPENDED, and the version is re-evaluated.',
  })
  revokeConsent(
    @Args('datasetId', { type: () => ID }, ParseUuidPipe) datasetId: string,
    @Args('subjectKey') subjectKey: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<DatasetModel> {
    return this.revocations.revoke(user, ability, datasetId, [subjectKey]);
  }
}
