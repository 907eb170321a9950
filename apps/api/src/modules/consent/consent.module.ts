import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentManifest } from './consent-manifest.entity.js';
import { ConsentCoverage } from './consent-coverage.entity.js';
import { EventsModule } from '../../common/events/events.module.js';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { ConsentController } from './consent.controller.js';
import { ConsentRevocationService } from './consent-revocation.service.js';
import { ConsentResolver } from './consent.resolver.js';
import { ConsentService } from './consent.service.js';
import { DatasetConsentResolver } from './dataset-consent.resolver.js';

@Module({
  imports: [TypeOrmModule.forFeature([ConsentManifest, ConsentCoverage]), DatasetLifecycleModule, EventsModule],
  providers: [ConsentService, ConsentRevocationService, ConsentResolver, DatasetConsentResolver],
  controllers: [ConsentController],
  exports: [ConsentService],
})
export class ConsentModule {}
