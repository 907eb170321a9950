// Start-up benchmark of the BUILT API (apps/api/dist): wall time from spawning `node
// dist/main.js` to the first 200 from /healthz (the app listens once migrations and the
// demo seed are done), and the peak RSS (VmHWM) at that moment, side by side:
//
//  - embedded PGlite, first start in an empty data folder: copies the demo template
//    (dist/pglite-template/demo, seeded by `npm run build`) when it fits, else the plain one
//    and the demo seed runs live;
//  - the same with the demo template passed over (a storage folder that already holds a file):
//    the plain pre-migrated template, then the demo seed live — the start before the demo template;
//  - embedded PGlite, second start on the same folder (nothing left to migrate or seed);
//  - PostgreSQL, first start in an empty schema (no demo seed, the default there), and with
//    SEED_DEMO=true (the same demo seed as embedded).
//
// Each case BENCH_STARTS times (default 3), one after another; the report gives the median
// and the spread. Target: a fresh embedded start ≤ 3 s.
//
//   cd apps/api && npm run build && node bench/startup.bench.mjs
//   env: BENCH_STARTS (3), BENCH_BACKENDS (pglite,postgres), DATABASE_URL
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const DB_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const backends = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim());

const children = new Set();
const dirs = new Set();
const schemas = new Set();
const now = () => Number(process.hrtime.bigint()) / 1e9;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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

