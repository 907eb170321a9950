import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { GENERALISE_MODES, TRANSFORM_KINDS, type GeneraliseMode, type TransformKind } from '../transforms.js';

export const TransformKindEnum = Object.fromEntries(TRANSFORM_KINDS.map((k) => [k, k])) as { [K in TransformKind]: K };
registerEnumType(TransformKindEnum, {
  name: 'TransformKind',
  description:
    'DROP a column; MASK it with the masked-preview rules; HASH it (HMAC-SHA-256 with the organization’s salt over the consent subject key); GENERALISE it (see GeneraliseMode); COVERED_SUBSET keeps only the rows consent covers for `purpose`.',
});
export const GeneraliseModeEnum = Object.fromEntries(GENERALISE_MODES.map((m) => [m, m])) as { [K in GeneraliseMode]: K };
registerEnumType(GeneraliseModeEnum, {
  name: 'GeneraliseMode',
  description: 'YEAR (a date to its year), AGE_BAND (birth date or age to 30-39…, 90+), DISTRICT (address to province/city/district), ROUND_COORDINATES (two decimals), REMOVE.',
});

@InputType({ description: 'One transform of remediateDataset.' })
export class ColumnTransformInput {
  @Field(() => TransformKindEnum)
  @IsIn(TRANSFORM_KINDS, { message: `kind must be one of ${TRANSFORM_KINDS.join(', ')}` })
  kind: TransformKind;

  @Field(() => String, { nullable: true, description: 'The column (all kinds but COVERED_SUBSET).' })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'column must be at most 500 characters' })
  column?: string | null;

  @Field(() => GeneraliseModeEnum, { nullable: true, description: 'GENERALISE only.' })
  @IsOptional()
  @IsIn(GENERALISE_MODES, { message: `mode must be one of ${GENERALISE_MODES.join(', ')}` })
  mode?: GeneraliseMode | null;

  @Field(() => String, { nullable: true, description: 'COVERED_SUBSET only: the purpose consent must list.' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'purpose must be at most 100 characters' })
  purpose?: string | null;
}
