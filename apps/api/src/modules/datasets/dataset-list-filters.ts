import { Injectable } from '@nestjs/common';
import type { Verdict } from '@eastlake/classifier';
import type { SelectQueryBuilder } from 'typeorm';
import type { Dataset } from './dataset.entity.js';

/** The `datasets(filter)` conditions on what other modules own, by filter field. */
export interface DatasetListFilterValues {
  /** The current version's consent-free verdict (classification). */
  verdict: Verdict;
  /** Tradeable for a purpose: the access policy's consent rule (access, on classification and consent). */
  purpose: string;
}

export type DatasetListCondition<K extends keyof DatasetListFilterValues> = (qb: SelectQueryBuilder<Dataset>, value: DatasetListFilterValues[K]) => void;

/**
 * The list's conditions on other modules' tables, registered by the module that owns them
 * (`onModuleInit`), as domain-event subscribers are: datasets, below them all, imports none of
 * them, and the page stays one SQL statement (each condition adds its WHERE to the builder).
 */
@Injectable()
export class DatasetListFilters {
  private readonly conditions: { [K in keyof DatasetListFilterValues]?: DatasetListCondition<K> } = {};

  register<K extends keyof DatasetListFilterValues>(name: K, condition: DatasetListCondition<K>): void {
    if (this.conditions[name]) throw new Error(`the datasets list filter "${name}" is registered twice`);
    (this.conditions as Record<K, DatasetListCondition<K>>)[name] = condition;
  }

  apply<K extends keyof DatasetListFilterValues>(name: K, qb: SelectQueryBuilder<Dataset>, value: DatasetListFilterValues[K]): void {
    const condition = this.conditions[name] as DatasetListCondition<K> | undefined;
    if (!condition) throw new Error(`no module registered the datasets list filter "${name}"`);
    condition(qb, value);
  }
}
