import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyExport, verifyTreeHeadSignature, type SignedTreeHead } from '@eastlake/ledger';
import { generateSigningKey } from '@eastlake/ledger/node';
import { Redis } from 'ioredis';
import pg from 'pg';
import { classifiedBy, killHard, startEastlake, type EastlakeProcess } from './utils/eastlake-process.util.js';
import { REDIS_URL, redisReachable } from './utils/redis.util.js';

const DATABASE_URL = process.env.DATABASE_URL;
const PASSWORD = 'demo-password';

/** A CSV of `rows` customers with mobile numbers (UNTRADEABLE); its size sets how long a job takes. */
function customers(rows: number, seed = 0): Buffer {
  const lines = ['id,city,mobile,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${i},武汉,13${String(100000000 + (((i + seed) * 7919) % 899999999)).padStart(9, '0')},${(i + seed) % 1000}`);
  return Buffer.from(lines.join('\n') + '\n');
}

interface Gql<T> {
  data?: T | null;
  errors?: Array<{ message: string }>;
}

async function gql<T>(api: EastlakeProcess, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Gql<T>;
  if (!body.data) throw new Error(`${api.name}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const login = async (api: EastlakeProcess, email: string) =>
  (await gql<{ login: { token: string } }>(api, `mutation($input: LoginInput!) { login(input: $input) { token } }`, { input: { email, password: PASSWORD } })).login.token;

const createDataset = async (api: EastlakeProcess, token: string, title: string) =>
  (
    await gql<{ createDataset: { id: string } }>(
      api,
      `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
      { input: { title, description: 'scale-out', region: 'CN', provenance: 'COLLECTED', rights: { holding: true, processing: true, operation: true } } },
      token,
    )
  ).createDataset.id;

async function upload(api: EastlakeProcess, token: string, id: string, body: Buffer): Promise<string> {
  const res = await fetch(`${api.url}/api/datasets/${id}/file`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body,
  });
  const json = (await res.json()) as { versionId?: string };
  if (res.status !== 201 || !json.versionId) throw new Error(`${api.name}: upload answered ${res.status} ${JSON.stringify(json)}`);
  return json.versionId;
}

/**
 * An upload whose body trickles in (64 KiB every 40 ms), as from a slow client: it is in
 * flight for a while, long enough to kill the API under it. Resolves with the status, or
 * with the transport error's message when the connection dies first.
 */
