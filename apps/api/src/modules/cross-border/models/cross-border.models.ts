import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

export const TransferMechanismEnum = { EXEMPT: 'EXEMPT', STANDARD_CONTRACT_OR_CERTIFICATION: 'STANDARD_CONTRACT_OR_CERTIFICATION', SECURITY_ASSESSMENT: 'SECURITY_ASSESSMENT' } as const;
registerEnumType(TransferMechanismEnum, { name: 'TransferMechanism', description: 'What providing personal information outside the mainland needs (CAC 2024 Provisions).' });
export const EvidenceMechanismEnum = { STANDARD_CONTRACT: 'STANDARD_CONTRACT', CERTIFICATION: 'CERTIFICATION', SECURITY_ASSESSMENT: 'SECURITY_ASSESSMENT' } as const;
registerEnumType(EvidenceMechanismEnum, { name: 'EvidenceMechanism', description: 'What a piece of evidence shows: a filed standard contract, a certification, or a passed CAC security assessment.' });
export const EvidenceStatusEnum = { PENDING: 'PENDING', APPROVED: 'APPROVED', REJECTED: 'REJECTED' } as const;
registerEnumType(EvidenceStatusEnum, { name: 'EvidenceStatus' });

@ObjectType('CrossBorderAssessment', { description: "The mechanism a transfer outside the mainland needs, from the exporter's calendar-year volume including it." })
export class CrossBorderAssessmentModel {
  @Field(() => TransferMechanismEnum)
  mechanism: string;

  @Field({ description: 'CIIO, IMPORTANT_DATA, SENSITIVE_10K, PEOPLE_1M, SENSITIVE_ANY, PEOPLE_100K or BELOW_100K.' })
  rule: string;

  @Field()
  citation: string;

  @Field(() => Int)
  year: number;

  @Field(() => GraphQLSafeInt)
  nonSensitivePeople: number;

  @Field(() => GraphQLSafeInt)
  sensitivePeople: number;

  @Field()
  importantData: boolean;

  @Field({ description: 'Approved evidence on file satisfies the mechanism (always true when EXEMPT).' })
  satisfied: boolean;

  @Field(() => ID, { nullable: true })
  evidenceId: string | null;
}

@ObjectType('CrossBorderEvidence')
export class CrossBorderEvidenceModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  exporterOrgId: string;

  @Field()
  exporterName: string;

  @Field(() => Int)
  year: number;

  @Field(() => EvidenceMechanismEnum)
  mechanism: string;

  @Field(() => String, { nullable: true })
  fileName: string | null;

  @Field(() => GraphQLSafeInt)
  bytes: number;

  @Field()
  sha256: string;

  @Field(() => EvidenceStatusEnum)
  status: string;

  @Field(() => String, { nullable: true })
  reviewNote: string | null;

  @Field(() => Date, { nullable: true })
  reviewedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field({ description: 'GET it with a regulator’s, admin’s or the exporter’s Bearer token.' })
  documentUrl: string;
}

@ObjectType('CrossBorderPosition', { description: "An exporter's calendar year abroad: what it provided, the mechanism that needs, and the evidence on file." })
export class CrossBorderPositionModel {
  @Field(() => ID)
  exporterOrgId: string;

  @Field()
  exporterName: string;

  @Field(() => Int)
  year: number;

  @Field(() => Int, { description: 'Versions delivered outside the mainland this year (each counted once).' })
  versions: number;

  @Field(() => GraphQLSafeInt)
  nonSensitivePeople: number;

  @Field(() => GraphQLSafeInt)
  sensitivePeople: number;

  @Field()
  importantData: boolean;

  @Field(() => TransferMechanismEnum)
  mechanism: string;

  @Field()
  rule: string;

  @Field()
  citation: string;

  @Field()
  satisfied: boolean;

  @Field(() => [CrossBorderEvidenceModel])
  evidence: CrossBorderEvidenceModel[];
}
