import { Module } from '@nestjs/common';
import { EventsModule } from '../../common/events/events.module.js';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { ConsentController } from './consent.controller.js';
import { ConsentRevocationService } from './consent-revocation.service.js';
import { ConsentResolver } from './consent.resolver.js';
import { ConsentService } from './consent.service.js';

@Module({
  imports: [DatasetLifecycleModule, EventsModule],
  providers: [ConsentService, ConsentRevocationService, ConsentResolver],
  controllers: [ConsentController],
  exports: [ConsentService],
})
export class ConsentModule {}
