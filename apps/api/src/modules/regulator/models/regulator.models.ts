import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrganizationModel } from '../../organizations/models/organization.model.js';

export const TransactionKindEnum = { REQUEST: 'REQUEST', GRANT: 'GRANT', DELIVERY: 'DELIVERY' } as const;
registerEnumType(TransactionKindEnum, { name: 'TransactionKind' });

@ObjectType('Transaction')
export class TransactionModel {
  @Field(() => TransactionKindEnum)
  kind: string;

  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field(() => ID)
  datasetId: string;

  @Field()
  datasetTitle: string;

  @Field(() => ID)
  buyerOrgId: string;

  @Field()
  buyerName: string;

  @Field(() => ID)
  providerOrgId: string;

  @Field()
  providerName: string;

  @Field({ description: 'Request or grant status; DELIVERED for deliveries.' })
  status: string;

  @Field(() => String, { nullable: true })
  purpose: string | null;

  @Field(() => Float, { nullable: true })
  rows: number | null;
}

@ObjectType('RiskFlag')
export class RiskFlagModel {
  @Field({
    description:
      'BUYER_EXPOSURE_TIER, BUYER_TIER_REACHED, BUYER_MANY_PROVIDERS, PROVIDER_REPEATED_UNTRADEABLE, RESALE_SUSPECTED or RECTIFICATION_OVERDUE.',
  })
  kind: string;

  @Field(() => OrganizationModel)
  organization: OrganizationModel;

  @Field(() => Int)
  count: number;

  @Field(() => Int)
  threshold: number;

  @Field()
  message: string;

  @Field(() => String, { nullable: true, description: 'For exposure flags: the personal-information type.' })
  piiType: string | null;

  @Field(() => ID, { nullable: true, description: 'For targeted-fraud flags: the listing.' })
  datasetId?: string | null;

  @Field(() => String, { nullable: true })
  datasetTitle?: string | null;
}

@ObjectType('CountByKey')
export class CountModel {
  @Field()
  key: string;

  @Field(() => Int)
  count: number;
}

@ObjectType('ComplianceReport')
export class ComplianceReportModel {
  @Field()
  from: Date;

  @Field()
  to: Date;

  @Field(() => [CountModel], { description: 'Classifications in the period by verdict.' })
  verdicts: CountModel[];

  @Field(() => [CountModel], { description: 'Reasons in the period by code.' })
  reasonCodes: CountModel[];

  @Field(() => [CountModel], { description: 'Access requests in the period by outcome.' })
  decisions: CountModel[];

  @Field(() => Int)
  deliveries: number;

  @Field(() => Int, { description: 'Ledger entries recorded up to the end of the period.' })
  ledgerTreeSize: number;

  @Field({ description: 'Merkle root over those entries: check it against a signed head.' })
  ledgerRootHash: string;
}
