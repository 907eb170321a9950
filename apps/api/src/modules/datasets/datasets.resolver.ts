import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser, GqlContext } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { DirectField } from '../../common/graphql/direct-field.decorator.js';
import { selectedFieldsAt } from '../../common/graphql/selected-fields.util.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { DatasetPagePrefetch } from './dataset-page-prefetch.js';
import { DatasetsService } from './datasets.service.js';
import { CreateDatasetInput } from './dto/create-dataset.input.js';
import { DatasetsArgs, ReviewDecisionEnum, type ReviewDecision } from './dto/datasets.args.js';
import { DatasetConnectionModel, DatasetModel, DatasetVersionModel } from './models/dataset.model.js';

/**
 * The listing queries and mutations, and the Dataset fields this module and those below it
 * answer. Fields on what other modules own are resolved there (`@Resolver(() => DatasetModel)`):
 * classification, classificationJob, resaleSuspicions, preview in classification;
 * consentCoverage in consent; offer in access; queryOffer in query.
 */
@Resolver(() => DatasetModel)
export class DatasetsResolver implements OnModuleInit {
  constructor(
    private readonly datasetsService: DatasetsService,
    private readonly organizations: OrganizationsService,
    private readonly prefetch: DatasetPagePrefetch,
  ) {}

  onModuleInit(): void {
    // What this module's Dataset field resolvers read (the list reads only those columns).
    this.prefetch.declare('owner', ['ownerOrgId']);
    this.prefetch.declare('currentVersion', ['currentVersionId']);
  }

  @Query(() => DatasetModel, { description: 'A dataset the caller may see; NOT_FOUND otherwise.' })
  dataset(@Args('id', { type: () => ID }, ParseUuidPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<DatasetModel> {
    return this.datasetsService.getFor(ability, id);
  }

  @Query(() => DatasetConnectionModel, { description: 'Datasets the caller may see, newest first.' })
  async datasets(
    @Args() args: DatasetsArgs,
    @CurrentAbility() ability: AppAbility,
    @Context() ctx: GqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DatasetConnectionModel> {
    const selected = selectedFieldsAt(info, ['edges', 'node']);
    // Only the columns the selected fields read (every column when one of them may read anything).
    const only = this.prefetch.propertiesFor(selected, info.schema.getType('Dataset') as GraphQLObjectType, this.datasetsService.columns);
    const page = await this.datasetsService.list(ability, args, only);
    // What the selected fields of other modules need for the page, loaded now: their rows then resolve without a promise each.
    await this.prefetch.run(ctx.req, selected, page.nodes, (...path) => selectedFieldsAt(info, ['edges', 'node', ...path]));
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
}
