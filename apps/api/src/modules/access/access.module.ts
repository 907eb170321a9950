import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessRequest } from './access-request.entity.js';
import { Grant } from './grant.entity.js';
import { DownloadToken } from './download-token.entity.js';
import { Delivery } from './delivery.entity.js';
import { EventsModule } from '../../common/events/events.module.js';
import { ClassificationModule } from '../classification/classification.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { AccessResolver } from './access.resolver.js';
import { AccessService } from './access.service.js';
import { SuspendGrantsOnConsentWithdrawn } from './consent-withdrawn.subscriber.js';
import { DatasetOfferResolver } from './dataset-offer.resolver.js';
import { DeliveryModes } from './delivery-modes.js';
import { DatasetPurposeFilter } from './dataset-purpose.filter.js';
import { PublishChecks } from './publish-checks.subscriber.js';
import { RecordAcquiredFrom } from './acquired-from.subscriber.js';
import { RegisterGrantFreezeTarget } from './grant-target.registration.js';
import { AccessRequestNamesResolver, GrantNamesResolver } from './counterparty-names.resolver.js';
import { DeliveryController } from './delivery.controller.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';
import { GrantOrderResolver } from './grant-order.resolver.js';
import { IdempotencyService } from './idempotency.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([AccessRequest, Grant, DownloadToken, Delivery]), EventsModule, ClassificationModule, ConsentModule, DatasetLifecycleModule, EnforcementModule, OrdersModule, OrganizationsModule],
  providers: [
    AccessService,
    AccessResolver,
    AccessRequestNamesResolver,
    GrantNamesResolver,
    GrantOrderResolver,
    IdempotencyService,
    GrantLifecycleService,
    SuspendGrantsOnConsentWithdrawn,
    DatasetOfferResolver,
    DatasetPurposeFilter,
    PublishChecks,
    RecordAcquiredFrom,
    DeliveryModes,
    RegisterGrantFreezeTarget,
  ],
  controllers: [DeliveryController],
  exports: [AccessService, GrantLifecycleService, DeliveryModes],
})
export class AccessModule {}
