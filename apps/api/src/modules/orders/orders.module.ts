import { Module } from '@nestjs/common';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { DatasetPriceResolver, GrantOrderResolver, OrdersResolver } from './orders.resolver.js';
import { OrdersService } from './orders.service.js';

/** Listing prices and the orders grants record (amounts in fen; the exchange moves no money). */
@Module({ imports: [DatasetLifecycleModule], providers: [OrdersService, OrdersResolver, DatasetPriceResolver, GrantOrderResolver], exports: [OrdersService] })
export class OrdersModule {}
