import { Module } from '@nestjs/common';
import { CrossBorderController } from './cross-border.controller.js';
import { CrossBorderResolver } from './cross-border.resolver.js';
import { CrossBorderService } from './cross-border.service.js';

/** Cross-border mechanisms (CAC 2024 Provisions): exporters' yearly volumes, evidence and its review. */
@Module({ providers: [CrossBorderService, CrossBorderResolver], controllers: [CrossBorderController], exports: [CrossBorderService] })
export class CrossBorderModule {}
