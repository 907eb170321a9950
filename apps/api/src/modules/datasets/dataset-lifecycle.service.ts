import { Injectable } from '@nestjs/common';
import type { CanonicalValue, LedgerActor } from '@eastlake/ledger';
import { In, type EntityManager } from 'typeorm';
import { NotFoundException } from '../../common/errors/domain.exception.js';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { Dataset } from './dataset.entity.js';
import { DatasetVersion } from './dataset-version.entity.js';
import { DatasetStatusChanged, type DatasetStatusAction, type DatasetTransition } from './events/dataset-status-changed.event.js';
import { nextStatus, type DatasetEvent } from './dataset-status.js';
import { DatasetException, DatasetExceptionCode } from './exceptions/dataset.exception.js';

const DESCRIBE: Record<DatasetEvent, string> = {
  UPLOAD: 'upload a new version',
  CLASSIFIED_TRADEABLE: 'record a verdict',
  CLASSIFIED_AMBIGUOUS: 'record a verdict',
  CLASSIFIED_UNTRADEABLE: 'record a verdict',
  CLASSIFICATION_FAILED: 'record a failed classification',
  APPROVE: 'approve it',
  APPROVE_QUERY: 'approve it for aggregate queries',
  REJECT: 'reject it',
  PUBLISH: 'publish it',
  SUSPEND: 'suspend it',
  CONSENT_ATTACHED: 'attach consent (upload the file first)',
};

/**
 * The one place a dataset changes status: it locks the row, applies the transition
 * table and emits DatasetStatusChanged (its ledger entry, then the subscribers) in the
 * caller's transaction.
 */
@Injectable()
export class DatasetLifecycleService {
  constructor(private readonly events: DomainEvents) {}

  /** The dataset, locked (FOR UPDATE by default; FOR SHARE to keep its status while reading); NOT_FOUND when there is none. */
  async lockWithManager(manager: EntityManager, id: string, mode: 'pessimistic_write' | 'pessimistic_read' = 'pessimistic_write'): Promise<Dataset> {
    const dataset = await manager.findOne(Dataset, { where: { id }, lock: { mode } });
    if (!dataset) throw new NotFoundException('dataset', id);
    return dataset;
  }

  /** The dataset, or null (read with `manager`, which may be the DataSource's). */
  findWithManager(manager: EntityManager, id: string): Promise<Dataset | null> {
    return manager.findOneBy(Dataset, { id });
  }

