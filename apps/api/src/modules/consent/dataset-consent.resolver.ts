import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { DirectField } from '../../common/graphql/direct-field.decorator.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import { ConsentService } from './consent.service.js';
import { ConsentCoverageModel } from './models/consent-coverage.model.js';

/** Dataset.consentCoverage, answered by the module that owns the coverage. */
@Resolver(() => DatasetModel)
export class DatasetConsentResolver {
  constructor(private readonly consent: ConsentService) {}

  @ResolveField(() => [ConsentCoverageModel], { description: 'Per purpose of the latest consent manifest on the current version.' })
  @DirectField('Dataset')
  async consentCoverage(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<ConsentCoverageModel[]> {
    if (!dataset.currentVersionId) return [];
    return (await this.consent.coverageLoader(ctx.req).load(dataset.currentVersionId)) ?? [];
  }
}
