import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/public.decorator.js';

@Controller()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** Liveness and readiness in one: 200 when the database answers, 503 otherwise. */
  @Public()
  @Get('healthz')
  async health(@Res() res: Response): Promise<void> {
    const started = Date.now();
    try {
      await this.dataSource.query('SELECT 1');
      res.status(200).json({ status: 'ok', database: 'ok', latencyMs: Date.now() - started });
    } catch {
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  }
}
