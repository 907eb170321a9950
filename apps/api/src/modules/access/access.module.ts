import { Module } from '@nestjs/common';
import { AccessResolver } from './access.resolver.js';
import { AccessService } from './access.service.js';
import { DeliveryController } from './delivery.controller.js';
import { IdempotencyService } from './idempotency.service.js';

@Module({
  providers: [AccessService, AccessResolver, IdempotencyService],
  controllers: [DeliveryController],
  exports: [AccessService],
})
export class AccessModule {}
