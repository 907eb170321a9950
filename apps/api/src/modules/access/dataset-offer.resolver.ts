import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { DirectField } from '../../common/graphql/direct-field.decorator.js';
import { ClassificationService } from '../classification/classification.service.js';
import { ConsentService } from '../consent/consent.service.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import { offerTerms } from './access-policy.js';
import { DeliveryModes } from './delivery-modes.js';
import { OfferModel } from './models/offer.model.js';

/** Dataset.offer: the listing's terms by the access policy, from its classification, consent coverage and delivery modes. */
@Resolver(() => DatasetModel)
export class DatasetOfferResolver {
  constructor(
    private readonly classification: ClassificationService,
    private readonly consent: ConsentService,
    private readonly deliveryModes: DeliveryModes,
    private readonly dataSource: DataSource,
  ) {}

  /** Batched like the fields it reads (the same per-request loaders): a page of N listings costs two queries, not 2N. */
  @ResolveField(() => OfferModel, {
    nullable: true,
    description: 'The effective terms (per purpose, region, delivery); null until the current version is classified. `classification` stays the consent-free assessment.',
  })
  @DirectField('Dataset')
  async offer(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<OfferModel | null> {
    if (!dataset.currentVersionId) return null;
    const [classification, coverage, deliveryModes] = await Promise.all([
      this.classification.classificationLoader(ctx.req).load(dataset.currentVersionId),
      this.consent.coverageLoader(ctx.req).load(dataset.currentVersionId),
      this.deliveryModes.loader(ctx.req, this.dataSource.manager).load(dataset.currentVersionId),
    ]);
    if (!classification) return null;
    return { ...offerTerms(dataset, classification.report, coverage ?? []), deliveryModes: deliveryModes ?? ['DOWNLOAD'] };
  }
}
