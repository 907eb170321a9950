import { Args, Query, Resolver } from '@nestjs/graphql';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { StatutoryReportModel } from './models/statutory-report.models.js';
import { StatutoryReportService } from './statutory-report.service.js';

@Resolver()
export class StatutoryReportResolver {
  constructor(private readonly reports: StatutoryReportService) {}

  @CheckPolicies((ability) => ability.can('read', 'StatutoryReport'))
  @Query(() => StatutoryReportModel, { description: "Regulator: the statutory period report [from, to). PDF: GET /api/regulator/statutory-report.pdf?from=…&to=…" })
  statutoryReport(@Args('from') from: Date, @Args('to') to: Date): Promise<StatutoryReportModel> {
    return this.reports.report(from, to);
  }
}
