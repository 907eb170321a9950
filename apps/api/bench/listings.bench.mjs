// Listings benchmarks against the BUILT API (apps/api/dist), each API a child process:
//
//  1. Upload + classification of a large file end to end (default 500 MB, BENCH_MB) — a
//     third of the rows with personal information, the rest look-alikes — from the first
//     byte of `PUT /api/datasets/:id/file` to the job COMPLETED seen by polling GraphQL every
//     200 ms, against the classifier CLI (`eastlake-classify FILE --json`) on the same file,
//     timed just before. Target: API ≤ 1.5× CLI. The progress the API reported is sampled.
//  2. The `datasets(first: 50)` list query (with verdict + reasons) under autocannon load,
//     as the regulator, side by side with a bare peer: @apollo/server standalone + `pg`
//     (no Nest, no TypeORM, no auth) answering the same query from the same schema. The
//     peer is this file re-run with `--peer` in its own process. PostgreSQL only for the
//     peer (PGlite is in-process to the API); the API alone on PGlite too. Both sides run
//     with NODE_ENV=production: the API is seeded in development (demo accounts, listings),
//     then restarted in production on the same database for the load; the peer always runs
//     in production. CPU ms per request is each server process's CPU (from /proc) over the
//     measured window divided by the requests answered. After one load each, BENCH_ROUNDS (3)
//     alternating API/peer rounds; the median of their ratios is the figure to quote.
//
// Backends: PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test,
// a fresh bench_xxxx schema, dropped after) and embedded PGlite in a temp folder.
// Everything is cleaned up (children killed, schemas dropped, temp dirs removed) on
// success, failure, Ctrl-C or the overall deadline (BENCH_DEADLINE_S, default 1500).
//
//   cd apps/api && npm run build && node bench/listings.bench.mjs
//   env: BENCH_MB (500; 0 skips part 1), BENCH_LOAD_S (10), BENCH_CONNECTIONS (10), BENCH_SEED (60),
//        BENCH_BACKENDS (postgres,pglite), BENCH_API_ENV (production; `development` loads the
//        API as it was seeded), BENCH_CPU_PROF_DIR (a --cpu-prof of the production API and of the peer),
//        BENCH_NODE_OPTIONS (flags for both servers alike), BENCH_HEAP_PROF_DIR (what the production API allocates, collected objects included: alloc-profile.mjs), DATABASE_URL
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DISTRICTS, HEADER, int, lookAlikeRow, personRow, pick, writeMixedCsv } from '../../../packages/classifier/bench/mixed-csv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** BENCH_NODE_OPTIONS: V8/Node flags given to both servers alike (e.g. a production heap setting). */
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {};
const apiDir = join(here, '..');
const root = join(apiDir, '..', '..');
const HOST = '127.0.0.1';
const LIST_QUERY =
  '{ datasets(first: 50) { totalCount edges { node { id title status classification { verdict reasons { code severity } } } } } }';

// ───────────────────────────── bare peer (child process) ─────────────────────────────

