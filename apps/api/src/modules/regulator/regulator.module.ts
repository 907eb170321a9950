import { Module } from '@nestjs/common';
import { RegulatorController } from './regulator.controller.js';
import { RegulatorResolver } from './regulator.resolver.js';
import { RegulatorService } from './regulator.service.js';

/** Read-only: audit views for regulators and admins. */
@Module({ providers: [RegulatorService, RegulatorResolver], controllers: [RegulatorController] })
export class RegulatorModule {}
