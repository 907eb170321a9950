import type { CanonicalValue, LedgerActor } from '@eastlake/ledger';
import { DomainEvent, type DomainEventEntry } from '../../../common/events/domain-event.js';
import type { Grant, GrantStatus } from '../grant.entity.js';
import type { GrantEvent } from '../grant-status.js';

export type GrantStatusAction = 'grant.suspended' | 'grant.revoked' | 'grant.expired';

export const ACTION_FOR_GRANT_EVENT = {
  CONSENT_WITHDRAWN: 'grant.suspended',
  REVOKE: 'grant.revoked',
  EXPIRE: 'grant.expired',
} as const satisfies Record<GrantEvent, GrantStatusAction>;

/** A grant moved along its transition table (GrantLifecycleService is the only emitter). */
export class GrantStatusChanged extends DomainEvent<GrantStatusAction> {
  readonly action: GrantStatusAction;

  constructor(
    readonly grant: Grant,
    readonly event: GrantEvent,
    readonly from: GrantStatus,
    readonly actor: LedgerActor,
    readonly data: { [key: string]: CanonicalValue },
  ) {
    super();
    this.action = ACTION_FOR_GRANT_EVENT[event];
  }

  entry(): DomainEventEntry<GrantStatusAction> {
    return { action: this.action, actor: this.actor, subject: { type: 'Grant', id: this.grant.id }, data: this.data };
  }
}
