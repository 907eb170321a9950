import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OrganizationModel } from '../../organizations/models/organization.model.js';
import type { Verdict } from '@eastlake/classifier';
import { ClassificationJobModel, ClassificationModel, VerdictEnum } from '../../classification/models/classification.model.js';
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

@ObjectType('MaskedPreview')
export class MaskedPreviewModel {
  @Field(() => [String])
  columns: string[];

  @Field(() => [[String]], { description: 'The first rows, personal information masked.' })
  rows: string[][];
}

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

@ObjectType('PurposeOffer')
export class PurposeOfferModel {
  @Field()
  purpose: string;

  @Field(() => VerdictEnum, {
    description:
      'The verdict for this purpose with the latest consent manifest: TRADEABLE when the listing is tradeable and consent covers every row that needs it, UNTRADEABLE when it falls short, else the classifier’s verdict with that consent.',
  })
  verdict: Verdict;

  @Field(() => Float, { description: 'Rows needing consent that a valid record covers for this purpose.' })
  coveredRows: number;

  @Field(() => Float, { description: 'Rows that need consent (they hold a direct identifier or sensitive information).' })
  neededRows: number;
}

@ObjectType('Offer', { description: 'The listing’s effective terms, by the rules the access policy applies to a request.' })
export class OfferModel {
  @Field(() => [PurposeOfferModel], { description: 'Per purpose the latest consent manifest names (empty without one).' })
  purposes: PurposeOfferModel[];

  @Field({ description: 'Tradeable for any stated purpose: no row needs consent and the listing is tradeable.' })
  anyPurpose: boolean;

  @Field({ description: 'Where the buyer may process the data: CN means anywhere in the PRC mainland (CN, CN-HB, …).' })
  region: string;

  @Field({ description: 'Processing outside `region` is allowed too: the data holds no personal information.' })
  crossBorder: boolean;

  @Field(() => [DeliveryModeEnum])
  deliveryModes: DeliveryMode[];
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

  @Field(() => ClassificationModel, { nullable: true, description: 'The verdict on the current version.' })
  classification?: ClassificationModel | null;

  @Field(() => ClassificationJobModel, { nullable: true })
  classificationJob?: ClassificationJobModel | null;

  @Field(() => [ConsentCoverageModel], { description: 'Per purpose of the latest consent manifest on the current version.' })
  consentCoverage?: ConsentCoverageModel[];

  @Field(() => OfferModel, {
    nullable: true,
    description: 'The effective terms (per purpose, region, delivery); null until the current version is classified. `classification` stays the consent-free assessment.',
  })
  offer?: OfferModel | null;

  @Field(() => [ResaleSuspicionModel], { description: 'Reviewers and regulators only: listings the current version overlaps.' })
  resaleSuspicions?: ResaleSuspicionModel[];

  @Field(() => MaskedPreviewModel, { nullable: true, description: 'Owner and reviewers only: first 20 rows, masked.' })
  preview?: MaskedPreviewModel | null;
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
