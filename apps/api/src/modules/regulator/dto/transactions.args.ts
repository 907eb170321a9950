import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsDate, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { TransactionKindEnum } from '../models/regulator.models.js';

@ArgsType()
export class TransactionsArgs {
  @Field(() => ID, { nullable: true, description: 'Buyer or provider organization.' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'datasetId must be a dataset id' })
  datasetId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be a date' })
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be a date' })
  to?: Date;

  @Field({ nullable: true, description: 'Status of the request or grant (DELIVERED for deliveries).' })
  @IsOptional()
  status?: string;

  @Field(() => TransactionKindEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.keys(TransactionKindEnum))
  kind?: keyof typeof TransactionKindEnum;

  @Field(() => Int, { nullable: true, defaultValue: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000, { message: 'first must be at most 5000' })
  first: number;
}
