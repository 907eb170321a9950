import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AppAbility, OrganizationKind } from '@eastlake/policy';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { OrganizationKindEnum, OrganizationModel } from './models/organization.model.js';
import { OrganizationsService } from './organizations.service.js';

@Resolver(() => OrganizationModel)
export class OrganizationsResolver {
  constructor(private readonly organizationsService: OrganizationsService) {}

  @Query(() => OrganizationModel)
  organization(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @CurrentAbility() ability: AppAbility,
  ): Promise<OrganizationModel> {
    return this.organizationsService.get(ability, id);
  }

  @Query(() => [OrganizationModel], { description: 'The organizations the caller may see, optionally by part of the name or by kind.' })
  organizations(
    @CurrentAbility() ability: AppAbility,
    @Args('search', { type: () => String, nullable: true }) search?: string,
    @Args('kind', { type: () => OrganizationKindEnum, nullable: true }) kind?: OrganizationKind,
  ): Promise<OrganizationModel[]> {
    return this.organizationsService.list(ability, { search, kind });
  }

  @CheckPolicies((ability) => ability.can('verify', 'Organization'))
  @Mutation(() => OrganizationModel, { description: 'Admin only: marks an organization as verified.' })
  verifyOrganization(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @CurrentAbility() ability: AppAbility,
    @CurrentUser() admin: AuthUser,
  ): Promise<OrganizationModel> {
    return this.organizationsService.verify(admin, ability, id);
  }
}
