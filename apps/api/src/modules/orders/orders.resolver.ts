import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import { CurrentAbility } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { OrderModel } from './models/order.models.js';
import { OrdersService } from './orders.service.js';

@Resolver()
export class OrdersResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @Query(() => [OrderModel], { description: 'Orders the caller may see: its own as buyer or provider; every order for regulators and admins.' })
  orders(@CurrentAbility() ability: AppAbility, @Args('grantId', { type: () => ID, nullable: true }, ParseUuidPipe) grantId?: string): Promise<OrderModel[]> {
    return this.ordersService.list(ability, { grantId });
  }
}
