import { Inject, Injectable } from '@nestjs/common';
import { previewFile, type MaskedPreview } from '@eastlake/classifier';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { DataSource } from 'typeorm';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ClassificationService } from './classification.service.js';

/** What reviewers see of a listing's data: its overlaps with other listings and a masked preview. */
@Injectable()
export class DatasetInspectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly classification: ClassificationService,
    private readonly lifecycle: DatasetLifecycleService,
    private readonly organizations: OrganizationsService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  /** Overlaps with other organizations' listings: reviewers only, never the uploader. */
  async resaleSuspicions(ability: AppAbility, dataset: Dataset): Promise<Array<{ datasetId: string; datasetTitle: string; ownerName: string; overlap: number }>> {
    ForbiddenError.from(ability).setMessage('only reviewers and regulators see which listing a dataset overlaps').throwUnlessCan('review', subject('Dataset', dataset));
    if (!dataset.currentVersionId) return [];
    // Each owner answers for its table: the suspicions (here), the listings, their owners' names.
    const manager = this.dataSource.manager;
    const suspicions = await this.classification.resaleSuspicionsOf(dataset.currentVersionId);
    const others = new Map((await this.lifecycle.findManyWithManager(manager, suspicions.map((s) => s.otherDatasetId))).map((d) => [d.id, d]));
    const owners = await this.organizations.namesWithManager(manager, [...others.values()].map((d) => d.ownerOrgId));
    return suspicions.flatMap((s) => {
      const other = others.get(s.otherDatasetId);
      const owner = other && owners.get(other.ownerOrgId);
      return other && owner !== undefined ? [{ datasetId: other.id, datasetTitle: other.title, ownerName: owner, overlap: s.overlapPermille / 1000 }] : [];
    });
  }

  /** The first rows of the current version, masked: owner and reviewers only. */
  async preview(ability: AppAbility, dataset: Dataset): Promise<MaskedPreview | null> {
    ForbiddenError.from(ability).setMessage('only the owner and reviewers see rows, and only masked').throwUnlessCan('readPreview', subject('Dataset', dataset));
    if (!dataset.currentVersionId) return null;
    const version = await this.lifecycle.versionWithManager(this.dataSource.manager, dataset.currentVersionId);
    const classification = await this.classification.classificationOf(version.id);
    if (!classification) return null;
    return previewFile(await this.storage.localPath(version.storageKey), classification.report, 20);
  }
}
