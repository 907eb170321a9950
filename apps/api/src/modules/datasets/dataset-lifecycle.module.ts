import { Module } from '@nestjs/common';
import { DatasetLifecycleService } from './dataset-lifecycle.service.js';

/** Status changes, shared by the datasets and classification modules without a cycle. */
@Module({ providers: [DatasetLifecycleService], exports: [DatasetLifecycleService] })
export class DatasetLifecycleModule {}
