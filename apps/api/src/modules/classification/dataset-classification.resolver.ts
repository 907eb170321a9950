import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { CurrentAbility } from '../../common/auth/current-user.decorator.js';
import { DirectField } from '../../common/graphql/direct-field.decorator.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import { ClassificationService } from './classification.service.js';
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
  async classification(@Parent() dataset: DatasetModel, @Context() ctx: GqlContext): Promise<ClassificationModel | null> {
    if (!dataset.currentVersionId) return null;
    const c = await this.classifications.classificationLoader(ctx.req).load(dataset.currentVersionId);
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
    const job = await this.classifications.jobLoader(ctx.req).load(dataset.currentVersionId);
    if (!job) return null;
    const progress = job.state === 'COMPLETED' ? 1 : job.totalBytes > 0 ? Math.min(1, job.bytesScanned / job.totalBytes) : 0;
    return { state: job.state, progress, attempts: job.attempts, error: job.error };
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
