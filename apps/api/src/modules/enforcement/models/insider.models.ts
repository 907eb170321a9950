import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('InsiderStatus', { description: 'An organization measured at half the Art. 5 standards (2017 SPC/SPP interpretation Art. 5 para. 1 (8)).' })
export class InsiderStatusModel {
  @Field(() => ID)
  organizationId: string;

  @Field()
  organizationName: string;

  @Field()
  insider: boolean;

  @Field()
  reason: string;

  @Field(() => ID)
  setBy: string;

  @Field()
  updatedAt: Date;
}
