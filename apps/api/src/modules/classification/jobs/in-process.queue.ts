import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ClassificationService } from '../classification.service.js';
import type { ClassificationQueue } from './classification-queue.js';

/**
 * Embedded mode: jobs run one at a time in this process. Jobs left queued or running by
 * a previous process (a crash, a restart) are picked up again at start.
 */
export class InProcessClassificationQueue implements ClassificationQueue, OnApplicationBootstrap, OnModuleDestroy {
  private tail: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly service: ClassificationService,
    private readonly attempts: number,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const versionId of await this.service.unfinishedVersionIds()) await this.enqueue(versionId);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.tail;
  }

  async enqueue(versionId: string, _manifestId?: string): Promise<void> {
    this.tail = this.tail.then(() => this.runWithRetries(versionId));
  }

  private async runWithRetries(versionId: string): Promise<void> {
    for (let attempt = 1; attempt <= this.attempts && !this.stopping; attempt++) {
      try {
        await this.service.run(versionId);
        return;
      } catch (err) {
        this.logger.error({ err, versionId, attempt }, 'classification failed');
        if (attempt === this.attempts) {
          await this.service
            .markFailed(versionId, err instanceof Error ? err.message : String(err))
            .catch((error: unknown) => this.logger.error({ err: error, versionId }, 'could not record the failed classification'));
        }
      }
    }
  }
}
