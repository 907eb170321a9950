// Benchmark: generates a mixed CSV (BENCH_MB, default 200) in .bench/ — a third of the rows
// with personal information, the rest with look-alikes — then runs the built CLI end to end
// BENCH_RUNS times (default 3; the median run is reported) and redact-pii's SyncRedactor on
// the first BENCH_PEER_MB (default 20) of the same file, each in its own process.
// Reported per tool: wall-clock MB/s, CPU seconds (user + sys of that process, from
// getrusage at exit for the CLI, process.cpuUsage() around the loop for the peer), MB per
// CPU-second (the fair one-core figure on a shared machine), rows/s and peak RSS.
// Usage: npm run bench [-w packages/classifier]   (BENCH_MB=1024 for 1 GB)
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const dir = join(pkg, '.bench');
const MB = Number(process.env.BENCH_MB ?? 200);
const PEER_SAMPLE_MB = Number(process.env.BENCH_PEER_MB ?? 20);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const file = join(dir, `mixed-${MB}mb.csv`);
const cli = join(pkg, 'bin', 'eastlake-classify.js');

// ---- deterministic generator ----
let seed = 42;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const int = (n) => Math.floor(rnd() * n);
const digits = (n) => Array.from({ length: n }, () => int(10)).join('');
const pick = (a) => a[int(a.length)];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentId() {
  const region = pick(['420102', '420106', '110105', '310104', '440305', '500103']);
  const y = 1950 + int(55);
  const body = `${region}${y}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}${digits(3)}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
  return body + '10X98765432'[s % 11];
}
function luhnComplete(prefix, len) {
  const body = prefix + digits(len - prefix.length - 1);
  for (let c = 0; c < 10; c++) {
    const d = body + c;
    let sum = 0;
    for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let v = Number(d[i]);
      if (dbl) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return d;
  }
}
const SUR = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂';
const name = () => pick(SUR) + pick(GIVEN) + (rnd() < 0.5 ? pick(GIVEN) : '');
const ROADS = ['武珞路', '建设大道', '人民路', '长江路', '青年路', '解放大道'];
const DISTRICTS = ['江岸区', '江汉区', '武昌区', '洪山区', '汉阳区', '青山区'];
const TEXT = ['请尽快退款', '物流太慢了', '包装破损', '客服态度很好', 'wine tasted fine', '发票什么时候开'];

function personRow(i) {
  const mobile = `1${pick('3456789')}${digits(9)}`;
  return [
    i, name(), mobile, residentId(), luhnComplete('62', 19), `user${i}@example.com`,
    `湖北省武汉市${pick(DISTRICTS)}${pick(ROADS)}${1 + int(900)}号${1 + int(30)}栋${1 + int(6)}单元${100 + int(3000)}室`,
    `${pick(TEXT)}，回电${mobile}`, digits(18), (int(100000) / 100).toFixed(2), String(1700000000000 + int(1e11)),
  ].join(',');
}
function lookAlikeRow(i) {
  const badId = (() => { const id = residentId(); return id.slice(0, 17) + ((Number(id[17]) || 0) + 1) % 10; })();
  const badCard = (() => { const c = luhnComplete('62', 16); return c.slice(0, 15) + ((Number(c[15]) + 1) % 10); })();
  return [
    i, pick(['江岸区', '白酒', '黄山', '武汉光谷贸易有限公司', '红茶']), `${pick(['10', '12', '11'])}${digits(9)}`, badId, badCard,
    `user${i} at example dot com`, `湖北省武汉市${pick(DISTRICTS)}`, `${pick(TEXT)}，订单${digits(18)}`, digits(18),
    (int(100000) / 100).toFixed(2), String(1700000000000 + int(1e11)),
  ].join(',');
}

async function generate() {
  if (existsSync(file) && Math.abs(statSync(file).size - MB * 1e6) < 2e6) return;
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(file);
  let bytes = 0;
  let i = 0;
  out.write('id,name,contact,id_number,card,email,address,note,order_no,amount,created_ms\n');
  while (bytes < MB * 1e6) {
    const lines = [];
    for (let k = 0; k < 2000; k++, i++) lines.push(i % 3 === 0 ? personRow(i) : lookAlikeRow(i));
    const chunk = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

/**
 * Runs the CLI once. CPU time and peak RSS come from the child's own getrusage at exit
 * (bench/rusage-hook.mjs writes them to fd 3); /proc/PID/status VmHWM is polled as a cross-check.
 */
function runCli() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', join(here, 'rusage-hook.mjs'), cli, file, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
    });
    let out = '';
    let usage = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* process ended */ }
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
    const child = spawn(process.execPath, [join(here, 'peer.mjs'), file, String(PEER_SAMPLE_MB)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`peer exited ${code}`))));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await generate();
const size = statSync(file).size / 1e6;
console.log(`file: ${file} (${size.toFixed(1)} MB), ${RUNS} run(s) of the CLI, peer sample ${PEER_SAMPLE_MB} MB`);
const runs = [];
for (let r = 0; r < RUNS; r++) {
  const x = await runCli();
  runs.push(x);
  console.log(`  run ${r + 1}: wall ${x.wall.toFixed(2)} s, cpu ${x.cpu.toFixed(2)} s (user ${x.user.toFixed(2)} + sys ${x.sys.toFixed(2)}), peak RSS ${x.peakMb.toFixed(1)} MB`);
}
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
console.log('| tool | input | wall (s) | wall MB/s | CPU (s) | MB per CPU-s | rows/s (wall) | peak RSS (MB) |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(`| eastlake-classify (CLI, end to end, median of ${RUNS}) | ${fmt(size)} MB, ${num(rows)} rows | ${fmt(wall, 2)} | ${fmt(ours.wallMbs)} | ${fmt(cpu, 2)} | ${fmt(ours.cpuMbs)} | ${num(rows / wall)} | ${fmt(peakMb)} |`);
console.log(`| redact-pii 3.4 SyncRedactor (in-process loop, per line) | first ${fmt(p.mb)} MB, ${num(p.rows)} rows | ${fmt(p.wall, 2)} | ${fmt(peer.wallMbs, 2)} | ${fmt(p.cpu, 2)} | ${fmt(peer.cpuMbs, 2)} | ${num(p.rows / p.wall)} | n/a |`);
console.log('');
console.log(`ratio (MB per CPU-second, ours end to end incl. process start and file reading / peer redaction loop only): ${fmt(ours.cpuMbs / peer.cpuMbs)}x`);
console.log(`ratio (wall MB/s, same basis): ${fmt(ours.wallMbs / peer.wallMbs)}x`);
console.log(`verdict: ${runs[0].report.verdict}, ${num(rows)} rows, ${runs[0].report.columns.length} columns`);
console.log(
  `targets: >= 60 MB/s one core (MB per CPU-s ${fmt(ours.cpuMbs)}: ${ours.cpuMbs >= 60 ? 'met' : 'NOT met'}; wall ${fmt(ours.wallMbs)}: ${ours.wallMbs >= 60 ? 'met' : 'NOT met'}); ` +
    `peak RSS <= 256 MB ${peakMb <= 256 ? 'met' : 'NOT met'}; >= 10x peer (CPU basis) ${ours.cpuMbs / peer.cpuMbs >= 10 ? 'met' : 'NOT met'}`,
);
