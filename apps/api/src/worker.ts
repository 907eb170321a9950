import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DataDirLockedError } from './database/data-dir-lock.js';
import { ClassificationModule } from './modules/classification/classification.module.js';
import { ClassificationService } from './modules/classification/classification.service.js';
import { QUEUE_NAME } from './modules/classification/jobs/classification-queue.js';
import type { VersionJobData } from './modules/classification/jobs/bullmq.queue.js';
import { StorageModule } from './common/storage/storage.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';

function fail(message: string): never {
  process.stderr.write(`eastlake-worker: ${message}\n`);
  process.exit(1);
}

/**
 * `eastlake-worker`: takes classification jobs from Redis (BullMQ) and runs them.
 * Start as many as you like, on any machine that reaches the database, Redis and the
 * file storage. A worker killed mid-job loses its lock; another takes the job over.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (!config.redisUrl) fail('REDIS_URL must be set: the worker takes its jobs from Redis');
  const logger = createLogger(config.logLevel, { service: 'eastlake-worker' });

  @Module({
    imports: [ConfigModule.forRoot(config, logger), DatabaseModule, StorageModule, LedgerModule, ClassificationModule],
  })
  class WorkerModule {}

  let app;
  try {
    app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(logger) });
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(error.message);
    fail(`could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const service = app.get(ClassificationService);
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker<VersionJobData>(
    QUEUE_NAME,
    async (job: Job<VersionJobData>) => {
      logger.info({ versionId: job.data.versionId, attempt: job.attemptsMade + 1 }, 'classifying');
      await service.run(job.data.versionId, (fraction) => void job.updateProgress(Math.round(fraction * 100)));
    },
    {
      connection,
      prefix: config.redisPrefix,
      concurrency: 1,
      lockDuration: config.classificationLockMs,
      stalledInterval: Math.max(1000, Math.floor(config.classificationLockMs / 2)),
      maxStalledCount: config.classificationAttempts,
    },
  );
  worker.on('failed', (job, err) => {
    logger.error({ err, versionId: job?.data.versionId, attempts: job?.attemptsMade }, 'classification failed');
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      service
        .markFailed(job.data.versionId, err.message)
        .catch((error: unknown) => logger.error({ err: error, versionId: job.data.versionId }, 'could not record the failed classification'));
    }
  });
  worker.on('completed', (job) => logger.info({ versionId: job.data.versionId }, 'classified'));

  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, `${signal} received: finishing the current job, then stopping`);
    await worker.close();
    connection.disconnect();
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
  process.stdout.write(`eastlake-worker ${process.pid} is taking classification jobs from ${config.redisUrl}\n`);
}

void main();
