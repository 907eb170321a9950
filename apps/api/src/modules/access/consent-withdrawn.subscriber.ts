import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { ConsentWithdrawn } from '../consent/events/consent.events.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';
import { Grant } from './grant.entity.js';

/** Grants whose purpose relied on withdrawn consent stop at once, in the withdrawal's transaction. */
@Injectable()
export class SuspendGrantsOnConsentWithdrawn implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly grants: GrantLifecycleService,
  ) {}

  onModuleInit(): void {
    this.events.on(ConsentWithdrawn, (manager, event) => this.handle(manager, event));
  }

  async handle(manager: EntityManager, event: ConsentWithdrawn): Promise<void> {
    const { datasetId, purposes, manifest, actor } = event.withdrawal;
    if (!manifest || purposes.length === 0) return;
    const active = await manager.find(Grant, { where: { datasetId, status: 'ACTIVE' }, lock: { mode: 'pessimistic_write' } });
    for (const grant of active.filter((g) => g.purposes.some((p) => purposes.includes(p)))) {
      const reason = `a data subject withdrew consent for "${grant.purposes.join(', ')}"; this grant can no longer be served`;
      await this.grants.applyWithManager(manager, grant, 'CONSENT_WITHDRAWN', { reason, actor, data: (from) => ({ from, to: 'SUSPENDED', reason, purposes }) });
    }
  }
}
