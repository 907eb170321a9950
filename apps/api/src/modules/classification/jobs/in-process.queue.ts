import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ClassificationService } from '../classification.service.js';
import { warmClassifierThread } from '../classify-in-thread.js';
import type { ClassificationQueue } from './classification-queue.js';

/**
 * Embedded mode: jobs run in this process, `lanes` at a time (each classification runs in
 * a worker thread), in the order they were queued. Jobs left queued or running by a
 * previous process (a crash, a restart) are picked up again at start.
 */
export class InProcessClassificationQueue implements ClassificationQueue, OnApplicationBootstrap, OnModuleDestroy {
  private readonly waiting: string[] = [];
  private readonly running = new Map<Promise<void>, string>();
  private stopping = false;

  constructor(
    private readonly service: ClassificationService,
    private readonly attempts: number,
    private readonly logger: Logger,
    private readonly lanes: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The first upload (or the demo seed) finds the classifier loaded.
    warmClassifierThread();
    for (const versionId of await this.service.unfinishedVersionIds()) await this.enqueue(versionId);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    // Jobs not started stay QUEUED in the database: the next start picks them up.
    this.waiting.length = 0;
    while (this.running.size > 0) await Promise.all(this.running.keys());
  }

  async enqueue(versionId: string, _manifestId?: string): Promise<void> {
    this.waiting.push(versionId);
    this.pump();
  }

  /** Starts waiting jobs while a lane is free; a version already running waits for its run to end. */
  private pump(): void {
    while (!this.stopping && this.running.size < this.lanes) {
      const busy = new Set(this.running.values());
      const next = this.waiting.findIndex((id) => !busy.has(id));
      if (next < 0) return;
      const [versionId] = this.waiting.splice(next, 1);
      const job: Promise<void> = this.runWithRetries(versionId).finally(() => {
        this.running.delete(job);
        this.pump();
      });
      this.running.set(job, versionId);
    }
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
