import type { OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { ClassificationQueue } from './classification-queue.js';
import { QUEUE_NAME } from './classification-queue.js';

export interface VersionJobData {
  versionId: string;
}

/** Server mode: jobs go to Redis, where any number of `eastlake-worker` processes take them. */
export class BullmqClassificationQueue implements ClassificationQueue, OnModuleDestroy {
  private readonly connection: Redis;
  private readonly queue: Queue<VersionJobData>;

  constructor(
    redisUrl: string,
    prefix: string,
    private readonly attempts: number,
  ) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<VersionJobData>(QUEUE_NAME, { connection: this.connection, prefix });
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
    await this.queue.close();
    this.connection.disconnect();
  }
}
