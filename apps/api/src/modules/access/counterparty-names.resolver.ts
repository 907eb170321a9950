import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { AccessRequestModel, GrantModel } from './models/access.models.js';

/**
 * The counterparties of a request or grant by name. Whoever may read the request or grant
 * (its buyer, its provider, regulators, admins) may read who the other side is; the name
 * is all that is shown, never the organization's other details.
 */
@Resolver(() => AccessRequestModel)
export class AccessRequestNamesResolver {
  constructor(private readonly organizations: OrganizationsService) {}

  @ResolveField(() => String, { nullable: true, description: "The buyer organization's name." })
  async buyerOrganizationName(@Parent() request: AccessRequestModel, @Context() ctx: GqlContext): Promise<string | null> {
    return (await this.organizations.loaderFor(ctx.req).load(request.buyerOrgId))?.name ?? null;
  }
}

@Resolver(() => GrantModel)
export class GrantNamesResolver {
  constructor(private readonly organizations: OrganizationsService) {}

  @ResolveField(() => String, { nullable: true, description: "The buyer organization's name." })
  async buyerOrganizationName(@Parent() grant: GrantModel, @Context() ctx: GqlContext): Promise<string | null> {
    return (await this.organizations.loaderFor(ctx.req).load(grant.buyerOrgId))?.name ?? null;
  }
}