/** @apollo/server standalone + pg: one SELECT for the page, one COUNT, one for classifications. */
async function peerServer() {
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const { default: pg } = await import('pg');
  const schema = process.env.PEER_SCHEMA;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema ?? '')) throw new Error('PEER_SCHEMA must be a schema name');
  // Same pool size as the API's TypeORM pool (10).
  const pool = new pg.Pool({ connectionString: process.env.PEER_DATABASE_URL, max: 10, options: `-c search_path=${schema}` });
  const typeDefs = `#graphql
    enum DatasetStatus { DRAFT CLASSIFYING TRADEABLE IN_REVIEW UNTRADEABLE PUBLISHED REJECTED SUSPENDED }
    enum Verdict { TRADEABLE AMBIGUOUS UNTRADEABLE }
    type ClassificationReason { code: String! severity: String! }
    type Classification { verdict: Verdict! reasons: [ClassificationReason!]! }
    type Dataset { id: ID! title: String! status: DatasetStatus! classification: Classification }
    type DatasetEdge { node: Dataset! cursor: String! }
    type DatasetConnection { totalCount: Int! edges: [DatasetEdge!]! }
    type Query { datasets(first: Int = 20): DatasetConnection! }
  `;
  const resolvers = {
    Query: {
      async datasets(_parent, { first }) {
        const n = Math.max(1, Math.min(100, first ?? 20));
        // Sequential, as the API does them (count, page, classifications).
        const count = await pool.query('SELECT count(*)::int AS n FROM datasets');
        const page = await pool.query(
          'SELECT id, title, status, current_version_id, created_at FROM datasets ORDER BY created_at DESC, id DESC LIMIT $1',
          [n],
        );
        const versionIds = page.rows.map((r) => r.current_version_id).filter(Boolean);
        // The report's reasons with only the keys asked for, built in SQL: what the API's loader
        // reads for this selection (report-projection.ts), so both sides parse the same JSON.
        const cls = versionIds.length
          ? await pool.query(
              `SELECT version_id, verdict, jsonb_build_object('reasons', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', r.value -> 'code', 'severity', r.value -> 'severity') ORDER BY r.ordinality), '[]'::jsonb) FROM jsonb_array_elements(report -> 'reasons') WITH ORDINALITY AS r)) AS report
                 FROM classifications WHERE version_id = ANY($1::uuid[])`,
              [versionIds],
            )
          : { rows: [] };
        const byVersion = new Map(cls.rows.map((c) => [c.version_id, c]));
        return {
          totalCount: count.rows[0].n,
          edges: page.rows.map((r) => {
            const c = r.current_version_id ? byVersion.get(r.current_version_id) : undefined;
            return {
              cursor: Buffer.from(JSON.stringify([r.created_at.toISOString(), r.id])).toString('base64url'),
              node: { id: r.id, title: r.title, status: r.status, classification: c ? { verdict: c.verdict, reasons: c.report.reasons } : null },
            };
          }),
        };
      },
    },
  };
  const server = new ApolloServer({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PEER_PORT), host: HOST } });
  process.stdout.write(`READY ${url}\n`);
  const stop = async () => {
    await server.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// ───────────────────────────── cleanup and helpers ─────────────────────────────

const children = new Set();
const schemasToDrop = new Set();
const dirsToRemove = new Set();
let cleaning = null;

function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) await stopChild(child).catch(() => undefined);
    if (schemasToDrop.size) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: DB_URL, connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
        for (const s of schemasToDrop) {
          await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
          schemasToDrop.delete(s);
        }
      } catch (error) {
        console.error(`could not drop schema(s) ${[...schemasToDrop].join(', ')}: ${error.message}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    for (const d of dirsToRemove) {
      rmSync(d, { recursive: true, force: true });
      dirsToRemove.delete(d);
    }
  })();
  return cleaning;
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      return resolve();
    }
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let failing = false;
async function fatal(message) {
  if (failing) return;
  failing = true;
  console.error(`\nbench failed: ${message}`);
  // Bounded: a cleanup that hangs must not keep the bench alive.
  setTimeout(() => process.exit(1), 20_000).unref();
  try {
    await cleanup();
  } catch (error) {
    console.error(`cleanup failed: ${error.message}`);
  }
  process.exit(1);
}

const DB_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e9;
const fmt = (x, d = 1) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** One HTTP request to 127.0.0.1 with a bounded timeout; body a string/Buffer or undefined. */
function request(port, { method = 'GET', path = '/', headers = {}, body, timeoutMs = 30_000 }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, method, path, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function gql(port, query, variables, token, timeoutMs = 30_000) {
  const body = JSON.stringify({ query, variables });
  const res = await request(port, {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
    timeoutMs,
  });
  let json;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new Error(`GraphQL answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
  if (json.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data;
}

// ───────────────────────────── data generation (as packages/classifier/bench) ─────────────────────────────

async function generateLarge(file, mb) {
  return writeMixedCsv(file, mb);
}

/** Small listing bodies: kind 0 sales figures (tradeable), 1 look-alikes only, 2 mixed with personal information. */
function smallCsv(kind, rows = 200) {
  if (kind === 0) {
    const lines = ['region,product,quarter,units,revenue'];
    for (let i = 0; i < rows; i++) lines.push(`${pick(DISTRICTS)},${pick(['白酒', '红茶', '黄山毛峰', '热干面'])},2025Q${1 + int(4)},${int(5000)},${(int(1e7) / 100).toFixed(2)}`);
    return lines.join('\n') + '\n';
  }
  const lines = [HEADER.trimEnd()];
  for (let i = 0; i < rows; i++) lines.push(kind === 2 && i % 3 === 0 ? personRow(i) : lookAlikeRow(i));
  return lines.join('\n') + '\n';
}

// ───────────────────────────── CLI ─────────────────────────────

function runCli(file) {
  return new Promise((resolve, reject) => {
    const hook = join(root, 'packages', 'classifier', 'bench', 'rusage-hook.mjs');
    const cli = join(root, 'packages', 'classifier', 'bin', 'eastlake-classify.js');
    const t0 = now();
    const child = spawn(process.execPath, ['--import', hook, cli, file, '--json'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    children.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    let out = '';
    let err = '';
    let usage = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    child.stdio[3].on('data', (d) => (usage += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const wall = now() - t0;
      // Exit code 2 may mean "untradeable" for a CLI; accept any code that printed a report.
      let report;
      try {
        report = JSON.parse(out);
      } catch {
        return reject(new Error(`CLI exited ${code ?? signal} without a JSON report: ${err}`));
      }
      let cpu = null;
      try {
        const u = JSON.parse(usage);
        cpu = (u.userUs + u.sysUs) / 1e6;
      } catch { /* no rusage */ }
      resolve({ wall, cpu, code, verdict: report.verdict, rows: report.rows });
    });
  });
}

// ───────────────────────────── API child ─────────────────────────────

/** CPU seconds (user + sys) of a live process from /proc, or null. */
function procCpu(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime + stime in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function startApi(label, env, nodeArgs = []) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, join(apiDir, 'dist', 'main.js')], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST,
      LOG_LEVEL: 'warn',
      UPLOAD_MAX_BYTES: String(64 * 1024 ** 3),
      ...NODE_OPTIONS,
      ...(process.env.BENCH_HEAP_PROF_DIR ? { BENCH_HEAP_PROF_DIR: process.env.BENCH_HEAP_PROF_DIR, BENCH_HEAP_PROF_MODE: process.env.BENCH_HEAP_PROF_MODE ?? '' } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  child.stdout.on('data', (d) => (log = (log + d).slice(-4000)));
  if (process.env.BENCH_API_LOG) child.stdout.on('data', (d) => appendFileSync(process.env.BENCH_API_LOG, d));
  child.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const t0 = now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${label} API exited at start:\n${log}`);
    if (now() - t0 > 90) throw new Error(`${label} API not healthy within 90 s:\n${log}`);
    try {
      const res = await request(port, { path: '/healthz', timeoutMs: 2000 });
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    await sleep(200);
  }
  return { port, child, exited, startSeconds: now() - t0, log: () => log };
}

async function login(port, email) {
  const data = await gql(port, 'mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }', {
    e: email,
    p: 'demo-password',
  });
  return data.login.token;
}

async function createDataset(port, token, title) {
  const data = await gql(
    port,
    'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }',
    { input: { title, description: `bench listing ${title}`, region: 'CN', provenance: 'COLLECTED', rights: { holding: true, processing: true, operation: true } } },
    token,
  );
  return data.createDataset.id;
}

/** Streams a file (path) or a string body with PUT; resolves at the response. */
function putFile(port, token, id, source, { onFirstByte, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const isPath = typeof source === 'object' && source.path;
    const length = isPath ? statSync(source.path).size : Buffer.byteLength(source);
    const req = http.request(
      {
        host: HOST,
        port,
        method: 'PUT',
        path: `/api/datasets/${id}/file`,
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(length),
          'x-file-name': encodeURIComponent(isPath ? source.path.split('/').pop() : 'listing.csv'),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(body)) : reject(new Error(`upload answered ${res.statusCode}: ${body.slice(0, 300)}`))));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`upload timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (isPath) {
      const stream = createReadStream(source.path, { highWaterMark: 1 << 20 });
      stream.once('data', () => onFirstByte?.());
      stream.on('error', (e) => req.destroy(e));
      stream.pipe(req);
    } else {
      onFirstByte?.();
      req.end(source);
    }
  });
}

const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 200);
const JOB_QUERY = 'query($id: ID!) { dataset(id: $id) { status classificationJob { state progress } } }';

/** Polls until the job is COMPLETED (or FAILED / deadline); returns samples. */
async function pollJob(port, token, id, { everyMs = 200, deadlineS = 600, t0 = now(), stopIf = () => false } = {}) {
  const samples = [];
  for (;;) {
    if (stopIf()) throw new Error('upload failed');
    const t = now();
    const d = (await gql(port, JOB_QUERY, { id }, token, 30_000)).dataset;
    const job = d.classificationJob;
    samples.push({ t: now() - t0, status: d.status, state: job?.state ?? '-', progress: job?.progress ?? null });
    if (job?.state === 'COMPLETED') {
      const doneAt = now();
      // The status and the job are read by separate statements: the job may already say
      // COMPLETED while the status still says CLASSIFYING. Count it, and read the status again.
      let status = d.status;
      let staleReads = 0;
      while (status === 'CLASSIFYING' && now() - doneAt < 10) {
        staleReads++;
        await sleep(20);
        status = (await gql(port, JOB_QUERY, { id }, token, 30_000)).dataset.status;
      }
      return { samples, doneAt, status, staleReads, firstStatus: d.status };
    }
    if (job?.state === 'FAILED') throw new Error(`classification FAILED: ${JSON.stringify(d)}`);
    if (t - t0 > deadlineS) throw new Error(`classification not done after ${deadlineS} s (last ${JSON.stringify(samples.at(-1))})`);
    const wait = everyMs - (now() - t) * 1000;
    if (wait > 0) await sleep(wait);
  }
}

// ───────────────────────────── scenarios ─────────────────────────────

async function bigUpload(api, file, cli) {
  const token = await login(api.port, 'provider@demo.eastlake');
  const id = await createDataset(api.port, token, `big ${statSync(file).size} bytes`);
  let t0 = null;
  let uploadFailed = null;
  const cpu0 = procCpu(api.child.pid);
  const start = now();
  const upload = putFile(api.port, token, id, { path: file }, { onFirstByte: () => (t0 = now()) }).then(
    (r) => ({ ...r, at: now(), cpu: procCpu(api.child.pid) }),
    (e) => {
      uploadFailed = e;
      throw e;
    },
  );
  upload.catch(() => undefined);
  // Polling runs during the upload too (status DRAFT, no job yet) — what a UI would do.
  const polled = await pollJob(api.port, token, id, { t0: start, everyMs: POLL_MS, stopIf: () => uploadFailed !== null });
  const uploaded = await upload;
  const cpu1 = procCpu(api.child.pid);
  const total = polled.doneAt - (t0 ?? start);
  const verdict = (await gql(api.port, 'query($id: ID!) { dataset(id: $id) { classification { verdict rows } } }', { id }, token)).dataset
    .classification;
  return {
    total,
    uploadSeconds: uploaded.at - (t0 ?? start),
    classifySeconds: polled.doneAt - uploaded.at,
    apiCpu: cpu0 != null && cpu1 != null ? cpu1 - cpu0 : null,
    apiClassifyCpu: uploaded.cpu != null && cpu1 != null ? cpu1 - uploaded.cpu : null,
    samples: polled.samples.map((s) => ({ ...s, t: s.t - ((t0 ?? start) - start) })),
    status: polled.status,
    firstStatus: polled.firstStatus,
    verdict: verdict?.verdict,
    rows: verdict?.rows,
    bytes: uploaded.bytes,
    ratio: total / cli.wall,
    cli,
  };
}

/** BENCH_SEED small listings through the API: a third sales figures (published), the rest with or like personal data. */
async function seedListings(api, count) {
  const provider = await login(api.port, 'provider@demo.eastlake');
  const statuses = {};
  let staleCompleted = 0;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const kind = i % 3;
      const id = await createDataset(api.port, provider, `listing ${String(i).padStart(3, '0')} (${['sales', 'look-alikes', 'personal'][kind]})`);
      await putFile(api.port, provider, id, smallCsv(kind), { timeoutMs: 30_000 });
      const { status, firstStatus } = await pollJob(api.port, provider, id, { everyMs: 50, deadlineS: 60 });
      if (firstStatus === 'CLASSIFYING') staleCompleted++;
      let final = status;
      if (status === 'TRADEABLE') {
        final = (await gql(api.port, 'mutation($id: ID!) { publishDataset(id: $id) { status } }', { id }, provider)).publishDataset.status;
      }
      statuses[final] = (statuses[final] ?? 0) + 1;
    }
  };
  const t0 = now();
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { statuses, seconds: now() - t0, staleCompleted };
}

