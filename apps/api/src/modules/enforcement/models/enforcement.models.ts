import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export const EnforcementKindEnum = { FREEZE: 'FREEZE', RECTIFICATION: 'RECTIFICATION' } as const;
registerEnumType(EnforcementKindEnum, { name: 'EnforcementKind' });

export const EnforcementTargetTypeEnum = { DATASET: 'DATASET', ORGANIZATION: 'ORGANIZATION', GRANT: 'GRANT' } as const;
registerEnumType(EnforcementTargetTypeEnum, { name: 'EnforcementTargetType' });

export const RectificationTargetTypeEnum = { DATASET: 'DATASET', ORGANIZATION: 'ORGANIZATION' } as const;
registerEnumType(RectificationTargetTypeEnum, { name: 'RectificationTargetType' });

export const EnforcementStatusEnum = { ACTIVE: 'ACTIVE', LIFTED: 'LIFTED', COMPLIED: 'COMPLIED' } as const;
registerEnumType(EnforcementStatusEnum, { name: 'EnforcementStatus' });

export const DataGradeEnum = { GENERAL: 'GENERAL', IMPORTANT: 'IMPORTANT', CORE: 'CORE' } as const;
registerEnumType(DataGradeEnum, { name: 'DataGrade', description: 'GB/T 43697-2024 data grades.' });

export const DeclaredGradeEnum = { IMPORTANT: 'IMPORTANT', CORE: 'CORE' } as const;
registerEnumType(DeclaredGradeEnum, { name: 'DeclaredGrade' });

export const TradingRequirementEnum = { NONE: 'NONE', REGULATOR_AUTHORISATION: 'REGULATOR_AUTHORISATION', UNTRADEABLE: 'UNTRADEABLE' } as const;
registerEnumType(TradingRequirementEnum, { name: 'TradingRequirement' });

@ObjectType('EnforcementOrder')
export class EnforcementOrderModel {
  @Field(() => ID)
  id: string;

  @Field(() => EnforcementKindEnum)
  kind: string;

  @Field(() => EnforcementTargetTypeEnum)
  targetType: string;

  @Field(() => ID)
  targetId: string;

  @Field(() => String, { nullable: true, description: 'The listing title or organization name (a grant has none).' })
  targetName?: string | null;

  @Field({ description: 'Shown to those affected.' })
  reason: string;

  @Field()
  legalBasis: string;

  @Field(() => Date, { nullable: true, description: 'Rectification orders: complied with by then, or it becomes a risk flag.' })
  deadline: Date | null;

  @Field(() => EnforcementStatusEnum)
  status: string;

  @Field({ description: 'An ACTIVE rectification order past its deadline.' })
  overdue: boolean;

  @Field(() => ID)
  issuedBy: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true })
  closeNote: string | null;
}

@ObjectType('GradeReason')
export class GradeReasonModel {
  @Field({ description: 'The rule of the grading table that decided: DECLARED_CORE, DECLARED_IMPORTANT, PEOPLE_10M, PEOPLE_10M_ESTIMATE, DEFAULT_GENERAL.' })
  code: string;

  @Field()
  message: string;

  @Field(() => [String])
  citations: string[];
}

@ObjectType('DatasetGrade')
export class DatasetGradeModel {
  @Field(() => ID)
  datasetId: string;

  @Field(() => ID, { nullable: true })
  versionId: string | null;

  @Field(() => DataGradeEnum, { nullable: true, description: 'Null until the current version is classified.' })
  grade: string | null;

  @Field(() => [GradeReasonModel])
  gradeReasons: GradeReasonModel[];

  @Field(() => TradingRequirementEnum, { nullable: true })
  tradingRequirement: string | null;

  @Field({ description: 'A regulator authorised trading this version (important data).' })
  authorised: boolean;
}
