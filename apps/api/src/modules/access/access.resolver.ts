import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser, GqlContext } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import type { AccessRequest } from './access-request.entity.js';
import { AccessService, odrlPolicy } from './access.service.js';
import { RequestAccessInput } from './dto/request-access.input.js';
import type { Grant } from './grant.entity.js';
import { AccessRequestModel, DownloadTokenModel, GrantModel } from './models/access.models.js';

function toRequestModel(r: AccessRequest): AccessRequestModel {
  return { ...r, reasons: r.reasons.map((x) => x.message), reasonCodes: r.reasons.map((x) => x.code) };
}

function toGrantModel(g: Grant): GrantModel {
  return { ...g, policy: odrlPolicy(g) };
}

function idempotencyKeyOf(ctx: GqlContext): string | undefined {
  const key = ctx.req.headers['idempotency-key'];
  return typeof key === 'string' ? key : undefined;
}

@Resolver(() => AccessRequestModel)
export class AccessResolver {
  constructor(private readonly access: AccessService) {}

  @CheckPolicies((ability) => ability.can('create', 'AccessRequest'))
  @Mutation(() => AccessRequestModel, {
    description: 'Buyer (or a provider acquiring data): asks for a dataset for a purpose. Refusals come back as data (status REFUSED, reasons). Honours Idempotency-Key.',
  })
  async requestAccess(@Args('input') input: RequestAccessInput, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<AccessRequestModel> {
    return toRequestModel(await this.access.request(user, input, idempotencyKeyOf(ctx)));
  }

  @Mutation(() => AccessRequestModel, { description: "Provider: approves (creating a grant) or denies a request for one of its datasets." })
  async decideAccessRequest(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Args('approve') approve: boolean,
    @Args('note', { type: () => String, nullable: true }) note: string | undefined,
    @Args('allowOnwardTransfer', {
      type: () => Boolean,
      nullable: true,
      defaultValue: false,
      description: 'Let the buyer resell the data as an ACQUIRED or DERIVED listing naming this grant.',
    })
    allowOnwardTransfer: boolean,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<AccessRequestModel> {
    return toRequestModel(await this.access.decide(user, ability, id, approve, note, allowOnwardTransfer));
  }

  @Query(() => [AccessRequestModel], { description: 'The requests the caller may see: a buyer its own, a provider those for its datasets, regulators and admins all.' })
  async accessRequests(@CurrentAbility() ability: AppAbility): Promise<AccessRequestModel[]> {
    return (await this.access.listRequests(ability)).map(toRequestModel);
  }

  @Query(() => [GrantModel], { description: 'The grants the caller may see.' })
  async grants(@CurrentAbility() ability: AppAbility): Promise<GrantModel[]> {
    return (await this.access.listGrants(ability)).map(toGrantModel);
  }

  @Mutation(() => GrantModel, { description: 'Provider (its grants) or admin: revokes a grant, with a reason the buyer can read.' })
  async revokeGrant(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<GrantModel> {
    return toGrantModel(await this.access.revokeGrant(user, ability, id, reason));
  }

  @Mutation(() => DownloadTokenModel, { description: 'Buyer: a short-lived, single-use download URL for an ACTIVE grant. Honours Idempotency-Key.' })
  issueDownloadToken(
    @Args('grantId', { type: () => ID }, ParseUuidPipe) grantId: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
    @Context() ctx: GqlContext,
  ): Promise<DownloadTokenModel> {
    return this.access.issueDownloadToken(user, ability, grantId, idempotencyKeyOf(ctx));
  }

  @ResolveField(() => GrantModel, { nullable: true })
  async grant(@Parent() request: AccessRequestModel): Promise<GrantModel | null> {
    if (request.status !== 'APPROVED') return null;
    const grant = await this.access.grantOf(request.id);
    return grant ? toGrantModel(grant) : null;
  }
}
