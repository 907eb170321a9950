import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, getDataset, putFile, waitForClassification } from './factories/datasets.factory.js';
import { REDIS_URL, redisReachable } from './utils/redis.util.js';

const DATABASE_URL = process.env.DATABASE_URL;

const ready = DATABASE_URL !== undefined && (await redisReachable());
if (!ready) console.warn(`failed jobs through workers: skipped — needs DATABASE_URL and Redis at ${REDIS_URL}`);

(ready ? describe : describe.skip)('a job that fails its last attempt in an eastlake-worker (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let worker: ChildProcess | undefined;
  const prefix = `e2e${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL, REDIS_PREFIX: prefix, CLASSIFICATION_ATTEMPTS: '2' });
    provider = await login(t, 'provider@demo.eastlake');
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await t?.close();
  });

  it('leaves the dataset DRAFT with the job FAILED and its reason, and stops with a line on SIGTERM', async () => {
    // Queued while no worker runs; the file is lost before one takes the job.
    const id = await createDataset(t, provider.token, { title: 'lost before the worker came' });
    const upload = await putFile(t, provider.token, id, 'id,city\n1,武汉\n');
    expect(upload.status).toBe(201);
    const [row] = await t.dataSource.query(`SELECT storage_key FROM dataset_versions WHERE id = $1`, [upload.body.versionId]);
    rmSync(join(t.config.storageDir, row.storage_key as string));
    expect((await getDataset(t, provider.token, id)).status).toBe('CLASSIFYING');

    const out: string[] = [];
    worker = spawn(process.execPath, [join(process.cwd(), 'dist', 'worker.js')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL,
        DATABASE_SCHEMA: t.config.databaseSchema,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        EASTLAKE_STORAGE_DIR: t.config.storageDir,
        CLASSIFICATION_ATTEMPTS: '2',
        LEDGER_SIGNING_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    worker.stdout!.on('data', (c: Buffer) => out.push(c.toString()));
    const exited = new Promise<number | null>((resolve) => worker!.once('exit', resolve));

    const failed = await waitForClassification(t, provider.token, id, 60_000);
    expect(failed.status).toBe('DRAFT');
    expect(failed.classificationJob).toMatchObject({ state: 'FAILED', attempts: 2 });
    expect(failed.classificationJob?.error).toContain('the stored file of version 1 is missing');

    expect((await putFile(t, provider.token, id, 'id,city\n1,武汉\n')).status).toBe(201);
    const recovered = await waitForClassification(t, provider.token, id, 60_000);
    expect(recovered.status).toBe('TRADEABLE');

    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = out.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; service: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['SIGTERM received: finishing the current job, then stopping', 'stopped']));
    expect(lines.every((l) => l.service === 'eastlake-worker')).toBe(true);
  }, 120_000);
});
