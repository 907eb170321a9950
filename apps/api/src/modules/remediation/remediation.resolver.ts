import { Args, Context, Float, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser, GqlContext } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import type { DatasetVersion } from '../datasets/dataset-version.entity.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetModel, DatasetVersionModel } from '../datasets/models/dataset.model.js';
import { ColumnTransformInput } from './dto/column-transform.input.js';
import { ColumnTransformModel } from './models/column-transform.model.js';
import { RemediationService } from './remediation.service.js';

@Resolver(() => DatasetModel)
export class RemediationResolver {
  constructor(private readonly remediation: RemediationService) {}

  @CheckPolicies((ability) => ability.can('update', 'Dataset'))
  @Mutation(() => DatasetModel, {
    description:
      'Provider: derives a new version of the dataset server-side from per-column transforms (streamed), records its parent and the transforms, ledgers it and reclassifies it. The parent’s consent manifest carries over.',
  })
  remediateDataset(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Args('transforms', { type: () => [ColumnTransformInput] }) transforms: ColumnTransformInput[],
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<DatasetModel> {
    return this.remediation.remediate(user, ability, id, transforms);
  }

  @ResolveField(() => [DatasetVersionModel], { description: 'Owner and reviewers: every version, newest first (others get an empty list).' })
  versions(@Parent() dataset: DatasetModel, @CurrentAbility() ability: AppAbility): Promise<DatasetVersionModel[]> {
    return this.remediation.versions(ability, dataset as unknown as Dataset);
  }
}

@Resolver(() => DatasetVersionModel)
export class DatasetVersionLineageResolver {
  constructor(private readonly remediation: RemediationService) {}

  @ResolveField(() => String, { nullable: true, description: 'The file name as uploaded (a derived version: `<name>-v<n>.csv`).' })
  fileName(@Parent() version: DatasetVersionModel): string | null {
    return (version as unknown as DatasetVersion).fileName ?? null;
  }

  @ResolveField(() => ID, { nullable: true, description: 'The version this one was derived from by remediateDataset; null for an upload.' })
  async parentVersionId(@Parent() version: DatasetVersionModel, @Context() ctx: GqlContext): Promise<string | null> {
    return (await this.remediation.lineageLoader(ctx.req).load(version.id))?.parentVersionId ?? null;
  }

  @ResolveField(() => [ColumnTransformModel], { nullable: true, description: 'The transforms that derived this version; null for an upload.' })
  async transforms(@Parent() version: DatasetVersionModel, @Context() ctx: GqlContext): Promise<ColumnTransformModel[] | null> {
    return (await this.remediation.lineageLoader(ctx.req).load(version.id))?.transforms ?? null;
  }

  @ResolveField(() => Float, { nullable: true, description: 'Rows of the parent version read by the remediation.' })
  async rowsIn(@Parent() version: DatasetVersionModel, @Context() ctx: GqlContext): Promise<number | null> {
    return (await this.remediation.lineageLoader(ctx.req).load(version.id))?.rowsIn ?? null;
  }

  @ResolveField(() => Int, { nullable: true, description: 'The number of the parent version.' })
  async parentNumber(@Parent() version: DatasetVersionModel, @Context() ctx: GqlContext): Promise<number | null> {
    const lineage = await this.remediation.lineageLoader(ctx.req).load(version.id);
    return lineage ? ((await this.remediation.versionLoader(ctx.req).load(lineage.parentVersionId))?.number ?? null) : null;
  }
}
