import { Injectable } from '@nestjs/common';
import type { CanonicalValue, LedgerActor } from '@eastlake/ledger';
import type { EntityManager } from 'typeorm';
import { NotFoundException } from '../../common/errors/domain.exception.js';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { GrantStatusChanged } from './events/grant-status-changed.event.js';
import { Grant } from './grant.entity.js';
import { nextGrantStatus, type GrantEvent } from './grant-status.js';
import { AccessException, AccessExceptionCode } from './exceptions/access.exception.js';

/**
 * The one place a grant changes status: the transition table decides, the row is written
 * and GrantStatusChanged (its ledger entry, then subscribers) is emitted in the caller's
 * transaction. The caller holds the row lock.
 */
@Injectable()
export class GrantLifecycleService {
  constructor(private readonly events: DomainEvents) {}

  /** The grant, or null, read with the caller's manager (other modules never query the table). */
  findWithManager(manager: EntityManager, id: string): Promise<Grant | null> {
    return manager.findOneBy(Grant, { id });
  }

  /** The grant, locked FOR UPDATE (waiting for a delivery streaming through it); NOT_FOUND when there is none. */
  async lockWithManager(manager: EntityManager, id: string): Promise<Grant> {
    const grant = await manager.findOne(Grant, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!grant) throw new NotFoundException('grant', id);
    return grant;
  }

  /** True when `event` is allowed for the grant now. */
  can(grant: Grant, event: GrantEvent): boolean {
    return nextGrantStatus(grant.status, event) !== null;
  }

  async applyWithManager(
    manager: EntityManager,
    grant: Grant,
    event: GrantEvent,
    change: { reason: string; actor: LedgerActor; data: (from: Grant['status']) => { [key: string]: CanonicalValue } },
  ): Promise<Grant> {
    const from = grant.status;
    const to = nextGrantStatus(from, event);
    if (!to) throw new AccessException(AccessExceptionCode.GRANT_NOT_ACTIVE, `the grant is already ${from.toLowerCase()}`, { status: from });
    await manager.update(Grant, { id: grant.id }, { status: to, statusReason: change.reason });
    Object.assign(grant, { status: to, statusReason: change.reason });
    await this.events.emit(manager, new GrantStatusChanged(grant, event, from, change.actor, change.data(from)));
    return grant;
  }
}
