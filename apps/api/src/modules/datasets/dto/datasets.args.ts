import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Trim } from '../../../common/graphql/trim.transform.js';
import type { Verdict } from '@eastlake/classifier';
import { VerdictEnum } from '../../../common/graphql/verdict.enum.js';
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

  @Field(() => VerdictEnum, {
    nullable: true,
    description:
      'The consent-free verdict (classification.verdict). A listing tradeable only with consent is UNTRADEABLE here: to find what can be bought for a purpose, filter by purpose.',
  })
  @IsOptional()
  @IsIn(Object.keys(VerdictEnum))
  verdict?: Verdict;

  @Field({ nullable: true, description: 'Words to find in the title or description.' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string;

  @Field({ nullable: true, description: 'Listings whose data subjects are in this region or within it: CN finds CN and CN-HB.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, { message: 'region must be a country code such as CN, or CN-HB for a province' })
  region?: string;

  @Field({
    nullable: true,
    description:
      'Listings tradeable for this purpose: tradeable (status TRADEABLE or PUBLISHED) and either no row needs consent or the latest consent manifest covers every row that needs it for the purpose.',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[\p{L}\p{N} _-]+$/u, { message: 'purpose must be a word or short phrase (letters, digits, spaces, - or _)' })
  @MaxLength(64, { message: 'purpose must be at most 64 characters' })
  purpose?: string;

  @Field(() => ID, { nullable: true, description: "Listings of this provider organization (the listing's owner)." })
  @IsOptional()
  @IsUUID('all', { message: 'providerOrganizationId must be an organization id' })
  providerOrganizationId?: string;
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
