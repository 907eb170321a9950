import { Module } from '@nestjs/common';
import { OrdersResolver } from './orders.resolver.js';
import { OrdersService } from './orders.service.js';

/**
 * The orders grants record (amounts in fen; the exchange moves no money). It reads no listing or
 * grant: `Dataset.price` and `setDatasetPrice` are the datasets module's, `Grant.order` the access module's.
 */
@Module({ providers: [OrdersService, OrdersResolver], exports: [OrdersService] })
export class OrdersModule {}
