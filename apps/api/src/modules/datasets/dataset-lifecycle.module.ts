import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Dataset } from './dataset.entity.js';
import { DatasetVersion } from './dataset-version.entity.js';
import { EventsModule } from '../../common/events/events.module.js';
import { DatasetLifecycleService } from './dataset-lifecycle.service.js';

/** Status changes, shared by the datasets and classification modules without a cycle. */
@Module({ imports: [TypeOrmModule.forFeature([Dataset, DatasetVersion]), EventsModule], providers: [DatasetLifecycleService], exports: [DatasetLifecycleService] })
export class DatasetLifecycleModule {}
