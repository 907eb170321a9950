import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { VerdictEnum } from '../../../common/graphql/verdict.enum.js';

export { VerdictEnum };

export const JobStateEnum = { QUEUED: 'QUEUED', RUNNING: 'RUNNING', COMPLETED: 'COMPLETED', FAILED: 'FAILED' } as const;
registerEnumType(JobStateEnum, { name: 'ClassificationJobState' });

@ObjectType('ColumnTypeMatch')
export class ColumnTypeModel {
  @Field()
  type: string;

  @Field(() => Int)
  matches: number;

  @Field(() => Float, { description: 'Validated values / non-empty values.' })
  ratio: number;
}

@ObjectType('ClassifiedColumn')
export class ClassifiedColumnModel {
  @Field()
  name: string;

  @Field()
  category: string;

  @Field(() => [ColumnTypeModel])
  types: ColumnTypeModel[];
}

@ObjectType('ClassificationReason')
export class ReasonModel {
  @Field()
  code: string;

  @Field({ description: 'BLOCK, REVIEW or INFO.' })
  severity: string;

  @Field(() => String, { nullable: true })
  column: string | null;

  @Field()
  message: string;

  @Field(() => [String])
  citations: string[];

  @Field()
  remediation: string;
}

@ObjectType('Exposure')
export class ExposureModel {
  @Field()
  type: string;

  @Field(() => Int)
  distinct: number;

  @Field(() => Int, { description: 'The 2017 SPC/SPP interpretation Art. 5 threshold for this type: 50, 500 or 5000.' })
  tier: number;
}

@ObjectType('Classification')
export class ClassificationModel {
  @Field(() => VerdictEnum)
  verdict: string;

  @Field(() => Int)
  rows: number;

  @Field(() => [ReasonModel])
  reasons: ReasonModel[];

  @Field(() => [ClassifiedColumnModel])
  columns: ClassifiedColumnModel[];

  @Field(() => [ExposureModel])
  exposure: ExposureModel[];

  @Field(() => [String])
  warnings: string[];

  @Field(() => ID, { description: 'The dataset version classified.' })
  versionId: string;

  @Field({ description: 'The classifier engine that produced this verdict.' })
  engineVersion: string;

  @Field()
  classifiedAt: Date;
}

@ObjectType('ClassificationJob')
export class ClassificationJobModel {
  @Field(() => JobStateEnum)
  state: string;

  @Field(() => Float, { description: 'Bytes scanned / total bytes, 0–1.' })
  progress: number;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true })
  error: string | null;
}
