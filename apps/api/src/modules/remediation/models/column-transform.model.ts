import { Field, ObjectType } from '@nestjs/graphql';
import { GeneraliseModeEnum, TransformKindEnum } from '../dto/column-transform.input.js';
import type { GeneraliseMode, TransformKind } from '../transforms.js';

@ObjectType('ColumnTransform', { description: 'A transform a derived version was made with.' })
export class ColumnTransformModel {
  @Field(() => TransformKindEnum)
  kind: TransformKind;

  @Field(() => String, { nullable: true })
  column: string | null;

  @Field(() => GeneraliseModeEnum, { nullable: true })
  mode: GeneraliseMode | null;

  @Field(() => String, { nullable: true })
  purpose: string | null;
}
