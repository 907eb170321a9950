import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Trim } from '../../../common/graphql/trim.transform.js';
import { PROVENANCES, type Provenance } from '../dataset.entity.js';
import { ProvenanceEnum } from '../models/dataset.model.js';

@InputType()
export class DataRightsInput {
  @Field({ defaultValue: true })
  @IsBoolean()
  holding: boolean;

  @Field({ defaultValue: true })
  @IsBoolean()
  processing: boolean;

  @Field({ defaultValue: true })
  @IsBoolean()
  operation: boolean;
}

@InputType()
export class CreateDatasetInput {
  @Field()
  @Trim()
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(10_000, { message: 'description must be at most 10,000 characters' })
  description: string;

  @Field({ description: 'Where the data subjects are, e.g. CN, CN-HB (Hubei).' })
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, { message: 'region must be a country code such as CN, or CN-HB for a province' })
  region: string;

  @Field(() => ProvenanceEnum)
  @IsIn(PROVENANCES, { message: 'provenance must be COLLECTED, ACQUIRED, PUBLIC or DERIVED' })
  provenance: Provenance;

  @Field(() => ID, { nullable: true, description: 'For ACQUIRED or DERIVED data: the grant it came from.' })
  @IsOptional()
  @IsUUID('all', { message: 'parentGrantId must be a grant id' })
  parentGrantId?: string;

  @Field(() => DataRightsInput, { nullable: true, description: 'Rights the provider holds; all true by default.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DataRightsInput)
  rights?: DataRightsInput;
}
