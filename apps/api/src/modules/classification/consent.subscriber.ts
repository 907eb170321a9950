import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { ConsentAttached, ConsentWithdrawn } from '../consent/events/consent.events.js';
import { ClassificationService } from './classification.service.js';
import { CLASSIFICATION_QUEUE, type ClassificationQueue } from './jobs/classification-queue.js';

/**
 * Consent attached or withdrawn: the version's job is re-queued with the manifest in the
 * same transaction, and handed to the queue once that transaction committed.
 */
@Injectable()
export class ReclassifyOnConsentChange implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly classification: ClassificationService,
    @Inject(CLASSIFICATION_QUEUE) private readonly queue: ClassificationQueue,
  ) {}

  onModuleInit(): void {
    this.events.on(ConsentAttached, (manager, event) => this.requeue(manager, event.manifest));
    this.events.on(ConsentWithdrawn, (manager, event) => (event.withdrawal.manifest ? this.requeue(manager, event.withdrawal.manifest) : Promise.resolve()));
  }

  private async requeue(manager: EntityManager, manifest: { id: string; versionId: string; purposes: number }): Promise<void> {
    await this.classification.requeueWithManager(manager, manifest);
    this.events.afterCommit(manager, () => this.queue.enqueue(manifest.versionId, manifest.id));
  }
}
