import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('ImpactAssessment', { description: 'A personal-information impact assessment (PIPL Art. 55–56), recorded with the approval it assesses.' })
export class ImpactAssessmentModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  requestId: string;

  @Field(() => ID)
  grantId: string;

  @Field(() => ID)
  datasetId: string;

  @Field(() => ID)
  providerOrgId: string;

  @Field(() => ID)
  buyerOrgId: string;

  @Field(() => ID)
  assessedBy: string;

  @Field()
  purpose: string;

  @Field({ description: 'Art. 56 (1): lawful, legitimate and necessary?' })
  necessity: string;

  @Field(() => [String], { description: "Art. 56 (2): impact on individuals' rights and security risks." })
  risks: string[];

  @Field(() => [String], { description: 'Art. 56 (3): protective measures.' })
  measures: string[];

  @Field({ description: 'Kept at least three years (Art. 56).' })
  retainUntil: Date;

  @Field()
  createdAt: Date;
}
