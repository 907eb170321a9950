import { Field, Float, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AGGREGATE_FNS, FILTER_OPS, GENERALISATIONS, LIMITS, type AggregateFn, type FilterOp, type Generalisation } from '../query-spec.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const AggregateFunctionEnum = enumOf(AGGREGATE_FNS);
registerEnumType(AggregateFunctionEnum, { name: 'AggregateFunction' });
export const GeneralisationEnum = enumOf(GENERALISATIONS);
registerEnumType(GeneralisationEnum, {
  name: 'Generalisation',
  description: 'YEAR_OF_BIRTH (birth dates), AGE_BAND (ages or birth dates; width 5–50 years), DISTRICT (addresses: province/city/district), POSTAL_PREFIX (first 2–4 digits), ROUND_COORDINATE (0–3 decimals).',
});
export const FilterOpEnum = enumOf(FILTER_OPS);
registerEnumType(FilterOpEnum, { name: 'FilterOp' });

@InputType({ description: 'A column of the version, by its name in the classification report.' })
export class ColumnRef {
  @Field()
  @IsString()
  @MaxLength(200)
  column: string;
}

@InputType()
export class ClipInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lower: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  upper: number;
}

@InputType()
export class MeasureInput {
  @Field(() => AggregateFunctionEnum)
  @IsIn(AGGREGATE_FNS)
  fn: AggregateFn;

  @Field(() => String, { nullable: true, description: 'Omit for COUNT of rows.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  column?: string | null;

  @Field(() => ClipInput, { nullable: true, description: 'Values are clipped to [lower, upper]; SUM and AVG need it on a differentially private grant.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClipInput)
  clip?: ClipInput | null;
}

@InputType()
export class FilterInput {
  @Field()
  @IsString()
  @MaxLength(200)
  column: string;

  @Field(() => FilterOpEnum)
  @IsIn(FILTER_OPS)
  op: FilterOp;

  @Field(() => [String], { description: 'One value, or several for IN / NOT_IN; compared with the generalised value when the column is generalised.' })
  @IsArray()
  @ArrayMaxSize(LIMITS.values)
  @IsString({ each: true })
  values: string[];
}

@InputType()
export class GeneraliseInput {
  @Field()
  @IsString()
  @MaxLength(200)
  column: string;

  @Field(() => GeneralisationEnum)
  @IsIn(GENERALISATIONS)
  to: Generalisation;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  width?: number | null;
}

@InputType({ description: 'A structured aggregate query (never free SQL).' })
export class AggregateQueryInput {
  @Field(() => [ColumnRef], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(LIMITS.groupBy)
  @ValidateNested({ each: true })
  @Type(() => ColumnRef)
  groupBy: ColumnRef[];

  @Field(() => [MeasureInput])
  @IsArray()
  @ArrayMaxSize(LIMITS.measures)
  @ValidateNested({ each: true })
  @Type(() => MeasureInput)
  measures: MeasureInput[];

  @Field(() => [FilterInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(LIMITS.filters)
  @ValidateNested({ each: true })
  @Type(() => FilterInput)
  filters: FilterInput[];

  @Field(() => [GeneraliseInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => GeneraliseInput)
  generalise: GeneraliseInput[];
}

@InputType()
export class DifferentialPrivacyInput {
  @Field(() => Float, { description: 'ε each query spends (0.01–10).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  epsilonPerQuery: number;

  @Field(() => Float, { description: 'ε the grant may spend in all (at least epsilonPerQuery, at most 100).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  epsilonTotal: number;

  @Field(() => Int, { defaultValue: 1, description: 'Rows one data subject may contribute to an answer (the sensitivity of a count).' })
  @IsInt()
  contributionBound: number;
}

@InputType()
export class GrantQueryPolicyInput {
  @Field(() => Int, { description: 'Every returned group covers at least this many distinct data subjects (≥ 10).' })
  @IsInt()
  minGroupSize: number;

  @Field(() => DifferentialPrivacyInput, { nullable: true, description: 'Laplace noise and a privacy budget; null for exact answers.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DifferentialPrivacyInput)
  differentialPrivacy?: DifferentialPrivacyInput | null;
}
