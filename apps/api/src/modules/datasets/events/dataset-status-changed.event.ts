import type { CanonicalValue, LedgerActor } from '@eastlake/ledger';
import { DomainEvent, type DomainEventEntry } from '../../../common/events/domain-event.js';
import type { Dataset } from '../dataset.entity.js';
import type { DatasetVersion } from '../dataset-version.entity.js';
import type { DatasetEvent, DatasetStatus } from '../dataset-status.js';

/** The ledger actions a dataset status change is recorded under. */
export type DatasetStatusAction =
  | 'dataset.version_uploaded'
  | 'dataset.classified'
  | 'dataset.classification_failed'
  | 'dataset.reviewed'
  | 'dataset.published'
  | 'dataset.suspended'
  | 'dataset.reevaluated'
  | 'dataset.remediated'
  | 'consent.attached';

export interface DatasetTransition {
  dataset: Dataset;
  event: DatasetEvent;
  from: DatasetStatus;
  to: DatasetStatus;
  action: DatasetStatusAction;
  actor: LedgerActor;
  data: { [key: string]: CanonicalValue };
}

/** A dataset moved along its transition table (DatasetLifecycleService is the only emitter). */
export class DatasetStatusChanged extends DomainEvent<DatasetStatusAction> {
  readonly action: DatasetStatusAction;

  constructor(readonly transition: DatasetTransition) {
    super();
    this.action = transition.action;
  }

  entry(): DomainEventEntry<DatasetStatusAction> {
    const { dataset, from, to, actor, data } = this.transition;
    return { action: this.action, actor, subject: { type: 'Dataset', id: dataset.id }, data: { from, to, ...data } };
  }
}

/**
 * A dataset was created (`dataset.created`, a DRAFT). The access module resolves a named parent
 * grant to the listing it covers (DatasetLifecycleService.recordAcquiredFromWithManager), in
 * the same transaction.
 */
export class DatasetCreated extends DomainEvent<'dataset.created'> {
  readonly action = 'dataset.created';

  constructor(
    readonly dataset: Dataset,
    readonly actor: LedgerActor,
  ) {
    super();
  }

  entry(): DomainEventEntry<'dataset.created'> {
    const d = this.dataset;
    return { action: this.action, actor: this.actor, subject: { type: 'Dataset', id: d.id }, data: { title: d.title, region: d.region, provenance: d.provenance, rights: { ...d.rights } } };
  }
}

/** A new version was uploaded (`dataset.version_uploaded`): classification creates its job and queues it after commit. */
export class DatasetVersionUploaded extends DatasetStatusChanged {
  constructor(
    transition: DatasetTransition,
    readonly version: DatasetVersion,
  ) {
    super(transition);
  }
}

/**
 * A listing is being published (`dataset.published`). The rules other modules own (the parent
 * grant's onward transfer, regulators' freezes, the data grade) subscribe and throw to refuse:
 * the status change and its entry roll back.
 */
export class DatasetPublished extends DatasetStatusChanged {}
