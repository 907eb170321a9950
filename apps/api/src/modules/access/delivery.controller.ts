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

  /** Streams the granted version's file to the buyer the link was issued to: once, before it expires. */
  @Get(':token')
  async download(@Param('token') token: string, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility, @Res() res: Response): Promise<void> {
    await this.access.redeem(user, ability, token, async (delivery) => {
      res.status(200);
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('content-length', String(delivery.bytes));
      res.setHeader('content-disposition', `attachment; filename="${encodeURIComponent(delivery.fileName)}"`);
      res.setHeader('x-eastlake-rows', String(delivery.rows));
      await pipeline(delivery.body, res);
    });
  }
}
