// Aggregate-query benchmarks against the BUILT API (apps/api/dist) in a child process, embedded
// PGlite by default (BENCH_BACKENDS=postgres,pglite for both):
//
//  1. A group-by with three measures (district of the address; COUNT, SUM and AVG of the amount)
//     through `runAggregateQuery` on a QUERY grant over the listings bench file (the shared mixed
//     CSV, default 500 MB, BENCH_MB), against the same query run directly in DuckDB on the same
//     file in this process, in the same run (two ways: the API's explicit read options, and
//     DuckDB's own CSV sniffing). Three API runs (measures in three orders, so none is answered
//     from the cache) and three direct runs; medians compared. Target: API ≤ 3× direct.
//  2. p50/p99 of a small query (a 5,000-row listing, group by gender with a clipped SUM, each
//     request distinct so the cache never answers) under 10 concurrent buyers — 10 verified
//     buyer organizations, each with its own QUERY grant — in a closed loop for BENCH_LOAD_S s.
//
//   cd apps/api && npm run build && node bench/query.bench.mjs
//   env: BENCH_MB (500), BENCH_LOAD_S (15), BENCH_BUYERS (10), BENCH_BACKENDS (pglite), DATABASE_URL
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeMixedCsv } from '../../../packages/classifier/bench/mixed-csv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const apiDir = join(here, '..');
const root = join(apiDir, '..', '..');
const HOST = '127.0.0.1';
const DB_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const MB = Number(process.env.BENCH_MB ?? 500);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 15);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 10);
const THREADS = Number(process.env.QUERY_THREADS ?? Math.min(2, os.availableParallelism()));

const children = new Set();
const dirs = new Set();
const schemas = new Set();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e9;
const fmt = (x, d = 1) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

async function cleanup() {
  for (const c of children) {
    c.kill('SIGTERM');
    await new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)));
  }
  if (schemas.size) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: DB_URL });
    await client.connect().catch(() => undefined);
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
async function fatal(message) {
  console.error(`\nbench failed: ${message}`);
  setTimeout(() => process.exit(1), 20_000).unref();
  await cleanup().catch(() => undefined);
  process.exit(1);
}

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

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function request(port, { method = 'GET', path = '/', headers = {}, body, timeoutMs = 600_000, stream }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, method, path, headers, timeout: timeoutMs, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (stream) stream.pipe(req);
    else req.end(body);
  });
}

