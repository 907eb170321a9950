import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { LedgerCheckpointService } from './ledger-checkpoint.service.js';
import { LedgerController, LedgerPublicController } from './ledger.controller.js';
import { LedgerTilesService } from './ledger-tiles.service.js';
import { LedgerResolver } from './ledger.resolver.js';
import { LedgerAuditService } from './ledger-audit.service.js';
import { LedgerProofsService } from './ledger-proofs.service.js';
import { LedgerService } from './ledger.service.js';
import { LedgerEntryRow } from './ledger-entry.entity.js';
import { LedgerHeadRow } from './ledger-head.entity.js';
import { TreeHeadRow } from './tree-head.entity.js';
import { LEDGER_SIGNING_KEY, loadLedgerSigningKey } from './ledger-signing-key.provider.js';

/** Global: every domain appends to the ledger inside its own transactions. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([LedgerEntryRow, LedgerHeadRow, TreeHeadRow])],
  providers: [
    {
      provide: LEDGER_SIGNING_KEY,
      inject: [APP_CONFIG, LOGGER],
      useFactory: (config: AppConfig, logger: Logger) => loadLedgerSigningKey(config, logger),
    },
    LedgerService,
    LedgerProofsService,
    LedgerAuditService,
    LedgerTilesService,
    LedgerCheckpointService,
    LedgerResolver,
  ],
  // LedgerController first: its tile/entries/* route must match before the public tile/*.
  controllers: [LedgerController, LedgerPublicController],
  exports: [LedgerService],
})
export class LedgerModule {}
