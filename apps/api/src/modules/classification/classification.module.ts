import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Classification } from './classification.entity.js';
import { ClassificationJob } from './classification-job.entity.js';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { EventsModule } from '../../common/events/events.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { ClassificationService } from './classification.service.js';
import { ReclassifyOnConsentChange } from './consent.subscriber.js';
import { DatasetClassificationResolver } from './dataset-classification.resolver.js';
import { DatasetInspectionService } from './dataset-inspection.service.js';
import { ClassifyOnUpload } from './dataset-upload.subscriber.js';
import { DatasetVerdictFilter } from './dataset-verdict.filter.js';
import { ResaleDetector } from './resale-detector.js';
import { CLASSIFICATION_QUEUE } from './jobs/classification-queue.js';
import { InProcessClassificationQueue } from './jobs/in-process.queue.js';
import { PrefetchDatasetClassifications } from './dataset-classification.prefetch.js';

@Module({
  imports: [TypeOrmModule.forFeature([Classification, ClassificationJob]), ConsentModule, DatasetLifecycleModule, EventsModule, OrganizationsModule],
  providers: [
    ClassificationService,
    ReclassifyOnConsentChange,
    ClassifyOnUpload,
    DatasetVerdictFilter,
    PrefetchDatasetClassifications,
    DatasetInspectionService,
    DatasetClassificationResolver,
    ResaleDetector,
    {
      provide: CLASSIFICATION_QUEUE,
      inject: [APP_CONFIG, ClassificationService, LOGGER],
      // BullMQ and ioredis (~250 ms to load) only where there is a Redis to use them.
      useFactory: async (config: AppConfig, service: ClassificationService, logger: Logger) =>
        config.redisUrl
          ? new (await import('./jobs/bullmq.queue.js')).BullmqClassificationQueue(
              config.redisUrl,
              config.redisPrefix,
              config.classificationAttempts,
              service,
              logger,
            )
          : new InProcessClassificationQueue(service, config.classificationAttempts, logger, config.classificationConcurrency),
    },
  ],
  exports: [ClassificationService, CLASSIFICATION_QUEUE],
})
export class ClassificationModule {}
