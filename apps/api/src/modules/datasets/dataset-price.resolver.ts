import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { formatFen } from '@eastlake/compliance';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { PriceGqlModel, PriceInput } from '../orders/models/order.models.js';
import { priceOf } from '../orders/orders.js';
import type { Dataset } from './dataset.entity.js';
import { DatasetsService } from './datasets.service.js';
import { DatasetModel } from './models/dataset.model.js';

/**
 * A listing's price: its columns are the listing's (this module), the price model and the orders
 * it leads to are the orders module's, which reads no listing.
 */
@Resolver(() => DatasetModel)
export class DatasetPriceResolver {
  constructor(private readonly datasetsService: DatasetsService) {}

  @CheckPolicies((ability) => ability.can('update', 'Dataset'))
  @Mutation(() => DatasetModel, { description: "Provider: prices its listing (amount in fen, per delivery, record or query); null clears the price. Grants approved later record an order at that price." })
  setDatasetPrice(
    @Args('datasetId', { type: () => ID }, ParseUuidPipe) datasetId: string,
    @Args('price', { type: () => PriceInput, nullable: true }) price: PriceInput | null,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<Dataset> {
    return this.datasetsService.setPrice(user, ability, datasetId, price ?? null);
  }

  /** `Dataset.price`, read from the listing itself. */
  @ResolveField(() => PriceGqlModel, { nullable: true, description: 'The listing’s price in CNY (integer fen), or null when it has none.' })
  price(@Parent() dataset: Dataset): PriceGqlModel | null {
    const p = priceOf(dataset);
    return p ? { model: p.model, amountFen: p.amountFen, currency: p.currency, formatted: formatFen(p.amountFen) } : null;
  }
}
