import { Field, Float, ID, ObjectType } from '@nestjs/graphql';

/** Dataset.preview and Dataset.resaleSuspicions: what reviewers see of a listing's data. */
@ObjectType('MaskedPreview')
export class MaskedPreviewModel {
  @Field(() => [String])
  columns: string[];

  @Field(() => [[String]], { description: 'The first rows, personal information masked.' })
  rows: string[][];
}

@ObjectType('ResaleSuspicion')
export class ResaleSuspicionModel {
  @Field(() => ID, { description: "The other organization's listing whose data subjects overlap." })
  datasetId: string;

  @Field()
  datasetTitle: string;

  @Field()
  ownerName: string;

  @Field(() => Float, { description: 'Estimated share of this version’s data subjects found there (0–1).' })
  overlap: number;
}
