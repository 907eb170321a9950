import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { formatFen } from '@eastlake/compliance';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import { GrantModel } from '../access/models/access.models.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { OrderModel, PriceGqlModel, PriceInput } from './models/order.models.js';
import { OrdersService } from './orders.service.js';
import { priceOf } from './orders.js';

@Resolver()
export class OrdersResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @Query(() => [OrderModel], { description: 'Orders the caller may see: its own as buyer or provider; every order for regulators and admins.' })
  orders(@CurrentAbility() ability: AppAbility, @Args('grantId', { type: () => ID, nullable: true }, ParseUuidPipe) grantId?: string): Promise<OrderModel[]> {
    return this.ordersService.list(ability, { grantId });
  }

  @CheckPolicies((ability) => ability.can('update', 'Dataset'))
  @Mutation(() => DatasetModel, { description: "Provider: prices its listing (amount in fen, per delivery, record or query); null clears the price. Grants approved later record an order at that price." })
  setDatasetPrice(
    @Args('datasetId', { type: () => ID }, ParseUuidPipe) datasetId: string,
    @Args('price', { type: () => PriceInput, nullable: true }) price: PriceInput | null,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<Dataset> {
    return this.ordersService.setPrice(user, ability, datasetId, price ?? null);
  }
}

/** `Dataset.price`, read from the listing itself. */
@Resolver(() => DatasetModel)
export class DatasetPriceResolver {
  @ResolveField(() => PriceGqlModel, { nullable: true, description: 'The listing’s price in CNY (integer fen), or null when it has none.' })
  price(@Parent() dataset: Dataset): PriceGqlModel | null {
    const p = priceOf(dataset);
    return p ? { model: p.model, amountFen: p.amountFen, currency: p.currency, formatted: formatFen(p.amountFen) } : null;
  }
}

/** `Grant.order`: what the grant was paid (whoever may see the grant sees its order). */
@Resolver(() => GrantModel)
export class GrantOrderResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @ResolveField(() => OrderModel, { nullable: true, description: 'The order recorded with the grant (null: the listing had no price).' })
  order(@Parent() grant: GrantModel): Promise<OrderModel | null> {
    return this.ordersService.ofGrant(grant.id);
  }
}
