import { Field, Float, ObjectType } from '@nestjs/graphql';

/** Dataset.consentCoverage: per purpose of the latest consent manifest on the current version. */
@ObjectType('ConsentCoverage')
export class ConsentCoverageModel {
  @Field()
  purpose: string;

  @Field(() => Float, { description: 'Rows needing consent that a valid record covers for this purpose.' })
  coveredRows: number;

  @Field(() => Float, { description: 'Rows that need consent (they hold a direct identifier).' })
  neededRows: number;

  @Field(() => Float)
  rows: number;

  @Field({ description: 'The verdict for this purpose with the manifest.' })
  verdict: string;
}
