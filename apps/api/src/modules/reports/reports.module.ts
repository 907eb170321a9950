import { Module } from '@nestjs/common';
import { RegulatorModule } from '../regulator/regulator.module.js';
import { StatutoryReportController } from './statutory-report.controller.js';
import { StatutoryReportResolver } from './statutory-report.resolver.js';
import { StatutoryReportService } from './statutory-report.service.js';

/** The regulator's statutory period report, as GraphQL and PDF. Read-only. */
@Module({ imports: [RegulatorModule], providers: [StatutoryReportService, StatutoryReportResolver], controllers: [StatutoryReportController] })
export class ReportsModule {}
