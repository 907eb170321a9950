import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '../../../common/graphql/trim.transform.js';
import { DeliveryModeEnum } from '../../datasets/models/dataset.model.js';
import type { GrantMode } from '../grant.entity.js';

@InputType()
export class RequestAccessInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'datasetId must be a dataset id' })
  datasetId: string;

  @Field({ description: 'What the data will be used for, as the consent records name it (e.g. marketing).' })
  @Trim()
  @IsString()
  @Matches(/^[\p{L}\p{N} _-]+$/u, { message: 'purpose must be a word or short phrase (letters, digits, spaces, - or _)' })
  @MaxLength(64, { message: 'purpose must be at most 64 characters' })
  purpose: string;

  @Field(() => Int)
  @IsInt({ message: 'durationDays must be a whole number of days' })
  @Min(1, { message: 'durationDays must be at least 1' })
  @Max(3650, { message: 'durationDays must be at most 3650 (ten years)' })
  durationDays: number;

  @Field({ description: 'Where the data will be used, e.g. CN or CN-HB.' })
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, { message: 'region must be a country code such as CN, or CN-HB for a province' })
  region: string;

  @Field(() => DeliveryModeEnum, {
    defaultValue: 'DOWNLOAD',
    description: 'DOWNLOAD: the rows; QUERY: aggregate answers only (runAggregateQuery), never a row. The listing’s offer names the modes it allows.',
  })
  @IsOptional()
  @IsIn(['DOWNLOAD', 'QUERY'], { message: 'mode must be DOWNLOAD or QUERY' })
  mode?: GrantMode;
}
