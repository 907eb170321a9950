import { Injectable } from '@nestjs/common';
import type { CanonicalValue, LedgerActor } from '@eastlake/ledger';
import type { EntityManager } from 'typeorm';
import { NotFoundException } from '../../common/errors/domain.exception.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { Dataset } from './dataset.entity.js';
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
 * table and appends the ledger entry in the caller's transaction.
 */
@Injectable()
export class DatasetLifecycleService {
  constructor(private readonly ledger: LedgerService) {}

  async lockWithManager(manager: EntityManager, id: string): Promise<Dataset> {
    const dataset = await manager.findOne(Dataset, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!dataset) throw new NotFoundException('dataset', id);
    return dataset;
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
    ledger: { action: string; actor: LedgerActor; data?: { [key: string]: CanonicalValue } },
    changes: Partial<Pick<Dataset, 'currentVersionId' | 'reviewNote'>> = {},
  ): Promise<Dataset> {
    this.assertCan(dataset, event);
    const from = dataset.status;
    const to = nextStatus(from, event)!;
    Object.assign(dataset, changes, { status: to });
    const saved = await manager.save(Dataset, dataset);
    await this.ledger.append(manager, {
      action: ledger.action,
      actor: ledger.actor,
      subject: { type: 'Dataset', id: dataset.id },
      data: { from, to, ...(ledger.data ?? {}) },
    });
    return saved;
  }
}
