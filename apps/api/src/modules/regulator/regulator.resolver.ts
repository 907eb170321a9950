import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { TransactionsArgs } from './dto/transactions.args.js';
import { ComplianceReportModel, RiskFlagModel, TransactionModel } from './models/regulator.models.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { ImpactAssessmentModel } from './models/impact-assessment.model.js';
import { TierPositionModel } from './models/tier-position.models.js';
import { RegulatorService } from './regulator.service.js';

/** Regulators and admins: audit views over every organization, read-only. */
@CheckPolicies((ability) => ability.can('read', 'AuditView'))
@Resolver()
export class RegulatorResolver {
  constructor(private readonly regulator: RegulatorService) {}

  @Query(() => [TransactionModel], { description: 'Requests, grants and deliveries, newest first.' })
  transactions(@Args() args: TransactionsArgs): Promise<TransactionModel[]> {
    return this.regulator.transactions(args);
  }

  @Query(() => [RiskFlagModel])
  riskFlags(): Promise<RiskFlagModel[]> {
    return this.regulator.riskFlags();
  }

  @Query(() => [TierPositionModel], { description: "Each buyer's cumulative position against the tiers of the 2017 SPC/SPP interpretation Art. 5, highest first." })
  tierPositions(): Promise<TierPositionModel[]> {
    return this.regulator.tierPositions();
  }

  @Query(() => [ImpactAssessmentModel], { description: 'Personal-information impact assessments recorded with approvals (PIPL Art. 55–56), newest first.' })
  impactAssessments(
    @Args('datasetId', { type: () => ID, nullable: true }, ParseUuidPipe) datasetId?: string,
    @Args('requestId', { type: () => ID, nullable: true }, ParseUuidPipe) requestId?: string,
  ): Promise<ImpactAssessmentModel[]> {
    return this.regulator.impactAssessments({ datasetId, requestId });
  }

  @Query(() => ComplianceReportModel)
  complianceReport(@Args('from') from: Date, @Args('to') to: Date): Promise<ComplianceReportModel> {
    return this.regulator.complianceReport(from, to);
  }
}