async function loadTest(label, port, headers, pid) {
  const { default: autocannon } = await import('autocannon');
  const duration = Number(process.env.BENCH_LOAD_S ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const opts = {
    url: `http://${HOST}:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LIST_QUERY }),
    connections,
    timeout: 10,
  };
  const run = (o, ms, what) => {
    let instance;
    const done = new Promise((resolve, reject) => {
      instance = autocannon(o, (err, result) => (err ? reject(err) : resolve(result)));
    });
    return withDeadline(done, ms, what).catch((e) => {
      instance?.stop();
      throw e;
    });
  };
  // Warm-up (JIT, pools, plan caches), not counted.
  await run({ ...opts, duration: 2 }, 30_000, `${label} warm-up`);
  const loadBefore = os.loadavg()[0];
  const cpu0 = procCpu(pid);
  const r = await run({ ...opts, duration }, (duration + 30) * 1000, `${label} load`);
  const cpu1 = procCpu(pid);
  return {
    cpuMsPerRequest: cpu0 != null && cpu1 != null && r.requests.total > 0 ? ((cpu1 - cpu0) * 1000) / r.requests.total : null,
    label,
    duration,
    connections,
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    load1: `${loadBefore.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}`,
  };
}

function withDeadline(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} exceeded ${ms} ms`)), ms))),
  ]);
}

