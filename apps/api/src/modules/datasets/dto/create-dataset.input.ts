import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Trim } from '../../../common/graphql/trim.transform.js';
import { PROVENANCES, type Provenance } from '../dataset.entity.js';
import { ProvenanceEnum } from '../models/dataset.model.js';

/** The rights the provider declares, each stated explicitly ("Data 20 Articles", 2022). */
@InputType()
export class DataRightsInput {
  @Field({ description: 'Resource holding right: the provider lawfully holds the data.' })
  @IsBoolean({ message: 'rights.holding must be true or false' })
  holding: boolean;

  @Field({ description: 'Processing and use right.' })
  @IsBoolean({ message: 'rights.processing must be true or false' })
  processing: boolean;

  @Field({ description: 'Product operation right: needed to publish the listing.' })
  @IsBoolean({ message: 'rights.operation must be true or false' })
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

  @Field(() => DataRightsInput, { description: 'The rights the provider declares it holds (required: nothing is assumed).' })
  @ValidateNested()
  @IsDefined({ message: 'rights must declare holding, processing and operation' })
  @Type(() => DataRightsInput)
  rights: DataRightsInput;
}
