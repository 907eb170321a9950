import { Args, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import { QueryOfferModel } from './models/aggregate-query.models.js';
import { QueryOfferService } from './query-offer.service.js';

@Resolver(() => DatasetModel)
export class QueryOfferResolver {
  constructor(private readonly offers: QueryOfferService) {}

  @Mutation(() => QueryOfferModel, {
    description:
      'Owner: offers the current version for aggregate queries. TRADEABLE versions at once (beside downloads); AMBIGUOUS ones, or UNTRADEABLE only because of direct identifiers, after review and then for queries only; never minors’ data, health data or location traces.',
  })
  offerAggregateQueries(
    @Args('datasetId', { type: () => ID }, ParseUuidPipe) datasetId: string,
    @Args('minGroupSize', { type: () => Int, nullable: true, defaultValue: 10 }) minGroupSize: number,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<QueryOfferModel> {
    return this.offers.offer(user, ability, datasetId, minGroupSize);
  }

  @Mutation(() => QueryOfferModel, { description: 'Reviewer (admin): approves or rejects a pending query offer; an approved query-only listing may then be published.' })
  reviewQueryOffer(
    @Args('datasetId', { type: () => ID }, ParseUuidPipe) datasetId: string,
    @Args('approve') approve: boolean,
    @Args('note', { type: () => String, nullable: true }) note: string | undefined,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<QueryOfferModel> {
    return this.offers.review(user, ability, datasetId, approve, note);
  }

  @ResolveField(() => QueryOfferModel, { nullable: true, description: 'The current version’s offer of aggregate queries, if any.' })
  queryOffer(@Parent() dataset: DatasetModel): Promise<QueryOfferModel | null> {
    return this.offers.current(dataset as unknown as Dataset);
  }
}