  /** Datasets by id (those that exist), read with `manager`. */
  findManyWithManager(manager: EntityManager, ids: readonly string[]): Promise<Dataset[]> {
    return ids.length ? manager.findBy(Dataset, { id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /** The dataset (read with `manager`); NOT_FOUND when there is none. */
  async getWithManager(manager: EntityManager, id: string): Promise<Dataset> {
    const dataset = await manager.findOneBy(Dataset, { id });
    if (!dataset) throw new NotFoundException('dataset', id);
    return dataset;
  }

  /** A version of a dataset, read in the caller's transaction (other modules never query the table). */
  versionWithManager(manager: EntityManager, id: string): Promise<DatasetVersion> {
    return manager.findOneByOrFail(DatasetVersion, { id });
  }

  /** A version, or null when there is none (read with `manager`). */
  findVersionWithManager(manager: EntityManager, id: string): Promise<DatasetVersion | null> {
    return manager.findOneBy(DatasetVersion, { id });
  }

  /** Records what the classifier measured on a version: its row count and column fingerprint. */
  async recordVersionStatsWithManager(manager: EntityManager, id: string, stats: Pick<DatasetVersion, 'rows' | 'fingerprint'>): Promise<void> {
    await manager.update(DatasetVersion, { id }, { rows: stats.rows, fingerprint: stats.fingerprint });
  }

  /** Records the listing a dataset was acquired from (its parent grant's, resolved by the access module at creation). */
  async recordAcquiredFromWithManager(manager: EntityManager, id: string, acquiredFromDatasetId: string): Promise<void> {
    await manager.update(Dataset, { id }, { acquiredFromDatasetId });
  }

  /** The current version ids of the datasets in `status` (e.g. CLASSIFYING ones, settled at start-up). */
  async currentVersionIdsInStatusWithManager(manager: EntityManager, status: Dataset['status']): Promise<string[]> {
    const rows = await manager
      .createQueryBuilder(Dataset, 'd')
      .select('d.currentVersionId', 'versionId')
      .where('d.status = :status', { status })
      .andWhere('d.currentVersionId IS NOT NULL')
      .getRawMany<{ versionId: string }>();
    return rows.map((r) => r.versionId);
  }

  /** A new version of the dataset, numbered after its last one (the caller holds the dataset's lock). */
  async createVersionWithManager(
    manager: EntityManager,
    input: Pick<DatasetVersion, 'datasetId' | 'storageKey' | 'bytes' | 'sha256' | 'uploadedBy'> & { fileName: (number: number) => string | null },
  ): Promise<DatasetVersion> {
    const { max } = (await manager
      .createQueryBuilder(DatasetVersion, 'v')
      .select('COALESCE(MAX(v.number), 0)', 'max')
      .where('v.datasetId = :id', { id: input.datasetId })
      .getRawOne<{ max: number }>()) ?? { max: 0 };
    const number = Number(max) + 1;
    const { fileName, ...rest } = input;
    return manager.save(manager.create(DatasetVersion, { ...rest, number, fileName: fileName(number), rows: null, fingerprint: null }));
  }

  /** Every version of a dataset, newest first. */
  versionsOfWithManager(manager: EntityManager, datasetId: string): Promise<DatasetVersion[]> {
    return manager.find(DatasetVersion, { where: { datasetId }, order: { number: 'DESC' } });
  }

  /** Versions by id (those that exist), read with `manager`. */
  versionsWithManager(manager: EntityManager, ids: readonly string[]): Promise<DatasetVersion[]> {
    return ids.length ? manager.findBy(DatasetVersion, { id: In([...ids]) }) : Promise.resolve([]);
  }

  /** Sets a listing's price columns (the orders module decides them; the row stays here). */
  async setPriceWithManager(manager: EntityManager, id: string, price: Pick<Dataset, 'priceModel' | 'priceFen'>): Promise<Dataset> {
    await manager.update(Dataset, { id }, price);
    return manager.findOneByOrFail(Dataset, { id });
  }

  /** Throws CONFLICT, with the current status in words, when `event` is illegal now. */
  assertCan(dataset: Dataset, event: DatasetEvent): void {
    if (!nextStatus(dataset.status, event)) {
      throw new DatasetException(
        DatasetExceptionCode.ILLEGAL_TRANSITION,
        `cannot ${DESCRIBE[event]}: dataset "${dataset.title}" is ${dataset.status}`,
        { status: dataset.status },
      );
    }
  }

  async applyWithManager(
    manager: EntityManager,
    dataset: Dataset,
    event: DatasetEvent,
    ledger: {
      action: DatasetStatusAction;
      actor: LedgerActor;
      data?: { [key: string]: CanonicalValue };
      /** A more specific event for the change (e.g. ConsentAttached); DatasetStatusChanged by default. */
      as?: (transition: DatasetTransition) => DatasetStatusChanged;
    },
    changes: Partial<Pick<Dataset, 'currentVersionId' | 'reviewNote'>> = {},
  ): Promise<Dataset> {
    this.assertCan(dataset, event);
    const from = dataset.status;
    const to = nextStatus(from, event)!;
    Object.assign(dataset, changes, { status: to });
    const saved = await manager.save(Dataset, dataset);
    const transition: DatasetTransition = { dataset: saved, event, from, to, action: ledger.action, actor: ledger.actor, data: ledger.data ?? {} };
    await this.events.emit(manager, ledger.as ? ledger.as(transition) : new DatasetStatusChanged(transition));
    return saved;
  }
}
