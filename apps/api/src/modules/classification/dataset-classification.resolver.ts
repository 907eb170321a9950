import { Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { AppAbility } from '@eastlake/policy';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { CurrentAbility } from '../../common/auth/current-user.decorator.js';
import { DirectField } from '../../common/graphql/direct-field.decorator.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import type { ClassificationJob } from './classification-job.entity.js';
import type { Classification } from './classification.entity.js';
import { ClassificationService } from './classification.service.js';
import { reportProjectionFor } from './report-projection.js';
import { DatasetInspectionService } from './dataset-inspection.service.js';
import { ClassificationJobModel, ClassificationModel } from './models/classification.model.js';
import { MaskedPreviewModel, ResaleSuspicionModel } from './models/dataset-inspection.models.js';

/** The Dataset fields this module answers: the verdict, the job, resale suspicions, the masked preview. */
@Resolver(() => DatasetModel)
export class DatasetClassificationResolver {
  constructor(
    private readonly classifications: ClassificationService,
    private readonly inspection: DatasetInspectionService,
  ) {}

  @ResolveField(() => ClassificationModel, { nullable: true, description: 'The verdict on the current version.' })
  @DirectField('Dataset')
  classification(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext, @Info() info: GraphQLResolveInfo): ClassificationModel | null | Promise<ClassificationModel | null> {
    if (!dataset.currentVersionId) return null;
    // Only the parts of the report this selection reads (report-projection.ts).
    const projection = reportProjectionFor(info);
    // Loaded already when the list prefetched its page: answered without a promise.
    const settled = this.classifications.settledClassification(ctx.req, dataset.currentVersionId, projection);
    if (settled !== undefined) return classificationModel(settled);
    return this.classifications.classificationLoader(ctx.req, projection).load(dataset.currentVersionId).then(classificationModel);
  }

  @ResolveField(() => ClassificationJobModel, { nullable: true })
  @DirectField('Dataset')
  classificationJob(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): ClassificationJobModel | null | Promise<ClassificationJobModel | null> {
    if (!dataset.currentVersionId) return null;
    const settled = this.classifications.settledJob(ctx.req, dataset.currentVersionId);
    if (settled !== undefined) return jobModel(settled);
    return this.classifications.jobLoader(ctx.req).load(dataset.currentVersionId).then(jobModel);
  }

  @ResolveField(() => [ResaleSuspicionModel], { description: 'Reviewers and regulators only: listings the current version overlaps.' })
  resaleSuspicions(@Parent() dataset: DatasetModel, @CurrentAbility() ability: AppAbility): Promise<ResaleSuspicionModel[]> {
    return this.inspection.resaleSuspicions(ability, dataset as never);
  }

  @ResolveField(() => MaskedPreviewModel, { nullable: true, description: 'Owner and reviewers only: first 20 rows, masked.' })
  preview(@Parent() dataset: DatasetModel, @CurrentAbility() ability: AppAbility): Promise<MaskedPreviewModel | null> {
    return this.inspection.preview(ability, dataset as never);
  }
}

function classificationModel(c: Classification | null): ClassificationModel | null {
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

function jobModel(job: ClassificationJob | null): ClassificationJobModel | null {
  if (!job) return null;
  const progress = job.state === 'COMPLETED' ? 1 : job.totalBytes > 0 ? Math.min(1, job.bytesScanned / job.totalBytes) : 0;
  return { state: job.state, progress, attempts: job.attempts, error: job.error };
}
