import { Module } from '@nestjs/common';
import { EventsModule } from '../../common/events/events.module.js';
import { DatasetLifecycleService } from './dataset-lifecycle.service.js';

/** Status changes, shared by the datasets and classification modules without a cycle. */
@Module({ imports: [EventsModule], providers: [DatasetLifecycleService], exports: [DatasetLifecycleService] })
export class DatasetLifecycleModule {}