function slowUpload(api: EastlakeProcess, token: string, id: string, body: Buffer, sent: () => void): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${api.url}/api/datasets/${id}/file`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': body.length },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    let offset = 0;
    const step = () => {
      if (req.destroyed) return;
      const chunk = body.subarray(offset, offset + 64 * 1024);
      offset += chunk.length;
      if (offset >= body.length) req.end(chunk);
      else req.write(chunk, () => setTimeout(step, 40));
      sent();
    };
    step();
  });
}

interface JobView {
  status: string;
  currentVersionId?: string;
  classificationJob: { state: string; progress: number; attempts: number } | null;
}

const job = async (api: EastlakeProcess, token: string, id: string) =>
  (await gql<{ dataset: JobView }>(api, `query($id: ID!) { dataset(id: $id) { status classificationJob { state progress attempts } } }`, { id }, token)).dataset;

/** Polls (through whichever API is given) until every dataset has its verdict. */
async function allClassified(api: EastlakeProcess, token: string, ids: string[], timeoutMs = 60_000): Promise<Map<string, JobView>> {
  const until = Date.now() + timeoutMs;
  const done = new Map<string, JobView>();
  while (done.size < ids.length) {
    for (const id of ids.filter((i) => !done.has(i))) {
      const d = await job(api, token, id);
      if (d.status !== 'CLASSIFYING' && d.classificationJob && ['COMPLETED', 'FAILED'].includes(d.classificationJob.state)) done.set(id, d);
    }
    if (done.size < ids.length && Date.now() > until) throw new Error(`still classifying: ${ids.filter((i) => !done.has(i)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return done;
}

// Several processes on one database and one queue need real PostgreSQL and Redis.
const ready = DATABASE_URL !== undefined && (await redisReachable());
if (!ready) console.warn(`scale-out (2 APIs + 2 workers): skipped — needs DATABASE_URL and Redis at ${REDIS_URL} (.ci/run provides both)`);

(ready ? describe : describe.skip)('two API processes and two workers on one PostgreSQL and one Redis (e2e)', () => {
  const hex = randomBytes(6).toString('hex');
  const schema = `e2e_${hex}`;
  const prefix = `e2e${hex}`;
  const storageDir = join(tmpdir(), `eastlake-scale-out-${hex}`);
  const key = generateSigningKey();
  // What every process shares: the database schema, the queue, the files, and the keys.
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: DATABASE_URL ?? '',
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    EASTLAKE_STORAGE_DIR: storageDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LEDGER_SIGNING_KEY: key.privateKeyPem,
    SCRYPT_COST: '1024',
    SEED_DEMO: 'true',
    CLASSIFICATION_LOCK_MS: '2000',
  };
  const all: EastlakeProcess[] = [];
  const start = async (kind: 'api' | 'worker', name: string) => {
    const proc = await startEastlake(kind, name, env);
    all.push(proc);
    return proc;
  };
  const db = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  const count = async (sql: string): Promise<number> => Number((await db.query<{ n: string }>(sql)).rows[0].n);

  let apiA: EastlakeProcess;
  let apiB: EastlakeProcess;
  let workers: EastlakeProcess[];
  let provider: string;
  /** Every upload an API answered 201, by dataset. */
  const accepted = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(storageDir);
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await Promise.all(all.map(killHard));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.end();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('starts two APIs and two workers sharing the database, the queue, the files and the keys', async () => {
    // The first start migrates the fresh schema; the others find it migrated.
    apiA = await start('api', 'api-a');
    [apiB, ...workers] = await Promise.all([start('api', 'api-b'), start('worker', 'worker-1'), start('worker', 'worker-2')]);
    expect(apiA.url).not.toBe(apiB.url);
    // A token from one API is good on the other (one JWT secret).
    provider = await login(apiA, 'provider@demo.eastlake');
    expect((await gql<{ me: { email: string } }>(apiB, `{ me { email } }`, {}, provider)).me.email).toBe('provider@demo.eastlake');
  });

  it('spreads uploads over both APIs and their jobs over both workers', async () => {
    const apis = [apiA, apiB];
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => createDataset(apis[i % 2], provider, `spread ${i}`)));
    const versions = await Promise.all(ids.map((id, i) => upload(apis[(i + 1) % 2], provider, id, customers(60_000, i))));
    ids.forEach((id, i) => accepted.set(id, versions[i]));

    const verdicts = await allClassified(apiB, provider, ids);
    for (const d of verdicts.values()) expect(d).toMatchObject({ status: 'UNTRADEABLE', classificationJob: { state: 'COMPLETED' } });
    // Each API's own request log shows the uploads it took.
    for (const api of apis) {
      expect(api.lines.filter((l) => /^PUT \/api\/datasets\/[^/]+\/file 201 /.test(l.msg))).toHaveLength(4);
    }
    // Each worker ran some of the jobs, and together exactly these.
    const [one, two] = workers.map(classifiedBy);
    expect(one.length).toBeGreaterThanOrEqual(1);
    expect(two.length).toBeGreaterThanOrEqual(1);
    expect([...one, ...two].sort()).toEqual([...versions].sort());
  }, 90_000);

  it('finishes a job in the other worker when the one running it is killed mid-job', async () => {
    const id = await createDataset(apiB, provider, 'worker killed mid-job');
    const versionId = await upload(apiB, provider, id, customers(600_000));
    accepted.set(id, versionId);
    const until = Date.now() + 30_000;
    for (;;) {
      const j = (await job(apiA, provider, id)).classificationJob;
      if (j?.state === 'RUNNING' && j.progress > 0) break;
      if (j?.state === 'COMPLETED') throw new Error('the job finished before the worker could be killed: make the file larger');
      if (Date.now() > until) throw new Error(`no progress: ${JSON.stringify(j)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const running = workers.find((w) => w.lines.some((l) => l.msg === 'classifying' && l.versionId === versionId));
    expect(running).toBeDefined();
    const survivor = workers.find((w) => w !== running)!;
    await killHard(running!);

    const d = (await allClassified(apiA, provider, [id], 60_000)).get(id)!;
    expect(d).toMatchObject({ status: 'UNTRADEABLE', classificationJob: { state: 'COMPLETED', progress: 1 } });
    expect(d.classificationJob!.attempts).toBeGreaterThanOrEqual(2);
    expect(classifiedBy(survivor)).toContain(versionId);
    expect(classifiedBy(running!)).not.toContain(versionId);
    // A replacement comes up, as a supervisor would start one.
    workers = [survivor, await start('worker', 'worker-3')];
  }, 90_000);

  it('loses no accepted upload when an API is killed mid-upload; the failed ones succeed on the other API', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => createDataset(apiA, provider, `api killed ${i}`)));
    // Three uploads answered by B before it dies…
    for (const id of ids.slice(0, 3)) accepted.set(id, await upload(apiB, provider, id, customers(20_000, 7)));
    // …and three still streaming into B when it is SIGKILLed.
    const slow = ids.slice(3);
    let chunks = 0;
    const inFlight = slow.map((id) => slowUpload(apiB, provider, id, customers(80_000, 11), () => chunks++));
    while (chunks < 6) await new Promise((r) => setTimeout(r, 10));
    // And a burst of writes: B dies with some answered, some committed unanswered, some not begun.
    const answered: string[] = [];
    const burst = Array.from({ length: 30 }, (_, i) =>
      createDataset(apiB, provider, `burst ${i}`).then(
        (id) => void answered.push(id),
        () => undefined,
      ),
    );
    while (answered.length < 3) await new Promise((r) => setTimeout(r, 5));
    await killHard(apiB);
    await Promise.all(burst);
    expect(answered.length).toBeLessThan(30);
    for (const id of answered) expect((await job(apiA, provider, id)).status).toBe('DRAFT');
    const outcomes = await Promise.all(inFlight);
    for (const o of outcomes) expect(o).toEqual({ error: expect.stringMatching(/socket hang up|ECONNRESET|EPIPE/) });
    for (const id of slow) expect((await job(apiA, provider, id)).status).toBe('DRAFT');

    // A client (or a load balancer) retries them on the API still up.
    for (const id of slow) accepted.set(id, await upload(apiA, provider, id, customers(20_000, 13)));
    const verdicts = await allClassified(apiA, provider, ids);
    for (const d of verdicts.values()) expect(d).toMatchObject({ status: 'UNTRADEABLE', classificationJob: { state: 'COMPLETED' } });

    // B comes back on the same database and serves what A wrote.
    apiB = await start('api', 'api-b-restarted');
    expect((await job(apiB, provider, ids[5])).status).toBe('UNTRADEABLE');
  }, 90_000);

  it('keeps one gap-free ledger, verified on both APIs and offline, with every accepted upload classified once', async () => {
    const regulator = await login(apiA, 'regulator@demo.eastlake');
    // Nothing queued or running is left behind, and every version has exactly one verdict.
    expect(await count(`SELECT count(*) AS n FROM classification_jobs WHERE state IN ('QUEUED', 'RUNNING')`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM dataset_versions`)).toBe(accepted.size);
    expect(await count(`SELECT count(DISTINCT version_id) AS n FROM classifications`)).toBe(accepted.size);
    expect(await count(`SELECT count(*) AS n FROM classifications`)).toBe(accepted.size);
    const current = await db.query<{ id: string; current_version_id: string }>(`SELECT id, current_version_id FROM datasets WHERE current_version_id IS NOT NULL`);
    expect(new Map(current.rows.map((r) => [r.id, r.current_version_id]))).toEqual(accepted);

    const verify = `{ verifyLedger { ok treeSize problem firstBadSeq } }`;
    const onA = (await gql<{ verifyLedger: { ok: boolean; treeSize: number; problem: string | null } }>(apiA, verify, {}, regulator)).verifyLedger;
    const onB = (await gql<{ verifyLedger: { ok: boolean; treeSize: number; problem: string | null } }>(apiB, verify, {}, regulator)).verifyLedger;
    expect(onA).toMatchObject({ ok: true, problem: null });
    expect(onB).toMatchObject({ ok: true, problem: null });
    expect(onB.treeSize).toBeGreaterThanOrEqual(onA.treeSize);

    const head = (await (await fetch(`${apiA.url}/api/ledger/head`, { headers: { authorization: `Bearer ${regulator}` } })).json()) as SignedTreeHead;
    expect(verifyTreeHeadSignature(head)).toBe(true);
    expect(head.publicKey.trim()).toBe(key.publicKeyPem.trim());
    const exported = await (await fetch(`${apiB.url}/api/ledger/export`, { headers: { authorization: `Bearer ${regulator}` } })).text();
    const lines = exported.split('\n').filter(Boolean);
    const seqs = lines.map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect((await verifyExport(lines.slice(0, head.treeSize), head)).ok).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM ledger_entries`)).toBe(seqs.length);
    expect(await count(`SELECT count(*) AS n FROM ledger_pending`)).toBe(0);

    // One `dataset.version_uploaded` and one `dataset.classified` per accepted upload, whoever wrote them.
    const entries = lines.map((l) => (JSON.parse(l) as { entry: { action: string; subject: { id: string } } }).entry);
    const actions = entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'dataset.version_uploaded')).toHaveLength(accepted.size);
    expect(actions.filter((a) => a === 'dataset.classified')).toHaveLength(accepted.size);
    // Every dataset that exists (the killed API's burst included, answered or not) has its entry, and no other does.
    const datasets = (await db.query<{ id: string }>(`SELECT id FROM datasets`)).rows.map((r) => r.id).sort();
    expect(entries.filter((e) => e.action === 'dataset.created').map((e) => e.subject.id).sort()).toEqual(datasets);
  }, 60_000);
});
