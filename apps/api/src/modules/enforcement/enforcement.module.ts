import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnforcementOrder } from './enforcement-order.entity.js';
import { DataGradeDeclaration, ImportantDataAuthorisation } from './data-grade.entity.js';
import { ImpactAssessment } from './impact-assessment.entity.js';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { EnforcementResolver } from './enforcement.resolver.js';
import { EnforcementService } from './enforcement.service.js';
import { EnforcementTargets } from './enforcement-targets.js';
import { GradeResolver } from './grade.resolver.js';
import { InsiderResolver } from './insider.resolver.js';
import { InsiderService } from './insider.service.js';

/** The regulator's powers (freezes, rectification orders) and data grades (GB/T 43697-2024). */
@Module({
  imports: [TypeOrmModule.forFeature([EnforcementOrder, DataGradeDeclaration, ImportantDataAuthorisation, ImpactAssessment]), DatasetLifecycleModule, OrganizationsModule],
  providers: [EnforcementService, EnforcementTargets, EnforcementResolver, GradeResolver, InsiderService, InsiderResolver],
  exports: [EnforcementService, EnforcementTargets],
})
export class EnforcementModule {}