function healthz(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Peak resident set (VmHWM) of a live process in MB, or null. */
function peakRss(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** One start: seconds to the first healthy /healthz, peak RSS then, and the banner's own figure. */
async function start(env) {
  const port = await freePort();
  const t0 = now();
  const child = spawn(process.execPath, [join(apiDir, 'dist', 'main.js')], {
    cwd: apiDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', PORT: String(port), HOST, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  child.stdout.on('data', (d) => (log = (log + d).slice(-8000)));
  child.stderr.on('data', (d) => (log = (log + d).slice(-8000)));
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the API exited at start:\n${log}`);
      if (now() - t0 > 120) throw new Error(`the API was not healthy within 120 s:\n${log}`);
      if (await healthz(port)) break;
      await sleep(20);
    }
    const seconds = now() - t0;
    const rss = peakRss(child.pid);
    const banner = /running in (\d+) ms/.exec(log);
    return { seconds, rss, bannerMs: banner ? Number(banner[1]) : null };
  } finally {
    await stop(child);
    children.delete(child);
  }
}

async function pg(sql) {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({ connectionString: DB_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function cleanup() {
  for (const c of children) await stop(c);
  for (const s of schemas) await pg(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

function summary(label, runs) {
  const s = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const rss = runs.map((r) => r.rss ?? NaN).sort((a, b) => a - b);
  const med = (xs) => (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
  return { label, n: runs.length, median: med(s), min: s[0], max: s.at(-1), rss: med(rss), banner: med(runs.map((r) => r.bannerMs ?? NaN).sort((a, b) => a - b)) };
}

async function main() {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().finally(() => process.exit(1)));
  if (!existsSync(join(apiDir, 'dist', 'main.js'))) throw new Error('apps/api/dist is missing: run `npm run build` in apps/api first');
  const template = existsSync(join(apiDir, 'dist', 'pglite-template', 'template.json'));
  const demoFile = join(apiDir, 'dist', 'pglite-template', 'demo', 'demo.json');
  const demo = existsSync(demoFile) ? JSON.parse(readFileSync(demoFile, 'utf8')) : null;
  console.log(
    `machine: ${os.cpus().length} cores, Node ${process.version}, load average at start ${load()}; PGlite template ${template ? 'present' : 'MISSING (npm run build makes it)'}; ` +
      `demo template ${demo ? `built ${demo.builtAt}` : 'MISSING (npm run build makes it; the first start seeds live)'}`,
  );
  const rows = [];
  if (backends.includes('pglite')) {
    const fresh = [];
    const again = [];
    for (let i = 0; i < STARTS; i++) {
      const dir = mkdtempSync(join(os.tmpdir(), 'eastlake-startup-'));
      dirs.add(dir);
      fresh.push(await start({ EASTLAKE_DATA_DIR: dir }));
      again.push(await start({ EASTLAKE_DATA_DIR: dir }));
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
      console.log(`[PGlite] run ${i + 1}: first start ${fresh.at(-1).seconds.toFixed(2)} s (${fresh.at(-1).rss?.toFixed(0)} MB), second ${again.at(-1).seconds.toFixed(2)} s (load ${load()})`);
    }
    const live = [];
    for (let i = 0; i < STARTS; i++) {
      const dir = mkdtempSync(join(os.tmpdir(), 'eastlake-startup-'));
      dirs.add(dir);
      // A file in the storage folder: the demo template does not apply, the seed runs live.
      mkdirSync(join(dir, 'files'), { recursive: true });
      writeFileSync(join(dir, 'files', 'already-here'), '');
      live.push(await start({ EASTLAKE_DATA_DIR: dir }));
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
      console.log(`[PGlite, live seed] run ${i + 1}: first start ${live.at(-1).seconds.toFixed(2)} s (${live.at(-1).rss?.toFixed(0)} MB) (load ${load()})`);
    }
    rows.push(summary(`PGlite, first start in an empty data folder (${demo ? 'from the demo template' : 'demo seed live'})`, fresh));
    rows.push(summary('PGlite, first start, demo template passed over (plain template + demo seed live)', live));
    rows.push(summary('PGlite, second start on the same folder', again));
  }
  if (backends.includes('postgres')) {
    for (const seed of ['false', 'true']) {
      const runs = [];
      for (let i = 0; i < STARTS; i++) {
        const schema = `bench_${randomBytes(4).toString('hex')}`;
        try {
          await pg(`CREATE SCHEMA ${schema}`);
        } catch (error) {
          console.log(`PostgreSQL not reachable at ${DB_URL}: ${error.message} — skipped`);
          break;
        }
        schemas.add(schema);
        const dir = mkdtempSync(join(os.tmpdir(), 'eastlake-startup-'));
        dirs.add(dir);
        runs.push(await start({ DATABASE_URL: DB_URL, DATABASE_SCHEMA: schema, SEED_DEMO: seed, EASTLAKE_DATA_DIR: dir }));
        await pg(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        schemas.delete(schema);
        rmSync(dir, { recursive: true, force: true });
        dirs.delete(dir);
        console.log(`[PostgreSQL, seed ${seed}] run ${i + 1}: ${runs.at(-1).seconds.toFixed(2)} s (${runs.at(-1).rss?.toFixed(0)} MB) (load ${load()})`);
      }
      if (runs.length) rows.push(summary(`PostgreSQL, first start in an empty schema${seed === 'true' ? ', SEED_DEMO=true' : ' (no demo seed)'}`, runs));
    }
  }
  console.log(`\n## Start-up (${STARTS} runs each, spawn → first 200 from /healthz)\n`);
  console.log(`load average at the end ${load()} — shared machine.\n`);
  console.log('| case | median (s) | min – max (s) | "running in" banner, median (ms) | peak RSS, median (MB) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.label} | ${r.median.toFixed(2)} | ${r.min.toFixed(2)} – ${r.max.toFixed(2)} | ${Number.isNaN(r.banner) ? 'n/a' : r.banner} | ${Number.isNaN(r.rss) ? 'n/a' : r.rss.toFixed(0)} |`);
  const fresh = rows.find((r) => r.label.startsWith('PGlite, first'));
  const pgRow = rows.find((r) => r.label.includes('no demo seed'));
  if (fresh) console.log(`\nFresh embedded start: ${fresh.median.toFixed(2)} s (target ≤ 3 s: ${fresh.median <= 3 ? 'met' : 'NOT met'})${pgRow ? `, ${(fresh.median / pgRow.median).toFixed(2)}× the PostgreSQL start without seed` : ''}.`);
  console.log("The banner figure counts from the start of main(), which loads the application's modules itself (only Node's start-up and a few light modules come before it); the wall time includes everything.");
  await cleanup();
}

main().catch(async (error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  await cleanup();
  process.exit(1);
});
