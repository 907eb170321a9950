import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, getDataset, putFile, waitForClassification } from './factories/datasets.factory.js';
import { REDIS_URL, redisReachable } from './utils/redis.util.js';

const DATABASE_URL = process.env.DATABASE_URL;

/** Large enough to be seen mid-job, small enough for a loaded CI machine (two full passes). */
const ROWS = 1_000_000;

/** A CSV of `rows` customers with valid mobile numbers: UNTRADEABLE, and slow enough to kill a worker mid-job. */
function customers(rows: number): Buffer {
  const lines = ['id,city,mobile,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${i},武汉,13${String(100000000 + ((i * 7919) % 899999999)).padStart(9, '0')},${i % 1000}`);
  return Buffer.from(lines.join('\n') + '\n');
}

// The queue needs real Redis and, since workers are other processes, a real PostgreSQL.
const ready = DATABASE_URL !== undefined && (await redisReachable());
if (!ready) {
  console.warn(`classification workers: skipped — needs DATABASE_URL and Redis at ${REDIS_URL} (.ci/run provides both)`);
}

(ready ? describe : describe.skip)('classification jobs through BullMQ workers (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  const workers: ChildProcess[] = [];
  const prefix = `e2e${randomBytes(4).toString('hex')}`;

  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'worker.js')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL,
        DATABASE_SCHEMA: t.config.databaseSchema,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        EASTLAKE_STORAGE_DIR: t.config.storageDir,
        CLASSIFICATION_LOCK_MS: '2000',
        LEDGER_SIGNING_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    workers.push(child);
    return child;
  };
  const started = (child: ChildProcess) =>
    new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('taking classification jobs') && resolve());
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });

  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL, REDIS_PREFIX: prefix, CLASSIFICATION_LOCK_MS: '2000' });
    provider = await login(t, 'provider@demo.eastlake');
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await t?.close();
  });

  it('classifies an upload in a worker process, with progress visible', async () => {
    const worker = startWorker();
    await started(worker);
    const id = await createDataset(t, provider.token, { title: 'through the queue' });
    expect((await putFile(t, provider.token, id, customers(2000))).status).toBe(201);
    const d = await waitForClassification(t, provider.token, id);
    expect(d.status).toBe('UNTRADEABLE');
    expect(d.classificationJob).toMatchObject({ state: 'COMPLETED', progress: 1 });
    worker.kill('SIGTERM');
  });

  it('finishes a job in another worker when the first is killed mid-job', async () => {
    const first = startWorker();
    await started(first);
    const id = await createDataset(t, provider.token, { title: 'killed mid-job' });
    expect((await putFile(t, provider.token, id, customers(ROWS))).status).toBe(201);

    // Wait until the first worker reports progress, then kill it without warning.
    const until = Date.now() + 60_000;
    for (;;) {
      const job = (await getDataset(t, provider.token, id)).classificationJob;
      if (job && job.state === 'RUNNING' && job.progress > 0) break;
      if (job?.state === 'COMPLETED') throw new Error('the job finished before the worker could be killed: make the file larger');
      if (Date.now() > until) throw new Error(`no progress: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.kill('SIGKILL');
    expect((await getDataset(t, provider.token, id)).status).toBe('CLASSIFYING');

    const second = startWorker();
    await started(second);
    const d = await waitForClassification(t, provider.token, id, 120_000);
    expect(d.status).toBe('UNTRADEABLE');
    expect(d.classification?.rows).toBe(ROWS);
    expect(d.classificationJob).toMatchObject({ state: 'COMPLETED', progress: 1 });
    expect(d.classificationJob!.attempts).toBeGreaterThanOrEqual(2);
    // Exactly one verdict and one ledger entry for it, however many attempts.
    const verdicts = await t.dataSource.query(`SELECT count(*)::int AS n FROM classifications c JOIN dataset_versions v ON v.id = c.version_id WHERE v.dataset_id = $1`, [id]);
    expect(verdicts[0].n).toBe(1);
    const entries = await t.gql<{ ledgerEntries: Array<{ entry: { action: string } }> }>(
      `query($s: ID) { ledgerEntries(subjectId: $s) { entry } }`,
      { s: id },
      (await login(t, 'regulator@demo.eastlake')).token,
    );
    expect(entries.data!.ledgerEntries.filter((e) => e.entry.action === 'dataset.classified')).toHaveLength(1);
    second.kill('SIGTERM');
  }, 300_000);
});
