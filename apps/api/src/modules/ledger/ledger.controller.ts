import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { LedgerService } from './ledger.service.js';

/** The regulators' export contract (DESIGN.md, "Audit ledger"). */
@CheckPolicies((ability) => ability.can('read', 'LedgerEntry'))
@Controller('api/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('head')
  async head(@Res() res: Response): Promise<void> {
    res.json(await this.ledger.head());
  }

  /** Streams NDJSON `{"seq", "entry", "leafHash"}` lines in seq order from 1. */
  @Get('export')
  async export(@Res() res: Response): Promise<void> {
    res.status(200).setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="eastlake-ledger.ndjson"');
    await this.ledger.exportTo(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          if (res.destroyed) return reject(new Error('the client went away'));
          if (res.write(chunk)) resolve();
          else res.once('drain', resolve);
        }),
    );
    res.end();
  }
}
