import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClassificationService } from '../classification.service.js';
import type { ClassificationQueue } from './classification-queue.js';
import { QUEUE_NAME } from './classification-queue.js';

export interface VersionJobData {
  versionId: string;
}

/** How often an API re-adds the jobs the database holds as queued (a no-op for those Redis has). */
const SWEEP_MS = 30_000;

/**
 * Server mode: jobs go to Redis, where any number of `eastlake-worker` processes take them.
 * The database is the record of what must be classified: a job is committed as QUEUED with
 * its upload, then added to Redis. An API that dies between the two leaves a job Redis never
 * saw, so every API re-adds the queued jobs at start and every SWEEP_MS — under the same
 * job id, which Redis ignores when it already holds the job.
 */
export class BullmqClassificationQueue implements ClassificationQueue, OnApplicationBootstrap, OnModuleDestroy {
  private readonly connection: Redis;
  private readonly queue: Queue<VersionJobData>;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    redisUrl: string,
    prefix: string,
    private readonly attempts: number,
    private readonly service: ClassificationService,
    private readonly logger: Logger,
  ) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<VersionJobData>(QUEUE_NAME, { connection: this.connection, prefix });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = null));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /** Re-adds every job the database holds as queued; returns when Redis has them all. */
  async sweep(): Promise<void> {
    try {
      for (const job of await this.service.queuedJobs()) await this.enqueue(job.versionId, job.manifestId ?? undefined);
    } catch (err) {
      this.logger.warn({ err }, 'could not re-add the queued classification jobs; the next sweep retries');
    }
  }

  async enqueue(versionId: string, manifestId?: string): Promise<void> {
    // One queue job per version and manifest: enqueueing the same pair twice is a no-op.
    await this.queue.add(
      'classify',
      { versionId },
      {
        jobId: manifestId ? `${versionId}_${manifestId}` : versionId,
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
    await this.queue.close();
    this.connection.disconnect();
  }
}
