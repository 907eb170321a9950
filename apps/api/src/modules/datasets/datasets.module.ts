import { Module } from '@nestjs/common';
import { EventsModule } from '../../common/events/events.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { DatasetLifecycleModule } from './dataset-lifecycle.module.js';
import { DatasetPriceResolver } from './dataset-price.resolver.js';
import { DatasetsController } from './datasets.controller.js';
import { DatasetsResolver } from './datasets.resolver.js';
import { DatasetsService } from './datasets.service.js';

@Module({
  imports: [DatasetLifecycleModule, EventsModule, OrganizationsModule],
  providers: [DatasetsService, DatasetsResolver, DatasetPriceResolver],
  controllers: [DatasetsController],
  exports: [DatasetsService],
})
export class DatasetsModule {}
