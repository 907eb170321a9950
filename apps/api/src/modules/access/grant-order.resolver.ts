import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { OrderModel } from '../orders/models/order.models.js';
import { OrdersService } from '../orders/orders.service.js';
import { GrantModel } from './models/access.models.js';

/** `Grant.order`: what the grant was paid (whoever may see the grant sees its order). Here, so the orders module reads no grant. */
@Resolver(() => GrantModel)
export class GrantOrderResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @ResolveField(() => OrderModel, { nullable: true, description: 'The order recorded with the grant (null: the listing had no price).' })
  order(@Parent() grant: GrantModel): Promise<OrderModel | null> {
    return this.ordersService.ofGrant(grant.id);
  }
}
