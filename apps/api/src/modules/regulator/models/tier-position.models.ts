import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { OrganizationModel } from '../../organizations/models/organization.model.js';

export const TierLevelEnum = { NONE: 'NONE', SERIOUS: 'SERIOUS', ESPECIALLY_SERIOUS: 'ESPECIALLY_SERIOUS' } as const;
registerEnumType(TierLevelEnum, { name: 'TierLevel', description: '2017 SPC/SPP interpretation Art. 5: "serious" and "especially serious" (ten times).' });

export const InfoClassEnum = { WHEREABOUTS_CREDIT_PROPERTY: 'WHEREABOUTS_CREDIT_PROPERTY', HEALTH_TRANSACTION: 'HEALTH_TRANSACTION', OTHER: 'OTHER' } as const;
registerEnumType(InfoClassEnum, { name: 'InfoClass', description: 'Art. 5 para. 1 (3) 50 items, (4) 500 items, (5) 5,000 items.' });

@ObjectType('TierClassPosition')
export class TierClassPositionModel {
  @Field(() => InfoClassEnum)
  infoClass: string;

  @Field(() => Float, { description: 'Items received without a lawful basis on record (these count).' })
  items: number;

  @Field(() => Float, { description: 'Items received with consent covering every row (these do not count).' })
  lawfulItems: number;

  @Field(() => Float, { description: '"Serious" standard for this class alone (halved for insiders).' })
  serious: number;

  @Field(() => Float, { description: '"Especially serious" standard: ten times.' })
  especiallySerious: number;
}

@ObjectType('TierPosition')
export class TierPositionModel {
  @Field(() => OrganizationModel)
  organization: OrganizationModel;

  @Field(() => TierLevelEnum)
  level: string;

  @Field(() => Float, { description: 'The proportional sum of the three classes as a share of "serious" (1 = reached; 10 = especially serious).' })
  quantityShare: number;

  @Field(() => [TierClassPositionModel])
  classes: TierClassPositionModel[];

  @Field(() => Int, { description: 'Versions delivered to this organization (each counts once).' })
  versions: number;

  @Field(() => Int, { description: 'Of which without a lawful basis on record.' })
  unlawfulVersions: number;

  @Field(() => GraphQLSafeInt, { description: 'Proceeds in fen from selling personal information without a lawful basis on record (Art. 5 para. 1 (7)).' })
  proceedsFen: number;

  @Field(() => Float, { description: 'Proceeds as a share of "serious" (¥5,000, or ¥2,500 for an insider).' })
  proceedsShare: number;

  @Field(() => GraphQLSafeInt, { description: '"Serious" proceeds standard in fen for this organization (halved for insiders).' })
  proceedsSeriousFen: number;

  @Field({ description: 'Marked an insider by a regulator or admin (Art. 5 para. 1 (8)): half the standards.' })
  insider: boolean;

  @Field(() => [String], { description: 'Which limb reached the level: QUANTITY, PROCEEDS.' })
  by: string[];
}
