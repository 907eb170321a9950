import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CLASSIFICATIONS_VIEW } from '../classification/classification.views.js';
import { coveredForPurposeSql } from '../consent/consent.views.js';
import { DatasetListFilters } from '../datasets/dataset-list-filters.js';
import { NEEDS_CONSENT_CATEGORIES, NEEDS_CONSENT_REASON_CODES, TRADEABLE_STATUSES } from './access-policy.js';

/** `datasets(filter: { purpose })`: the access policy's consent rule in SQL (access-policy.ts: needsConsent, covers). */
@Injectable()
export class DatasetPurposeFilter implements OnModuleInit {
  constructor(private readonly filters: DatasetListFilters) {}

  onModuleInit(): void {
    this.filters.register('purpose', (qb, purpose) => {
      qb.andWhere(
        `dataset.status IN (:...tradeableStatuses) AND EXISTS (
           SELECT 1 FROM ${CLASSIFICATIONS_VIEW} pc
            WHERE pc.version_id = dataset.current_version_id
              AND (
                NOT (EXISTS (SELECT 1 FROM jsonb_array_elements(pc.report->'columns') col WHERE col->>'category' IN (:...consentCategories))
                     OR EXISTS (SELECT 1 FROM jsonb_array_elements(pc.report->'reasons') rsn WHERE rsn->>'code' IN (:...consentCodes)))
                OR ${coveredForPurposeSql('pc.version_id', 'purpose')}))`,
        {
          tradeableStatuses: TRADEABLE_STATUSES,
          consentCategories: NEEDS_CONSENT_CATEGORIES,
          consentCodes: NEEDS_CONSENT_REASON_CODES,
          purpose,
        },
      );
    });
  }
}
