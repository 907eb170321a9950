import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Dataset } from './dataset.entity.js';
import { DatasetVersion } from './dataset-version.entity.js';
import { EventsModule } from '../../common/events/events.module.js';
import { DatasetLifecycleService } from './dataset-lifecycle.service.js';
import { DatasetListFilters } from './dataset-list-filters.js';

/** Status changes and the list's filter registry, shared by the datasets module and those above it without a cycle. */
@Module({ imports: [TypeOrmModule.forFeature([Dataset, DatasetVersion]), EventsModule], providers: [DatasetLifecycleService, DatasetListFilters], exports: [DatasetLifecycleService, DatasetListFilters] })
export class DatasetLifecycleModule {}
