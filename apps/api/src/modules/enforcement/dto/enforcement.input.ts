import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../../common/graphql/trim.transform.js';
import { RectificationTargetTypeEnum } from '../models/enforcement.models.js';

@InputType()
export class RectificationOrderInput {
  @Field(() => RectificationTargetTypeEnum)
  @IsIn(Object.values(RectificationTargetTypeEnum))
  targetType: 'DATASET' | 'ORGANIZATION';

  @Field(() => ID)
  @IsUUID()
  targetId: string;

  @Field({ description: 'What must be rectified, as the organization will read it.' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'a rectification order needs a reason' })
  @MaxLength(2000)
  reason: string;

  @Field({ description: 'E.g. "PIPL Art. 61, 64".' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'a rectification order needs its legal basis' })
  @MaxLength(500)
  legalBasis: string;

  @Field({ description: 'By when; must be in the future.' })
  @IsDate()
  deadline: Date;
}
