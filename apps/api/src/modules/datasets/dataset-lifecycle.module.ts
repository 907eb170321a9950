import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Dataset } from './dataset.entity.js';
import { DatasetVersion } from './dataset-version.entity.js';
import { EventsModule } from '../../common/events/events.module.js';
import { DatasetLifecycleService } from './dataset-lifecycle.service.js';
import { DatasetListFilters } from './dataset-list-filters.js';
import { DatasetPagePrefetch } from './dataset-page-prefetch.js';

/** Status changes and the list's filter and prefetch registries, shared by the datasets module and those above it without a cycle. */
@Module({ imports: [TypeOrmModule.forFeature([Dataset, DatasetVersion]), EventsModule], providers: [DatasetLifecycleService, DatasetListFilters, DatasetPagePrefetch], exports: [DatasetLifecycleService, DatasetListFilters, DatasetPagePrefetch] })
export class DatasetLifecycleModule {}
