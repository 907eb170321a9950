import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import { DatasetCreated } from '../datasets/events/dataset-status-changed.event.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';

/**
 * A dataset created under a parent grant: records the listing that grant covers on the dataset
 * (in the creation's transaction), so resale detection does not count the people it was
 * acquired with against it — only when the grant was made to the dataset's own organization.
 * Whether the grant allows an onward transfer is checked at publication (PublishChecks).
 */
@Injectable()
export class RecordAcquiredFrom implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly grants: GrantLifecycleService,
    private readonly datasets: DatasetLifecycleService,
  ) {}

  onModuleInit(): void {
    this.events.on(DatasetCreated, async (manager, { dataset }) => {
      if (!dataset.parentGrantId) return;
      const grant = await this.grants.findWithManager(manager, dataset.parentGrantId);
      if (!grant || grant.buyerOrgId !== dataset.ownerOrgId) return;
      await this.datasets.recordAcquiredFromWithManager(manager, dataset.id, grant.datasetId);
      dataset.acquiredFromDatasetId = grant.datasetId;
    });
  }
}
