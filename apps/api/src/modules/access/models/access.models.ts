import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DeliveryModeEnum } from '../../datasets/models/dataset.model.js';
import { CrossBorderAssessmentModel } from '../../cross-border/models/cross-border.models.js';

export const AccessRequestStatusEnum = { PENDING: 'PENDING', REFUSED: 'REFUSED', APPROVED: 'APPROVED', DENIED: 'DENIED' } as const;
registerEnumType(AccessRequestStatusEnum, { name: 'AccessRequestStatus' });
export const GrantStatusEnum = { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED', REVOKED: 'REVOKED', EXPIRED: 'EXPIRED' } as const;
registerEnumType(GrantStatusEnum, { name: 'GrantStatus' });

@ObjectType('Grant')
export class GrantModel {
  @Field(() => ID)
  id: string;

  @Field(() => GrantStatusEnum)
  status: string;

  @Field(() => DeliveryModeEnum, { description: 'DOWNLOAD: the rows; QUERY: aggregate answers only (runAggregateQuery), never a row.' })
  mode: string;

  @Field(() => String, { nullable: true, description: 'Why the grant is not ACTIVE, in words the buyer can read.' })
  statusReason: string | null;

  @Field(() => [String])
  purposes: string[];

  @Field()
  region: string;

  @Field()
  onwardTransfer: boolean;

  @Field()
  expiresAt: Date;

  @Field(() => ID)
  datasetId: string;

  @Field(() => ID)
  buyerOrgId: string;

  @Field(() => Float)
  rowsDelivered: number;

  @Field(() => GraphQLJSONObject, { description: 'The usage policy, machine-readable (ODRL Agreement).' })
  policy?: Record<string, unknown>;

  @Field()
  createdAt: Date;
}

@ObjectType('AccessRequest')
export class AccessRequestModel {
  @Field(() => ID)
  id: string;

  @Field(() => AccessRequestStatusEnum)
  status: string;

  @Field(() => DeliveryModeEnum)
  mode: string;

  @Field(() => [String], { description: 'Why the request was refused, in words the buyer can read.' })
  reasons: string[];

  @Field(() => [String], { description: 'The same reasons as codes, for programs.' })
  reasonCodes: string[];

  @Field(() => ID)
  datasetId: string;

  @Field(() => ID)
  buyerOrgId: string;

  @Field()
  purpose: string;

  @Field(() => Int)
  durationDays: number;

  @Field()
  region: string;

  @Field(() => String, { nullable: true })
  decisionNote: string | null;

  @Field()
  createdAt: Date;

  @Field(() => GrantModel, { nullable: true })
  grant?: GrantModel | null;

  @Field(() => CrossBorderAssessmentModel, { nullable: true, description: 'Outside the mainland: the mechanism the transfer needs (CAC 2024 Provisions) and whether it is on file.' })
  crossBorder?: CrossBorderAssessmentModel | null;
}

@ObjectType('DownloadToken')
export class DownloadTokenModel {
  @Field({ description: 'GET it with the same Bearer token, once, before expiresAt.' })
  url: string;

  @Field()
  expiresAt: Date;
}
