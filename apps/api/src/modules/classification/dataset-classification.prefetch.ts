import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DatasetPagePrefetch } from '../datasets/dataset-page-prefetch.js';
import { ClassificationService } from './classification.service.js';
import { reportProjectionOf } from './report-projection.js';

/** A `datasets` page's verdicts and jobs, loaded by the list before it returns; both read only the current version's id (DatasetPagePrefetch). */
@Injectable()
export class PrefetchDatasetClassifications implements OnModuleInit {
  constructor(
    private readonly prefetch: DatasetPagePrefetch,
    private readonly classifications: ClassificationService,
  ) {}

  onModuleInit(): void {
    const versions = (page: ReadonlyArray<{ currentVersionId: string | null }>) => page.flatMap((d) => (d.currentVersionId ? [d.currentVersionId] : []));
    this.prefetch.register(
      'classification',
      // The report parts the selection reads, as the field's resolver works them out from its own selection.
      (request, page, selected) => this.classifications.classificationLoader(request, reportProjectionOf(selected('classification'), selected('classification', 'reasons'))).loadMany(versions(page)),
      ['currentVersionId'],
    );
    this.prefetch.register('classificationJob', (request, page) => this.classifications.jobLoader(request).loadMany(versions(page)), ['currentVersionId']);
  }
}
