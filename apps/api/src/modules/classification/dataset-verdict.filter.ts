import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DatasetListFilters } from '../datasets/dataset-list-filters.js';
import { CLASSIFICATIONS_VIEW } from './classification.views.js';

/** `datasets(filter: { verdict })`: the current version's verdict (one classification per version). */
@Injectable()
export class DatasetVerdictFilter implements OnModuleInit {
  constructor(private readonly filters: DatasetListFilters) {}

  onModuleInit(): void {
    this.filters.register('verdict', (qb, verdict) => {
      qb.andWhere(`EXISTS (SELECT 1 FROM ${CLASSIFICATIONS_VIEW} c WHERE c.version_id = dataset.current_version_id AND c.verdict = :verdict)`, { verdict });
    });
  }
}
