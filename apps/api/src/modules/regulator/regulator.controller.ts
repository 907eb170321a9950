import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { BadInputException } from '../../common/errors/domain.exception.js';
import { toCsv } from './csv.util.js';
import { TransactionsArgs } from './dto/transactions.args.js';
import { RegulatorService } from './regulator.service.js';

function format(value: unknown): 'json' | 'csv' {
  if (value === undefined || value === 'json') return 'json';
  if (value === 'csv') return 'csv';
  throw new BadInputException('format must be json or csv');
}

/** Exports of the audit views, as JSON or CSV (formula-safe). */
@CheckPolicies((ability) => ability.can('read', 'AuditView'))
@Controller('api/regulator')
export class RegulatorController {
  constructor(private readonly regulator: RegulatorService) {}

  @Get('transactions')
  async transactions(@Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const { format: f, ...rest } = query;
    const args = plainToInstance(TransactionsArgs, { first: 5000, ...rest, ...(rest.first ? { first: Number(rest.first) } : {}) });
    const errors = await validate(args);
    if (errors.length) throw new BadInputException(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
    const rows = await this.regulator.transactions(args);
    if (format(f) === 'json') {
      res.json(rows);
      return;
    }
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="eastlake-transactions.csv"');
    res.send(
      toCsv(
        ['kind', 'id', 'at', 'dataset_id', 'dataset_title', 'buyer_org_id', 'buyer_name', 'provider_org_id', 'provider_name', 'status', 'purpose', 'rows'],
        rows.map((r) => [r.kind, r.id, r.at, r.datasetId, r.datasetTitle, r.buyerOrgId, r.buyerName, r.providerOrgId, r.providerName, r.status, r.purpose, r.rows]),
      ),
    );
  }

  @Get('compliance-report')
  async complianceReport(@Query('from') from: string, @Query('to') to: string, @Query('format') f: string | undefined, @Res() res: Response): Promise<void> {
    const start = new Date(from ?? '');
    const end = new Date(to ?? '');
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new BadInputException('from and to must be ISO-8601 dates');
    const report = await this.regulator.complianceReport(start, end);
    if (format(f) === 'json') {
      res.json(report);
      return;
    }
    const rows: unknown[][] = [
      ...report.verdicts.map((c) => ['verdict', c.key, c.count]),
      ...report.reasonCodes.map((c) => ['reason', c.key, c.count]),
      ...report.decisions.map((c) => ['decision', c.key, c.count]),
      ['deliveries', '', report.deliveries],
      ['ledger_tree_size', '', report.ledgerTreeSize],
      ['ledger_root_hash', report.ledgerRootHash, ''],
    ];
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="eastlake-compliance-report.csv"');
    res.send(toCsv(['group', 'key', 'count'], rows));
  }
}
