import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { VersionLineage } from './version-lineage.entity.js';
import { OrganizationSalt } from './organization-salt.entity.js';
import { ClassificationModule } from '../classification/classification.module.js';
import { ConsentModule } from '../consent/consent.module.js';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { DatasetsModule } from '../datasets/datasets.module.js';
import { DatasetVersionLineageResolver, RemediationResolver } from './remediation.resolver.js';
import { RemediationService } from './remediation.service.js';

/** Server-side de-identification: new versions derived from per-column transforms. */
@Module({
  imports: [TypeOrmModule.forFeature([VersionLineage, OrganizationSalt]), ClassificationModule, ConsentModule, DatasetLifecycleModule, DatasetsModule],
  providers: [RemediationService, RemediationResolver, DatasetVersionLineageResolver],
  exports: [RemediationService],
})
export class RemediationModule {}
