import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { odrlPolicy } from '../access/access.service.js';
import type { Grant } from '../access/grant.entity.js';
import { GrantModel } from '../access/models/access.models.js';
import { AggregateQueryService, budgetOf, termsOf } from './aggregate-query.service.js';
import { AggregateQueryInput, GrantQueryPolicyInput } from './dto/aggregate-query.input.js';
import { QueryException, QueryExceptionCode } from './exceptions/query.exception.js';
import { AggregateQueryRecordModel, AggregateQueryResultModel, GrantQueryPolicyModel, QueryableColumnModel } from './models/aggregate-query.models.js';
import { capabilitiesOf } from './query-planner.js';

@Resolver(() => GrantModel)
export class AggregateQueryResolver {
  constructor(private readonly queries: AggregateQueryService) {}

  @Mutation(() => AggregateQueryResultModel, {
    description:
      'Buyer of a QUERY grant: an aggregate answer over the granted version — every group ≥ k distinct data subjects, identifying columns refused, quasi-identifiers only generalised, optional Laplace noise against the grant’s privacy budget. Ledgered; identical repeats are answered from the log and spend nothing.',
  })
  runAggregateQuery(
    @Args('grantId', { type: () => ID }, ParseUuidPipe) grantId: string,
    @Args('input') input: AggregateQueryInput,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<AggregateQueryResultModel> {
    return this.queries.run(user, ability, grantId, input);
  }

  @Query(() => [QueryableColumnModel], { description: 'The columns of a QUERY grant’s version and what a query may do with each.' })
  async queryableColumns(@Args('grantId', { type: () => ID }, ParseUuidPipe) grantId: string, @CurrentAbility() ability: AppAbility): Promise<QueryableColumnModel[]> {
    return (await this.queries.columns(ability, grantId)).map(capabilitiesOf);
  }

  @Mutation(() => GrantModel, { description: 'Provider: a QUERY grant’s minimum group size and differential privacy (null: exact answers). Ledgered.' })
  async setGrantQueryPolicy(
    @Args('grantId', { type: () => ID }, ParseUuidPipe) grantId: string,
    @Args('input') input: GrantQueryPolicyInput,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<GrantModel> {
    const dp = input.differentialPrivacy ?? null;
    if (dp) {
      if (!(dp.epsilonPerQuery >= 0.01 && dp.epsilonPerQuery <= 10)) throw new QueryException(QueryExceptionCode.INVALID_QUERY, 'epsilonPerQuery must be from 0.01 to 10');
      if (!(dp.epsilonTotal >= dp.epsilonPerQuery && dp.epsilonTotal <= 100)) throw new QueryException(QueryExceptionCode.INVALID_QUERY, 'epsilonTotal must be at least epsilonPerQuery and at most 100');
      if (!(dp.contributionBound >= 1 && dp.contributionBound <= 100)) throw new QueryException(QueryExceptionCode.INVALID_QUERY, 'contributionBound must be from 1 to 100');
    }
    const grant = await this.queries.setPolicy(user, ability, grantId, input.minGroupSize, dp);
    return { ...grant, policy: odrlPolicy(grant) };
  }

  @ResolveField(() => GrantQueryPolicyModel, { nullable: true, description: 'QUERY grants: the query policy, privacy budget and usage so far.' })
  async queryPolicy(@Parent() grant: GrantModel, @CurrentAbility() ability: AppAbility): Promise<GrantQueryPolicyModel | null> {
    const policy = await this.queries.policyOf(ability, grant as unknown as Grant);
    if (!policy) return null;
    const terms = termsOf(policy);
    return {
      minGroupSize: terms.minGroupSize,
      differentialPrivacy: terms.dp ? { mechanism: 'LAPLACE', ...terms.dp } : null,
      budget: budgetOf(policy),
      queriesRun: policy.queriesRun,
      queriesCached: policy.queriesCached,
      rowsScanned: policy.rowsScanned,
      lastQueryAt: policy.lastQueryAt,
    };
  }

  @ResolveField(() => [AggregateQueryRecordModel], { description: 'QUERY grants: the query log, newest first (the buyer, the provider, regulators, admins).' })
  async queryLog(
    @Parent() grant: GrantModel,
    @CurrentAbility() ability: AppAbility,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<AggregateQueryRecordModel[]> {
    if ((grant as unknown as Grant).mode !== 'QUERY') return [];
    return this.queries.log(ability, grant.id, first);
  }
}