async function startPeer(schema) {
  const port = await freePort();
  // BENCH_CPU_PROF_DIR: the peer is profiled too (its file name says peer), to compare like with like.
  const prof = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`, `--cpu-prof-name=peer.${Date.now()}.cpuprofile`] : [];
  const heap = process.env.BENCH_HEAP_PROF_DIR ? { BENCH_HEAP_PROF_DIR: process.env.BENCH_HEAP_PROF_DIR } : {};
  if (process.env.BENCH_HEAP_PROF_DIR) prof.push('--import', join(here, 'alloc-profile.mjs'));
  const child = spawn(process.execPath, [...prof, fileURLToPath(import.meta.url), '--peer'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PEER_DATABASE_URL: DB_URL, PEER_SCHEMA: schema, PEER_PORT: String(port), NODE_ENV: 'production', ...NODE_OPTIONS, ...heap },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  await withDeadline(
    new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        log += d;
        if (log.includes('READY')) resolve();
      });
      child.stderr.on('data', (d) => (log += d));
      child.once('exit', (code) => reject(new Error(`peer exited ${code}: ${log}`)));
    }),
    30_000,
    'peer start',
  );
  return { port, child };
}

/** The list as each server answers it, normalized for comparison (ids, titles, statuses, verdicts, reasons). */
async function listAnswer(port, token) {
  const data = await gql(port, LIST_QUERY, undefined, token);
  return data.datasets;
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const deadline = setTimeout(() => fatal(`overall deadline of ${process.env.BENCH_DEADLINE_S ?? 1500} s reached`), Number(process.env.BENCH_DEADLINE_S ?? 1500) * 1000);
  deadline.unref();
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => fatal(`interrupted (${sig})`));
  process.on('uncaughtException', (e) => fatal(e.stack ?? String(e)));
  process.on('unhandledRejection', (e) => fatal(e?.stack ?? String(e)));

  if (!existsSync(join(apiDir, 'dist', 'main.js'))) return fatal('apps/api/dist is missing: run `npm run build` in apps/api first');

  const MB = Number(process.env.BENCH_MB ?? 500);
  const SEED = Number(process.env.BENCH_SEED ?? 60);
  const backends = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',').map((s) => s.trim());
  const API_ENV = process.env.BENCH_API_ENV ?? 'production';
  if (!['production', 'development'].includes(API_ENV)) return fatal('BENCH_API_ENV must be production or development');
  const file = join(root, '.bench', 'listings', `mixed-${MB}mb.csv`);
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, load average at start ${load()}`);
  let size = 0;
  if (MB > 0) {
    const tg = now();
    if (await generateLarge(file, MB)) console.log(`generated ${file} in ${fmt(now() - tg)} s`);
    size = statSync(file).size;
    console.log(`file: ${file} (${fmt(size / 1e6)} MB)\n`);
  }
  // One secret and one ledger key for the seeding (development) and the load (production) runs.
  const jwtSecret = randomBytes(24).toString('hex');
  const ledgerKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });

  const uploads = [];
  const loads = [];
  const rounds = [];
  const seeds = [];
  const notes = [];

  for (const backend of backends) {
    const dataDir = mkdtempSync(join(os.tmpdir(), `eastlake-bench-${backend}-`));
    dirsToRemove.add(dataDir);
    let env = { EASTLAKE_DATA_DIR: dataDir, JWT_SECRET: jwtSecret };
    let schema = null;
    if (backend === 'postgres') {
      const { default: pg } = await import('pg');
      schema = `bench_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: DB_URL, connectionTimeoutMillis: 5000 });
      try {
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        schemasToDrop.add(schema);
      } catch (error) {
        console.log(`PostgreSQL not reachable at ${DB_URL}: ${error.message} — skipped`);
        notes.push(`PostgreSQL skipped: ${error.message}`);
        continue;
      } finally {
        await admin.end().catch(() => undefined);
      }
      env = { ...env, DATABASE_URL: DB_URL, DATABASE_SCHEMA: schema, SEED_DEMO: 'true', LEDGER_SIGNING_KEY: ledgerKey };
    } else if (backend !== 'pglite') {
      return fatal(`unknown backend ${backend}`);
    }
    const label = backend === 'postgres' ? 'PostgreSQL' : 'PGlite';

    let api = await startApi(label, env);
    console.log(`[${label}] API up on :${api.port} in ${fmt(api.startSeconds, 2)} s (development, to seed) (load ${load()})`);
    if (MB > 0) {
      console.log(`[${label}] CLI on the file… (load ${load()})`);
      const cli = await runCli(file);
      console.log(`[${label}] CLI: ${fmt(cli.wall, 2)} s wall, ${fmt(cli.cpu, 2)} s CPU, verdict ${cli.verdict}, ${cli.rows} rows (exit ${cli.code})`);
      console.log(`[${label}] uploading… (load ${load()})`);
      const up = await bigUpload(api, file, cli);
      up.label = label;
      up.load = load();
      uploads.push(up);
      console.log(`[${label}] API: ${fmt(up.total, 2)} s end to end (upload ${fmt(up.uploadSeconds, 2)} s + classification ${fmt(up.classifySeconds, 2)} s; API CPU ${fmt(up.apiCpu, 2)} s, ${fmt(up.apiClassifyCpu, 2)} s of it after the upload), verdict ${up.verdict}, ${up.rows} rows, status ${up.status}`);
      if (up.firstStatus === 'CLASSIFYING') notes.push(`${label}: the big upload's first COMPLETED poll still had status CLASSIFYING`);
      if (up.verdict !== cli.verdict || up.rows !== cli.rows) notes.push(`${label}: the API's verdict/rows (${up.verdict}, ${up.rows}) differ from the CLI's (${cli.verdict}, ${cli.rows})`);
    }

    if (process.env.BENCH_SKIP_LIST) {
      await stopChild(api.child);
      if (schema) await cleanupSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
      dirsToRemove.delete(dataDir);
      continue;
    }
    console.log(`[${label}] seeding ${SEED} small listings through the API…`);
    const s = await seedListings(api, SEED);
    seeds.push({ label, ...s });
    console.log(`[${label}] seeded in ${fmt(s.seconds, 1)} s: ${JSON.stringify(s.statuses)}`);
    if (s.staleCompleted) notes.push(`${label}: ${s.staleCompleted} of ${SEED} small uploads were first seen with classificationJob COMPLETED but dataset status still CLASSIFYING in the same response (status and job read by separate statements, not one snapshot)`);
    if (API_ENV === 'production') {
      // The same database, now in production mode (no demo seeding, no dev-mode checks).
      await stopChild(api.child);
      const rest = { ...env };
      delete rest.SEED_DEMO;
      // BENCH_CPU_PROF_DIR: a V8 CPU profile of the API under load (written when it stops).
      const prof = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
      // BENCH_HEAP_PROF_DIR: a sampling allocation profile of the API under load (what the GC has to collect).
      if (process.env.BENCH_HEAP_PROF_DIR) prof.push('--import', join(here, 'alloc-profile.mjs'));
      // BENCH_API_NODE_ARGS: diagnostics for the production API only (e.g. --trace-gc; BENCH_API_LOG=FILE keeps the API's stdout).
      if (process.env.BENCH_API_NODE_ARGS) prof.push(...process.env.BENCH_API_NODE_ARGS.split(/\s+/).filter(Boolean));
      api = await startApi(label, { ...rest, NODE_ENV: 'production' }, prof);
      console.log(`[${label}] API restarted in production on :${api.port} in ${fmt(api.startSeconds, 2)} s`);
    }

    const regulator = await login(api.port, 'regulator@demo.eastlake');
    const buyer = await login(api.port, 'buyer@demo.eastlake');
    const nestAnswer = await listAnswer(api.port, regulator);
    const buyerAnswer = await listAnswer(api.port, buyer);
    console.log(`[${label}] regulator sees ${nestAnswer.totalCount} listings (page ${nestAnswer.edges.length}); buyer sees ${buyerAnswer.totalCount}`);
    if (nestAnswer.edges.length !== 50) notes.push(`${label}: the list page had ${nestAnswer.edges.length} items, not 50`);

    console.log(`[${label}] autocannon → Nest API (regulator)… (load ${load()})`);
    loads.push({ backend: label, server: `EastLake API (Nest + TypeORM + CASL, ${API_ENV}), regulator`, ...(await loadTest(`${label} Nest`, api.port, { authorization: `Bearer ${regulator}` }, api.child.pid)) });
    console.log(`[${label}] autocannon → Nest API (buyer, published only)…`);
    loads.push({ backend: label, server: `EastLake API (Nest + TypeORM + CASL, ${API_ENV}), buyer`, ...(await loadTest(`${label} Nest buyer`, api.port, { authorization: `Bearer ${buyer}` }, api.child.pid)) });

    if (backend === 'postgres') {
      const peer = await startPeer(schema);
      const peerAnswer = await listAnswer(peer.port);
      const same = JSON.stringify(peerAnswer) === JSON.stringify(nestAnswer);
      console.log(`[${label}] peer up on :${peer.port}; same answer as the API: ${same}`);
      if (!same) notes.push(`${label}: the peer's answer differs from the API's (first difference in ${JSON.stringify(peerAnswer).length} vs ${JSON.stringify(nestAnswer).length} chars)`);
      console.log(`[${label}] autocannon → bare Apollo + pg peer… (load ${load()})`);
      loads.push({ backend: label, server: 'bare @apollo/server 5 standalone + pg (no auth, production)', ...(await loadTest(`${label} peer`, peer.port, {}, peer.child.pid)) });
      // Then API and peer in turn (BENCH_ROUNDS pairs), so a change in the machine's load hits both sides alike.
      const roundsN = Number(process.env.BENCH_ROUNDS ?? 3);
      for (let r = 1; r <= roundsN; r++) {
        console.log(`[${label}] round ${r}/${roundsN}: API then peer… (load ${load()})`);
        const a = await loadTest(`${label} Nest round ${r}`, api.port, { authorization: `Bearer ${regulator}` }, api.child.pid);
        const b = await loadTest(`${label} peer round ${r}`, peer.port, {}, peer.child.pid);
        rounds.push({ round: r, api: a, peer: b });
      }
      await stopChild(peer.child);
    }
    await stopChild(api.child);
    const code = await withDeadline(api.exited, 10_000, 'API exit').catch(() => 'n/a');
    if (code !== 0 && code !== 'SIGTERM') notes.push(`${label}: the API exited with ${code} on SIGTERM`);
    if (schema) {
      await cleanupSchema(schema);
    }
    rmSync(dataDir, { recursive: true, force: true });
    dirsToRemove.delete(dataDir);
  }

  // ── report ──
  console.log(`\n## Listings benchmarks\n`);
  console.log(`${os.cpus().length} cores, Node ${process.version}, load average (1/5/15 min) at the end ${load()} — shared machine; CPU seconds are the fairer basis.\n`);
  if (uploads.length) {
  console.log(`### 1. Upload + classification of a ${fmt(size / 1e6)} MB CSV, end to end (target ≤ 1.5× the CLI)\n`);
  console.log('| backend | CLI wall (s) | CLI CPU (s) | API end to end (s) | of which upload (s) | of which classification after upload (s) | API CPU, all / after upload (s) | ratio API/CLI wall | target ≤ 1.5× | ratio API/CLI CPU | verdict (API / CLI) | load avg after |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|');
  for (const u of uploads) {
    const cpuRatio = u.apiCpu != null && u.cli.cpu ? u.apiCpu / u.cli.cpu : null;
    console.log(
      `| ${u.label} | ${fmt(u.cli.wall, 2)} | ${fmt(u.cli.cpu, 2)} | ${fmt(u.total, 2)} | ${fmt(u.uploadSeconds, 2)} | ${fmt(u.classifySeconds, 2)} | ${fmt(u.apiCpu, 2)} / ${fmt(u.apiClassifyCpu, 2)} | ${fmt(u.ratio, 2)}× | ${u.ratio <= 1.5 ? 'met' : 'NOT met'} | ${fmt(cpuRatio, 2)}× | ${u.verdict} / ${u.cli.verdict} (${u.rows} / ${u.cli.rows} rows) | ${u.load} |`,
    );
  }
  console.log(`\nWall time from the first byte sent to COMPLETED seen by a poll (every ${POLL_MS} ms, so up to ${POLL_MS} ms late); the API's CPU is its whole process (upload hashing and writing, polls, progress writes, classification) read from /proc; the CLI's from its own getrusage.`);
  for (const u of uploads) {
    console.log(`\nProgress reported by the API (${u.label}, polled every 200 ms, ${u.samples.length} polls; t from the first byte sent):\n`);
    console.log('| t (s) | dataset status | job state | progress |');
    console.log('|---:|---|---|---:|');
    for (const s of sampleEvenly(u.samples, 12)) console.log(`| ${fmt(s.t, 2)} | ${s.status} | ${s.state} | ${s.progress == null ? '—' : `${fmt(s.progress * 100, 1)} %`} |`);
    const distinct = new Set(u.samples.filter((s) => s.state === 'RUNNING').map((s) => s.progress)).size;
    console.log(`\n${distinct} distinct progress values while RUNNING.`);
  }
  }
  console.log(`\n### 2. \`datasets(first: 50)\` with verdict + reasons under load (autocannon 9, POST, ${loads[0]?.connections ?? '?'} connections, ${loads[0]?.duration ?? '?'} s each after a 2 s warm-up)\n`);
  for (const s of seeds) console.log(`- ${s.label}: seeded ${SEED} small listings through the API in ${fmt(s.seconds, 1)} s → ${Object.entries(s.statuses).map(([k, v]) => `${v} ${k}`).join(', ')} (+ the big one)`);
  console.log('');
  console.log('| database | server | req/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | CPU ms / request | requests | non-2xx / errors / timeouts | load avg 1 min |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const l of loads) {
    console.log(`| ${l.backend} | ${l.server} | ${fmt(l.rps, 0)} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} | ${fmt(l.cpuMsPerRequest, 2)} | ${l.total} | ${l.non2xx} / ${l.errors} / ${l.timeouts} | ${l.load1} |`);
  }
  const nest = loads.find((l) => l.backend === 'PostgreSQL' && l.server.includes('regulator'));
  const peer = loads.find((l) => l.backend === 'PostgreSQL' && l.server.startsWith('bare'));
  if (nest && peer) {
    const rpsRatio = nest.rps / peer.rps;
    const p99Ratio = nest.p99 / peer.p99;
    const cpuRatio = nest.cpuMsPerRequest != null && peer.cpuMsPerRequest ? nest.cpuMsPerRequest / peer.cpuMsPerRequest : null;
    console.log(
      `\nPostgreSQL, API (regulator, ${API_ENV}) vs bare peer (production), same run: req/s ${fmt(rpsRatio, 2)}× the peer's (target ≥ 0.8×: ${rpsRatio >= 0.8 ? 'met' : 'NOT met'}), p99 ${fmt(p99Ratio, 2)}× the peer's (target ≤ 1.5×: ${p99Ratio <= 1.5 ? 'met' : 'NOT met'}), CPU per request ${fmt(cpuRatio, 2)}× the peer's.`,
    );
  }
  if (rounds.length) {
    console.log(`\nAlternating rounds on PostgreSQL (API regulator, then peer, ${rounds[0].api.duration} s each after a 2 s warm-up):\n`);
    console.log('| round | API req/s | peer req/s | req/s ratio | API p50 / p99 (ms) | peer p50 / p99 (ms) | p99 ratio | API CPU ms/req | peer CPU ms/req | CPU ratio |');
    console.log('|---:|---:|---:|---:|---|---|---:|---:|---:|---:|');
    for (const { round, api: a, peer: b } of rounds) {
      console.log(
        `| ${round} | ${fmt(a.rps, 0)} | ${fmt(b.rps, 0)} | ${fmt(a.rps / b.rps, 2)}× | ${a.p50} / ${a.p99} | ${b.p50} / ${b.p99} | ${fmt(a.p99 / b.p99, 2)}× | ${fmt(a.cpuMsPerRequest, 2)} | ${fmt(b.cpuMsPerRequest, 2)} | ${fmt(a.cpuMsPerRequest / b.cpuMsPerRequest, 2)}× |`,
      );
    }
    const median = (xs) => {
      const v = [...xs].sort((x, y) => x - y);
      return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    };
    const rps = median(rounds.map((x) => x.api.rps / x.peer.rps));
    const p99 = median(rounds.map((x) => x.api.p99 / x.peer.p99));
    const cpu = median(rounds.map((x) => x.api.cpuMsPerRequest / x.peer.cpuMsPerRequest));
    console.log(
      `\nMedian over the rounds: req/s ${fmt(rps, 2)}× the peer's (target ≥ 0.8×: ${rps >= 0.8 ? 'met' : 'NOT met'}), p99 ${fmt(p99, 2)}× (target ≤ 1.5×: ${p99 <= 1.5 ? 'met' : 'NOT met'}), CPU per request ${fmt(cpu, 2)}×.`,
    );
  }
  console.log('\nThe bare peer runs on PostgreSQL only (it needs `pg`; PGlite lives inside the API process). It does no authentication or authorization, and its three queries are sequential like the API\'s.');
  if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}`);
  await cleanup();
  clearTimeout(deadline);
  process.exit(0);
}

async function cleanupSchema(schema) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: DB_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    schemasToDrop.delete(schema);
  } finally {
    await client.end();
  }
}

function sampleEvenly(samples, n) {
  // The first poll, every state change, and evenly spaced RUNNING samples.
  const picked = new Set([0, samples.length - 1]);
  for (let i = 1; i < samples.length; i++) if (samples[i].state !== samples[i - 1].state || samples[i].status !== samples[i - 1].status) picked.add(i);
  const running = samples.map((s, i) => (s.state === 'RUNNING' ? i : -1)).filter((i) => i >= 0);
  const step = Math.max(1, Math.floor(running.length / Math.max(1, n - picked.size)));
  for (let k = 0; k < running.length; k += step) picked.add(running[k]);
  return [...picked].sort((a, b) => a - b).map((i) => samples[i]);
}

// Last, so every module-level binding above is initialized first.
if (process.argv[2] === '--peer') {
  await peerServer();
} else {
  await main().catch((e) => fatal(e?.stack ?? String(e)));
}
