import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import { CurrentAbility } from '../../common/auth/current-user.decorator.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { UsersService } from './users.service.js';

/** `Organization.verifiedBy`: the verifier is a user, so the users module answers (organizations reads no users). */
@Resolver(() => OrganizationModel)
export class OrganizationVerifierResolver {
  constructor(private readonly usersService: UsersService) {}

  @ResolveField(() => String, { nullable: true, description: 'The email of the admin who verified it, for callers who may read that user.' })
  verifiedBy(@Parent() organization: OrganizationModel, @CurrentAbility() ability: AppAbility): Promise<string | null> {
    return organization.verifiedBy ? this.usersService.verifierEmail(ability, organization.verifiedBy) : Promise.resolve(null);
  }
}
