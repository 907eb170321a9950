import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { BadInputException } from '../../common/errors/domain.exception.js';
import { StatutoryReportService } from './statutory-report.service.js';

@CheckPolicies((ability) => ability.can('read', 'StatutoryReport'))
@Controller('api/regulator')
export class StatutoryReportController {
  constructor(private readonly reports: StatutoryReportService) {}

  /** The statutory report as a PDF, for regulators: `GET /api/regulator/statutory-report.pdf?from=2026-01-01&to=2026-07-01`. */
  @Get('statutory-report.pdf')
  async pdf(@Query('from') from: string | undefined, @Query('to') to: string | undefined, @Res() res: Response): Promise<void> {
    const start = new Date(from ?? '');
    const end = new Date(to ?? '');
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new BadInputException('from and to must be ISO-8601 dates');
    // pdfkit (~200 ms to load) is loaded when the first report is asked for, not at start.
    const { renderStatutoryReportPdf } = await import('./statutory-report.pdf.js');
    const pdf = await renderStatutoryReportPdf(await this.reports.report(start, end));
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="eastlake-statutory-report-${start.toISOString().slice(0, 10)}-${end.toISOString().slice(0, 10)}.pdf"`);
    res.setHeader('content-length', String(pdf.length));
    res.end(pdf);
  }
}
