import { Controller, Get, Param, Res } from '@nestjs/common';
import type { AppAbility } from '@eastlake/policy';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { AccessService } from './access.service.js';

@Controller('api/deliveries')
export class DeliveryController {
  constructor(private readonly access: AccessService) {}

  /**
   * Streams the granted version's file to the buyer the link was issued to: once, before it
   * expires. A response that ends cleanly means the delivery is recorded and ledgered.
   */
  @Get(':token')
  async download(@Param('token') token: string, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility, @Res() res: Response): Promise<void> {
    await this.access.redeem(user, ability, token, async (delivery) => {
      res.status(200);
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('content-disposition', `attachment; filename="${encodeURIComponent(delivery.fileName)}"`);
      res.setHeader('x-eastlake-rows', String(delivery.rows));
      res.setHeader('x-eastlake-bytes', String(delivery.bytes));
      // Chunked, and not ended here: the response completes only once the delivery's
      // record and ledger entry have committed (below); a failed commit aborts it.
      await pipeline(delivery.body, res, { end: false });
    });
    res.end();
  }
}
