import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { Verdict } from '@eastlake/classifier';
import { VerdictEnum } from '../../classification/models/classification.model.js';
import { DATASET_STATUSES, type DatasetStatus } from '../dataset-status.js';
import { DatasetStatusEnum } from '../models/dataset.model.js';

export const ReviewDecisionEnum = { APPROVE: 'APPROVE', REJECT: 'REJECT' } as const;
export type ReviewDecision = keyof typeof ReviewDecisionEnum;
registerEnumType(ReviewDecisionEnum, { name: 'ReviewDecision' });

@InputType()
export class DatasetFilter {
  @Field(() => DatasetStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(DATASET_STATUSES)
  status?: DatasetStatus;

  @Field(() => VerdictEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.keys(VerdictEnum))
  verdict?: Verdict;

  @Field({ nullable: true, description: 'Words to find in the title or description.' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  region?: string;
}

@ArgsType()
export class DatasetsArgs {
  @Field(() => DatasetFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DatasetFilter)
  filter?: DatasetFilter;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first must be at least 1' })
  @Max(100, { message: 'first must be at most 100' })
  first: number;

  @Field({ nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}
