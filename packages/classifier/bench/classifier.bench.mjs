// Benchmark: generates a mixed CSV (BENCH_MB, default 200) in .bench/ — a third of the rows
// with personal information, the rest with look-alikes — then runs the built CLI end to end
// BENCH_RUNS times (default 3; the median run is reported) and redact-pii's SyncRedactor on
// the first BENCH_PEER_MB (default 20) of the same file, each in its own process.
// Reported per tool: wall-clock MB/s, CPU seconds (user + sys of that process, from
// getrusage at exit for the CLI, process.cpuUsage() around the loop for the peer), MB per
// CPU-second (the fair one-core figure on a shared machine), rows/s and peak RSS.
// Usage: npm run bench [-w packages/classifier]   (BENCH_MB=1024 for 1 GB)
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMixedCsv } from './mixed-csv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const dir = join(pkg, '.bench');
const MB = Number(process.env.BENCH_MB ?? 200);
const PEER_SAMPLE_MB = Number(process.env.BENCH_PEER_MB ?? 20);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const file = join(dir, `mixed-${MB}mb.csv`);
const cli = join(pkg, 'bin', 'eastlake-classify.js');

async function generate() {
  await writeMixedCsv(file, MB);
}

/**
 * Runs the CLI once. CPU time and peak RSS come from the child's own getrusage at exit
 * (bench/rusage-hook.mjs writes them to fd 3); /proc/PID/status VmHWM is polled as a cross-check.
 */
function runCli() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      ['--import', join(here, 'rusage-hook.mjs'), cli, file, '--json'],
      {
        stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
      },
    );
    let out = '';
    let usage = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* process ended */
      }
    }, 50);
    child.stdout.on('data', (d) => (out += d));
    child.stdio[3].on('data', (d) => (usage += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`CLI exited ${code}`));
      const u = JSON.parse(usage);
      resolve({
        wall: Number(process.hrtime.bigint() - t0) / 1e9,
        cpu: (u.userUs + u.sysUs) / 1e6,
        user: u.userUs / 1e6,
        sys: u.sysUs / 1e6,
        peakMb: Math.max(peakKb, u.maxRssKb) / 1024,
        report: JSON.parse(out),
      });
    });
  });
}

function runPeer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'peer.mjs'), file, String(PEER_SAMPLE_MB)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`peer exited ${code}`)),
    );
  });
}

/** The streaming-and-splitting peer over the whole file, in its own process (see split-peer.mjs). */
function runSplitPeer() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(here, 'split-peer.mjs'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ ...JSON.parse(out), processWall: Number(process.hrtime.bigint() - t0) / 1e9 })
        : reject(new Error(`split peer exited ${code}`)),
    );
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await generate();
const size = statSync(file).size / 1e6;
console.log(
  `file: ${file} (${size.toFixed(1)} MB), ${RUNS} run(s) of the CLI, peer sample ${PEER_SAMPLE_MB} MB`,
);
const runs = [];
for (let r = 0; r < RUNS; r++) {
  const x = await runCli();
  runs.push(x);
  console.log(
    `  run ${r + 1}: wall ${x.wall.toFixed(2)} s, cpu ${x.cpu.toFixed(2)} s (user ${x.user.toFixed(2)} + sys ${x.sys.toFixed(2)}), peak RSS ${x.peakMb.toFixed(1)} MB`,
  );
}
const splits = [];
for (let r = 0; r < RUNS; r++) splits.push(await runSplitPeer());
const split = splits.sort((a, b) => a.processWall - b.processWall)[Math.floor(splits.length / 2)];
const rows = runs[0].report.rows;
const wall = median(runs.map((x) => x.wall));
const cpu = median(runs.map((x) => x.cpu));
const peakMb = Math.max(...runs.map((x) => x.peakMb));
const p = await runPeer();
const fmt = (x, d = 1) => x.toFixed(d);
const num = (x) => Math.round(x).toLocaleString('en');
const ours = { wallMbs: size / wall, cpuMbs: size / cpu };
const peer = { wallMbs: p.mb / p.wall, cpuMbs: p.mb / p.cpu };
console.log('');
console.log(
  '| tool | input | wall (s) | wall MB/s | CPU (s) | MB per CPU-s | rows/s (wall) | peak RSS (MB) |',
);
console.log('|---|---|---|---|---|---|---|---|');
console.log(
  `| eastlake-classify (CLI, end to end, median of ${RUNS}) | ${fmt(size)} MB, ${num(rows)} rows | ${fmt(wall, 2)} | ${fmt(ours.wallMbs)} | ${fmt(cpu, 2)} | ${fmt(ours.cpuMbs)} | ${num(rows / wall)} | ${fmt(peakMb)} |`,
);
console.log(
  `| JS stream + decode + split fields only (split-peer.mjs, process end to end, median of ${RUNS}) | ${fmt(split.mb)} MB, ${num(split.rows)} rows | ${fmt(split.processWall, 2)} | ${fmt(split.mb / split.processWall)} | ${fmt(split.cpu, 2)} | ${fmt(split.mb / split.cpu)} | ${num(split.rows / split.processWall)} | n/a |`,
);
console.log(
  `| redact-pii 3.4 SyncRedactor (in-process loop, per line) | first ${fmt(p.mb)} MB, ${num(p.rows)} rows | ${fmt(p.wall, 2)} | ${fmt(peer.wallMbs, 2)} | ${fmt(p.cpu, 2)} | ${fmt(peer.cpuMbs, 2)} | ${num(p.rows / p.wall)} | n/a |`,
);
console.log('');
console.log(
  `ratio (MB per CPU-second, ours end to end incl. process start and file reading / peer redaction loop only): ${fmt(ours.cpuMbs / peer.cpuMbs)}x`,
);
console.log(`ratio (wall MB/s, same basis): ${fmt(ours.wallMbs / peer.wallMbs)}x`);
const vsSplit = wall / split.processWall;
console.log(
  `time vs the stream-and-split script (wall, both whole processes): ${fmt(vsSplit, 2)}x (target <= 1.3x: ${vsSplit <= 1.3 ? 'met' : 'NOT met'})`,
);
console.log(
  `verdict: ${runs[0].report.verdict}, ${num(rows)} rows, ${runs[0].report.columns.length} columns`,
);
console.log(
  `targets: >= 60 MB/s one core (MB per CPU-s ${fmt(ours.cpuMbs)}: ${ours.cpuMbs >= 60 ? 'met' : 'NOT met'}; wall ${fmt(ours.wallMbs)}: ${ours.wallMbs >= 60 ? 'met' : 'NOT met'}); ` +
    `peak RSS <= 256 MB ${peakMb <= 256 ? 'met' : 'NOT met'}; >= 10x peer (CPU basis) ${ours.cpuMbs / peer.cpuMbs >= 10 ? 'met' : 'NOT met'}`,
);
