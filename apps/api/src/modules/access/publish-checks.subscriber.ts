import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetPublished } from '../datasets/events/dataset-status-changed.event.js';
import { DatasetException, DatasetExceptionCode } from '../datasets/exceptions/dataset.exception.js';
import { assertPublishable } from '../enforcement/enforcement.service.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';

/**
 * The publish rules datasets cannot check itself, in the publish transaction (a refusal
 * throws and rolls the status change and its entry back), in this order: the parent grant of
 * ACQUIRED and DERIVED data ("Data 20 Articles": held by this organization, ACTIVE, allowing
 * onward transfer), then regulators' freezes and the data grade (IMPORTANT data needs an
 * authorisation, CORE never). One subscriber, so the order does not depend on module start-up.
 */
@Injectable()
export class PublishChecks implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly grants: GrantLifecycleService,
  ) {}

  onModuleInit(): void {
    this.events.on(DatasetPublished, async (manager, event) => {
      const dataset = event.transition.dataset;
      await this.assertParentGrantWithManager(manager, dataset);
      await assertPublishable(manager, dataset);
    });
  }

  private async assertParentGrantWithManager(manager: EntityManager, dataset: Dataset): Promise<void> {
    const refuse = (reason: DatasetExceptionCode, message: string): never => {
      throw new DatasetException(reason, message);
    };
    if (dataset.provenance !== 'ACQUIRED' && dataset.provenance !== 'DERIVED') return;
    const kind = dataset.provenance.toLowerCase();
    if (!dataset.parentGrantId) {
      refuse(DatasetExceptionCode.NO_ONWARD_TRANSFER, `${kind} data must name the grant it came from (parentGrantId) before it can be published`);
    }
    const grant = await this.grants.findWithManager(manager, dataset.parentGrantId!);
    if (!grant || grant.buyerOrgId !== dataset.ownerOrgId) {
      refuse(DatasetExceptionCode.NO_ONWARD_TRANSFER, `the grant ${dataset.parentGrantId} was not made to your organization`);
    }
    if (!grant!.onwardTransfer) {
      refuse(DatasetExceptionCode.NO_ONWARD_TRANSFER, 'the grant this data came from does not allow onward transfer: it cannot be resold');
    }
    if (grant!.status !== 'ACTIVE' || grant!.expiresAt.getTime() <= Date.now()) {
      refuse(DatasetExceptionCode.NO_ONWARD_TRANSFER, `the grant this data came from is ${grant!.status === 'ACTIVE' ? 'EXPIRED' : grant!.status}`);
    }
  }
}
