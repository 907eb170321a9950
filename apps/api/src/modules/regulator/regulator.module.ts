import { Module } from '@nestjs/common';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { RegulatorController } from './regulator.controller.js';
import { RegulatorResolver } from './regulator.resolver.js';
import { RegulatorService } from './regulator.service.js';
import { FraudRiskResolver } from './fraud-risk.resolver.js';

/** Read-only: audit views for regulators and admins. */
@Module({ imports: [EnforcementModule], providers: [RegulatorService, RegulatorResolver, FraudRiskResolver], controllers: [RegulatorController], exports: [RegulatorService] })
export class RegulatorModule {}
