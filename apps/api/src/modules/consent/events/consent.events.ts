import type { LedgerActor } from '@eastlake/ledger';
import { DomainEvent, type DomainEventEntry } from '../../../common/events/domain-event.js';
import { DatasetStatusChanged, type DatasetTransition } from '../../datasets/events/dataset-status-changed.event.js';

/**
 * A consent manifest was attached to the dataset's current version (its status change,
 * recorded as `consent.attached`). Classification re-runs the version with the manifest.
 */
export class ConsentAttached extends DatasetStatusChanged {
  constructor(
    transition: DatasetTransition,
    readonly manifest: { id: string; versionId: string; purposes: number },
  ) {
    super(transition);
  }
}

export interface ConsentWithdrawal {
  actor: LedgerActor;
  datasetId: string;
  /** How many subjects asked, how many consent records that revoked. */
  subjects: number;
  recordsRevoked: number;
  /** The purposes withdrawn from the current version's latest manifest (sorted); empty: nothing to cascade. */
  purposes: string[];
  /** The manifest rewritten from the records for the re-evaluation, when there is a cascade. */
  manifest: { id: string; versionId: string; purposes: number } | null;
}

/**
 * Data subjects withdrew consent (`consent.revoked`). Access suspends the grants whose
 * purpose relied on it; classification re-evaluates the version with the rewritten manifest.
 */
export class ConsentWithdrawn extends DomainEvent<'consent.revoked'> {
  readonly action = 'consent.revoked' as const;

  constructor(readonly withdrawal: ConsentWithdrawal) {
    super();
  }

  entry(): DomainEventEntry<'consent.revoked'> {
    const w = this.withdrawal;
    return {
      action: this.action,
      actor: w.actor,
      subject: { type: 'Dataset', id: w.datasetId },
      data: { subjects: w.subjects, recordsRevoked: w.recordsRevoked, purposes: w.purposes },
    };
  }
}
