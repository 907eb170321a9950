import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { DatasetVersionUploaded } from '../datasets/events/dataset-status-changed.event.js';
import { ClassificationService } from './classification.service.js';
import { CLASSIFICATION_QUEUE, type ClassificationQueue } from './jobs/classification-queue.js';

/** A version uploaded: its job row in the upload's transaction, handed to the queue once that committed. */
@Injectable()
export class ClassifyOnUpload implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly classification: ClassificationService,
    @Inject(CLASSIFICATION_QUEUE) private readonly queue: ClassificationQueue,
  ) {}

  onModuleInit(): void {
    this.events.on(DatasetVersionUploaded, async (manager, event) => {
      await this.classification.createJobWithManager(manager, event.version);
      this.events.afterCommit(manager, () => this.queue.enqueue(event.version.id));
    });
  }
}
