import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { tradingRequirement, type DataGrade } from '@eastlake/compliance';
import { In, DataSource } from 'typeorm';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { requestLoader } from '../../common/graphql/request-loaders.util.js';
import { ClassificationModel } from '../classification/models/classification.model.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import { DataGradeDeclaration, ImportantDataAuthorisation } from './data-grade.entity.js';
import { gradeOfReport, type GradeResult } from './grade.util.js';
import { DataGradeEnum, GradeReasonModel, TradingRequirementEnum } from './models/enforcement.models.js';

interface VersionGradeFacts {
  declared: DataGrade[];
  authorised: boolean;
}

/**
 * `Classification.grade`: GB/T 43697-2024, computed from the stored report and the regulators'
 * declarations (so a declaration takes effect at once), batched per request.
 */
@Resolver(() => ClassificationModel)
export class GradeResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetLifecycleService,
  ) {}

  private facts(ctx: GqlContext, versionId: string) {
    return requestLoader<VersionGradeFacts>(ctx.req, 'gradeFacts', async (versionIds) => {
      const m = this.dataSource.manager;
      const versions = await this.datasets.versionsWithManager(m, [...versionIds]);
      const datasetIds = [...new Set(versions.map((v) => v.datasetId))];
      const declarations = datasetIds.length ? await m.find(DataGradeDeclaration, { where: { datasetId: In(datasetIds) }, select: { datasetId: true, grade: true } }) : [];
      const authorised = new Set((await m.find(ImportantDataAuthorisation, { where: { versionId: In([...versionIds]) }, select: { versionId: true } })).map((a) => a.versionId));
      return new Map(
        versions.map((v) => [v.id, { declared: declarations.filter((d) => d.datasetId === v.datasetId).map((d) => d.grade as DataGrade), authorised: authorised.has(v.id) }]),
      );
    }).load(versionId);
  }

  private async graded(c: ClassificationModel, ctx: GqlContext): Promise<GradeResult & { authorised: boolean }> {
    const f = (await this.facts(ctx, c.versionId)) ?? { declared: [], authorised: false };
    return { ...gradeOfReport(c, f.declared), authorised: f.authorised };
  }

  @ResolveField(() => DataGradeEnum, { description: 'GB/T 43697-2024 grade: GENERAL, IMPORTANT (trading needs regulator authorisation) or CORE (never traded).' })
  async grade(@Parent() c: ClassificationModel, @Context() ctx: GqlContext): Promise<string> {
    return (await this.graded(c, ctx)).grade;
  }

  @ResolveField(() => [GradeReasonModel], { description: 'The grading rule that decided, with the figures and its basis.' })
  async gradeReasons(@Parent() c: ClassificationModel, @Context() ctx: GqlContext): Promise<GradeReasonModel[]> {
    return (await this.graded(c, ctx)).reasons;
  }

  @ResolveField(() => TradingRequirementEnum)
  async tradingRequirement(@Parent() c: ClassificationModel, @Context() ctx: GqlContext): Promise<string> {
    return tradingRequirement((await this.graded(c, ctx)).grade);
  }

  @ResolveField(() => Boolean, { description: 'A regulator authorised trading this version (important data).' })
  async importantDataAuthorised(@Parent() c: ClassificationModel, @Context() ctx: GqlContext): Promise<boolean> {
    return (await this.graded(c, ctx)).authorised;
  }
}
