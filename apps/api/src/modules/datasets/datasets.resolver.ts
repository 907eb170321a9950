import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser, GqlContext } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { DirectField } from '../../common/graphql/direct-field.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { ClassificationJobModel, ClassificationModel } from '../classification/models/classification.model.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { DatasetsService } from './datasets.service.js';
import { CreateDatasetInput } from './dto/create-dataset.input.js';
import { DatasetsArgs, ReviewDecisionEnum, type ReviewDecision } from './dto/datasets.args.js';
import { ConsentService } from '../consent/consent.service.js';
import {
  ConsentCoverageModel,
  DatasetConnectionModel,
  DatasetModel,
  DatasetVersionModel,
  MaskedPreviewModel,
  OfferModel,
  ResaleSuspicionModel,
} from './models/dataset.model.js';
import { offerTerms } from '../access/access-policy.js';
import { DataSource } from 'typeorm';
import { deliveryModesLoader } from '../query/delivery-modes.js';

@Resolver(() => DatasetModel)
export class DatasetsResolver {
  constructor(
    private readonly datasetsService: DatasetsService,
    private readonly organizations: OrganizationsService,
    private readonly consent: ConsentService,
    private readonly dataSource: DataSource,
  ) {}

  @Query(() => DatasetModel, { description: 'A dataset the caller may see; NOT_FOUND otherwise.' })
  dataset(@Args('id', { type: () => ID }, ParseUuidPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<DatasetModel> {
    return this.datasetsService.getFor(ability, id);
  }

  @Query(() => DatasetConnectionModel, { description: 'Datasets the caller may see, newest first.' })
  async datasets(@Args() args: DatasetsArgs, @CurrentAbility() ability: AppAbility): Promise<DatasetConnectionModel> {
    const page = await this.datasetsService.list(ability, args);
    return {
      edges: page.nodes.map((node) => ({
        node,
        get cursor() {
          return page.cursorOf(node);
        },
      })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      totalCount: page.totalCount,
    };
  }

  @CheckPolicies((ability) => ability.can('create', 'Dataset'))
  @Mutation(() => DatasetModel, { description: 'Provider: a new DRAFT listing; upload its file with PUT /api/datasets/:id/file.' })
  createDataset(@Args('input') input: CreateDatasetInput, @CurrentUser() user: AuthUser): Promise<DatasetModel> {
    return this.datasetsService.create(user, input);
  }

  @Mutation(() => DatasetModel, { description: 'Provider: publishes a TRADEABLE dataset of a verified organization.' })
  publishDataset(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<DatasetModel> {
    return this.datasetsService.publish(user, ability, id);
  }

  @CheckPolicies((ability) => ability.can('review', 'Dataset'))
  @Mutation(() => DatasetModel, { description: 'Admin or regulator: decides a dataset IN_REVIEW (a rejection needs a note).' })
  reviewDataset(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Args('decision', { type: () => ReviewDecisionEnum }) decision: ReviewDecision,
    @Args('note', { type: () => String, nullable: true }) note: string | undefined,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<DatasetModel> {
    return this.datasetsService.review(user, ability, id, decision, note);
  }

  @ResolveField(() => OrganizationModel)
  @DirectField('Dataset')
  owner(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<OrganizationModel | null> {
    return this.organizations.loaderFor(ctx.req).load(dataset.ownerOrgId);
  }

  @ResolveField(() => DatasetVersionModel, { nullable: true })
  @DirectField('Dataset')
  async currentVersion(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<DatasetVersionModel | null> {
    return dataset.currentVersionId ? this.datasetsService.versionLoader(ctx.req).load(dataset.currentVersionId) : null;
  }

  @ResolveField(() => ClassificationModel, { nullable: true })
  @DirectField('Dataset')
  async classification(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<ClassificationModel | null> {
    if (!dataset.currentVersionId) return null;
    const c = await this.datasetsService.classificationLoader(ctx.req).load(dataset.currentVersionId);
    if (!c) return null;
    const r = c.report;
    return {
      verdict: c.verdict,
      rows: r.rows,
      reasons: r.reasons,
      columns: r.columns,
      exposure: r.exposure,
      warnings: r.warnings,
      versionId: c.versionId,
      engineVersion: c.engineVersion,
      classifiedAt: c.createdAt,
    };
  }

  @ResolveField(() => ClassificationJobModel, { nullable: true })
  @DirectField('Dataset')
  async classificationJob(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<ClassificationJobModel | null> {
    if (!dataset.currentVersionId) return null;
    const job = await this.datasetsService.jobLoader(ctx.req).load(dataset.currentVersionId);
    if (!job) return null;
    const progress = job.state === 'COMPLETED' ? 1 : job.totalBytes > 0 ? Math.min(1, job.bytesScanned / job.totalBytes) : 0;
    return { state: job.state, progress, attempts: job.attempts, error: job.error };
  }

  @ResolveField(() => [ConsentCoverageModel])
  @DirectField('Dataset')
  async consentCoverage(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<ConsentCoverageModel[]> {
    if (!dataset.currentVersionId) return [];
    return (await this.consent.coverageLoader(ctx.req).load(dataset.currentVersionId)) ?? [];
  }

  /** Batched like the fields it reads: a page of N listings costs two queries, not 2N. */
  @ResolveField(() => OfferModel, { nullable: true })
  @DirectField('Dataset')
  async offer(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<OfferModel | null> {
    if (!dataset.currentVersionId) return null;
    const [classification, coverage, deliveryModes] = await Promise.all([
      this.datasetsService.classificationLoader(ctx.req).load(dataset.currentVersionId),
      this.consent.coverageLoader(ctx.req).load(dataset.currentVersionId),
      deliveryModesLoader(ctx.req, this.dataSource.manager).load(dataset.currentVersionId),
    ]);
    if (!classification) return null;
    return { ...offerTerms(dataset, classification.report, coverage ?? []), deliveryModes: deliveryModes ?? ['DOWNLOAD'] };
  }

  @ResolveField(() => [ResaleSuspicionModel])
  resaleSuspicions(@Parent() dataset: DatasetModel, @CurrentAbility() ability: AppAbility): Promise<ResaleSuspicionModel[]> {
    return this.datasetsService.resaleSuspicions(ability, dataset as never);
  }

  @ResolveField(() => MaskedPreviewModel, { nullable: true })
  preview(@Parent() dataset: DatasetModel, @CurrentAbility() ability: AppAbility): Promise<MaskedPreviewModel | null> {
    return this.datasetsService.preview(ability, dataset as never);
  }
}