async function gql(port, query, variables, token) {
  const res = await request(port, {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = JSON.parse(res.body);
  if (json.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(json.errors).slice(0, 400)}`);
  return json.data;
}

async function startApi(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(apiDir, 'dist', 'main.js')], {
    cwd: apiDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', PORT: String(port), HOST, LOG_LEVEL: 'warn', UPLOAD_MAX_BYTES: String(64 * 1024 ** 3), QUERY_TIMEOUT_MS: '300000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  child.stdout.on('data', (d) => (log = (log + d).slice(-4000)));
  child.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const t0 = now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited at start:\n${log}`);
    if (now() - t0 > 90) throw new Error(`API not healthy within 90 s:\n${log}`);
    try {
      if ((await request(port, { path: '/healthz', timeoutMs: 2000 })).status === 200) break;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  return { port, child };
}

const login = async (port, email, password = 'demo-password') =>
  (await gql(port, 'mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token user { organization { id } } } }', { e: email, p: password })).login;

async function queryListing(port, tokens, title, upload) {
  const { createDataset } = await gql(
    port,
    'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }',
    { input: { title, description: 'query bench', region: 'CN', provenance: 'COLLECTED', rights: { holding: true, processing: true, operation: true } } },
    tokens.provider,
  );
  const id = createDataset.id;
  const headers = { authorization: `Bearer ${tokens.provider}`, 'content-type': 'application/octet-stream' };
  const res = typeof upload === 'string'
    ? await request(port, { method: 'PUT', path: `/api/datasets/${id}/file`, headers, body: upload })
    : await request(port, { method: 'PUT', path: `/api/datasets/${id}/file`, headers: { ...headers, 'content-length': String(statSync(upload.path).size) }, stream: createReadStream(upload.path, { highWaterMark: 1 << 20 }) });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${res.body}`);
  const t0 = now();
  for (;;) {
    const d = (await gql(port, 'query($id: ID!) { dataset(id: $id) { status classification { verdict } } }', { id }, tokens.provider)).dataset;
    if (d.status !== 'CLASSIFYING' && d.status !== 'DRAFT') break;
    if (now() - t0 > 1200) throw new Error('classification did not finish');
    await sleep(500);
  }
  const offer = (await gql(port, 'mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status } }', { d: id }, tokens.provider)).offerAggregateQueries;
  if (offer.status === 'PENDING') await gql(port, 'mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: true) { status } }', { d: id }, tokens.admin);
  await gql(port, 'mutation($id: ID!) { publishDataset(id: $id) { id } }', { id }, tokens.provider);
  return id;
}

async function queryGrant(port, tokens, datasetId, buyerToken) {
  const { requestAccess } = await gql(
    port,
    'mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN", mode: QUERY }) { id status reasons } }',
    { d: datasetId },
    buyerToken,
  );
  if (requestAccess.status !== 'PENDING') throw new Error(`request ${requestAccess.status}: ${requestAccess.reasons.join(' ')}`);
  const grantId = (await gql(port, 'mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }', { id: requestAccess.id }, tokens.provider)).decideAccessRequest.grant.id;
  // Exact answers: the bench measures the engine, not the noise (which costs microseconds).
  await gql(port, 'mutation($g: ID!) { setGrantQueryPolicy(grantId: $g, input: { minGroupSize: 10, differentialPrivacy: null }) { id } }', { g: grantId }, tokens.provider);
  return grantId;
}

const RUN = 'mutation($g: ID!, $input: AggregateQueryInput!) { runAggregateQuery(grantId: $g, input: $input) { columns rows suppressedGroups cached rowsScanned durationMs } }';
const MEASURES = [{ fn: 'COUNT' }, { fn: 'SUM', column: 'amount' }, { fn: 'AVG', column: 'amount' }];
const ORDERS = [[0, 1, 2], [1, 2, 0], [2, 0, 1]];

/** The same group-by straight in DuckDB on the same file. */
async function direct(file, explicit) {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(THREADS) });
  const c = await instance.connect();
  const lit = `'${file.replaceAll("'", "''")}'`;
  const names = ['id', 'name', 'contact', 'id_number', 'card', 'email', 'address', 'note', 'order_no', 'amount', 'created_ms'];
  const source = explicit
    ? `read_csv(${lit}, delim = ',', quote = '"', escape = '"', header = true, auto_detect = false, columns = {${names.map((n) => `'${n}': 'VARCHAR'`).join(', ')}}, null_padding = true, strict_mode = false)`
    : `read_csv(${lit})`;
  const district = "nullif(regexp_extract(trim(address), '^(.*?(省|自治区|特别行政区))?(.*?(市|自治州|地区|盟))?(.*?(区|县|旗))', 0), '')";
  const x = 'try_cast(amount AS DOUBLE)';
  const t0 = now();
  const r = await c.runAndReadAll(`SELECT ${district} AS d, count(*), sum(${x}), avg(${x}) FROM ${source} GROUP BY 1 ORDER BY 1`);
  const s = now() - t0;
  const groups = r.getRows().length;
  c.closeSync();
  instance.closeSync();
  return { s, groups };
}

function smallCsv(rows = 5000) {
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const lines = ['birth_year,gender,occupation,score'];
  for (let i = 0; i < rows; i++) lines.push(`${1950 + Math.floor(rnd() * 50)},${rnd() < 0.5 ? 'M' : 'F'},${['farmer', 'nurse', 'chef', 'clerk'][Math.floor(rnd() * 4)]},${Math.floor(rnd() * 100)}`);
  return lines.join('\n') + '\n';
}

async function bench(backend, file) {
  const dataDir = mkdtempSync(join(os.tmpdir(), `eastlake-qbench-${backend}-`));
  dirs.add(dataDir);
  const env = { EASTLAKE_DATA_DIR: dataDir };
  if (backend === 'postgres') {
    const { default: pg } = await import('pg');
    const schema = `qbench_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: DB_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    schemas.add(schema);
    Object.assign(env, { DATABASE_URL: DB_URL, DATABASE_SCHEMA: schema });
  }
  const api = await startApi(env);
  const { port } = api;
  const tokens = {
    provider: (await login(port, 'provider@demo.eastlake')).token,
    admin: (await login(port, 'admin@demo.eastlake')).token,
    buyer: (await login(port, 'buyer@demo.eastlake')).token,
  };

  // 1. Large group-by.
  const tu = now();
  const big = await queryListing(port, tokens, 'bench: mixed large', { path: file });
  console.log(`[${backend}] upload + classification + offer + publish of ${fmt(statSync(file).size / 1e6)} MB: ${fmt(now() - tu)} s`);
  const bigGrant = await queryGrant(port, tokens, big, tokens.buyer);
  const apiRuns = [];
  let shape = null;
  for (const order of ORDERS) {
    const input = { groupBy: [{ column: 'address' }], generalise: [{ column: 'address', to: 'DISTRICT' }], measures: order.map((i) => MEASURES[i]) };
    const t0 = now();
    const r = (await gql(port, RUN, { g: bigGrant, input }, tokens.buyer)).runAggregateQuery;
    apiRuns.push(now() - t0);
    if (r.cached) throw new Error('a bench query was answered from the cache');
    shape = { groups: r.rows.length, suppressed: r.suppressedGroups, rowsScanned: r.rowsScanned };
  }
  const explicitRuns = [];
  const autoRuns = [];
  let directGroups = 0;
  for (let i = 0; i < 3; i++) {
    const e = await direct(file, true);
    explicitRuns.push(e.s);
    directGroups = e.groups;
    autoRuns.push((await direct(file, false)).s);
  }

  // 2. Small query under concurrent buyers.
  const small = await queryListing(port, tokens, 'bench: small survey', smallCsv());
  const buyers = [];
  for (let i = 0; i < BUYERS; i++) {
    const email = `qbench-${i}-${randomBytes(3).toString('hex')}@example.test`;
    const reg = (await gql(port, 'mutation($i: RegisterInput!) { register(input: $i) { token user { organization { id } } } }', { i: { email, password: 'bench-password-1', organizationName: `Bench buyer ${email}`, kind: 'BUYER' } })).register;
    await gql(port, 'mutation($id: ID!) { verifyOrganization(id: $id) { id } }', { id: reg.user.organization.id }, tokens.admin);
    buyers.push({ token: reg.token, grant: await queryGrant(port, tokens, small, reg.token) });
  }
  const latencies = [];
  let errors = 0;
  let n = 0;
  const until = now() + LOAD_S;
  await Promise.all(
    buyers.map(async (b) => {
      while (now() < until) {
        const input = { groupBy: [{ column: 'gender' }], measures: [{ fn: 'COUNT' }, { fn: 'SUM', column: 'score', clip: { lower: 0, upper: 1000 + n++ } }] };
        const t0 = now();
        try {
          const r = (await gql(port, RUN, { g: b.grant, input }, b.token)).runAggregateQuery;
          if (r.cached) throw new Error('cached');
          latencies.push((now() - t0) * 1000);
        } catch {
          errors++;
        }
      }
    }),
  );
  await cleanupApi(api);
  return { backend, apiRuns, explicitRuns, autoRuns, shape, directGroups, latencies, errors };
}

async function cleanupApi(api) {
  api.child.kill('SIGTERM');
  await new Promise((r) => (api.child.exitCode !== null ? r() : api.child.once('exit', r)));
  children.delete(api.child);
}

async function main() {
  if (!existsSync(join(apiDir, 'dist', 'main.js'))) return fatal('apps/api/dist is missing: run `npm run build` in apps/api first');
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => fatal(`interrupted (${sig})`));
  const file = join(root, '.bench', 'listings', `mixed-${MB}mb.csv`);
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, DuckDB threads ${THREADS}`);
  const tg = now();
  if (await writeMixedCsv(file, MB)) console.log(`generated ${file} in ${fmt(now() - tg)} s`);
  const results = [];
  for (const backend of (process.env.BENCH_BACKENDS ?? 'pglite').split(',').map((s) => s.trim())) results.push(await bench(backend, file));
  console.log('\n| backend | group-by, 3 measures, API (median of 3) | same in DuckDB, explicit options | DuckDB, sniffed CSV | API ÷ direct (explicit) | target ≤ 3× | groups (API / direct) | small query p50 / p99 (ms), 10 buyers | queries/s | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const api = median(r.apiRuns);
    const ex = median(r.explicitRuns);
    const ratio = api / ex;
    console.log(
      `| ${r.backend} | ${fmt(api, 2)} s | ${fmt(ex, 2)} s | ${fmt(median(r.autoRuns), 2)} s | ${fmt(ratio, 2)}× | ${ratio <= 3 ? 'met' : 'MISSED'} | ${r.shape.groups}+${r.shape.suppressed} suppressed / ${r.directGroups} | ${fmt(quantile(r.latencies, 0.5), 0)} / ${fmt(quantile(r.latencies, 0.99), 0)} | ${fmt(r.latencies.length / LOAD_S, 1)} | ${r.errors} |`,
    );
  }
  console.log(`\nraw: ${JSON.stringify(results.map(({ latencies, ...r }) => ({ ...r, smallQueries: latencies.length })))}`);
  await cleanup();
}

main().catch((e) => fatal(e.stack ?? String(e)));
