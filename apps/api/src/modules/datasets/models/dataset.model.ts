import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrganizationModel } from '../../organizations/models/organization.model.js';
import { DATASET_STATUSES, type DatasetStatus } from '../dataset-status.js';
import { PROVENANCES, type Provenance } from '../dataset.entity.js';

export const DatasetStatusEnum = Object.fromEntries(DATASET_STATUSES.map((s) => [s, s])) as { [K in DatasetStatus]: K };
registerEnumType(DatasetStatusEnum, { name: 'DatasetStatus' });
/** How a buyer receives the data: a file download today; aggregate queries later. */
export const DeliveryModeEnum = { DOWNLOAD: 'DOWNLOAD', QUERY: 'QUERY' } as const;
export type DeliveryMode = keyof typeof DeliveryModeEnum;
registerEnumType(DeliveryModeEnum, { name: 'DeliveryMode' });
export const ProvenanceEnum = Object.fromEntries(PROVENANCES.map((p) => [p, p])) as { [K in Provenance]: K };
registerEnumType(ProvenanceEnum, { name: 'Provenance' });

@ObjectType('DataRights')
export class DataRightsModel {
  @Field({ description: 'Resource holding right.' })
  holding: boolean;

  @Field({ description: 'Processing and use right.' })
  processing: boolean;

  @Field({ description: 'Product operation right (needed to publish).' })
  operation: boolean;
}

@ObjectType('DatasetVersion')
export class DatasetVersionModel {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  number: number;

  @Field(() => Float)
  bytes: number;

  @Field()
  sha256: string;

  @Field(() => Int, { nullable: true })
  rows: number | null;

  @Field()
  createdAt: Date;
}

@ObjectType('Dataset')
export class DatasetModel {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field()
  region: string;

  @Field(() => ProvenanceEnum)
  provenance: Provenance;

  @Field(() => ID, { nullable: true })
  parentGrantId: string | null;

  @Field(() => DataRightsModel)
  rights: DataRightsModel;

  @Field(() => DatasetStatusEnum)
  status: DatasetStatus;

  @Field(() => String, { nullable: true, description: 'The reviewer note of the last review decision.' })
  reviewNote: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  ownerOrgId: string;
  currentVersionId: string | null;

  @Field(() => OrganizationModel)
  owner?: OrganizationModel;

  @Field(() => DatasetVersionModel, { nullable: true })
  currentVersion?: DatasetVersionModel | null;
}

@ObjectType('DatasetEdge')
export class DatasetEdgeModel {
  @Field(() => DatasetModel)
  node: DatasetModel;

  @Field()
  cursor: string;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, { nullable: true })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;
}

@ObjectType('DatasetConnection')
export class DatasetConnectionModel {
  @Field(() => [DatasetEdgeModel])
  edges: DatasetEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;

  @Field(() => Int)
  totalCount: number;
}
