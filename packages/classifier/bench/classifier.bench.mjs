// Benchmark: generates a mixed CSV (BENCH_MB, default 200) in .bench/ — a third of the rows
// with personal information, the rest with look-alikes — then runs the built CLI end to end
// (MB/s, rows/s, peak RSS) and redact-pii's SyncRedactor on a same-content sample for a
// side-by-side ratio. Usage: npm run bench [-w packages/classifier]   (BENCH_MB=1024 for 1 GB)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createWriteStream, existsSync, mkdirSync, openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const dir = join(pkg, '.bench');
const MB = Number(process.env.BENCH_MB ?? 200);
const PEER_SAMPLE_MB = Number(process.env.BENCH_PEER_MB ?? 2);
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

/** Runs the CLI, polling /proc/PID/status for VmHWM (peak RSS). */
function runCli() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, file, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* process ended */ }
    }, 50);
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`CLI exited ${code}`));
      resolve({ s: Number(process.hrtime.bigint() - t0) / 1e9, peakMb: peakKb / 1024, report: JSON.parse(out) });
    });
  });
}

function peer() {
  const require = createRequire(import.meta.url);
  const { SyncRedactor } = require('redact-pii');
  const redactor = new SyncRedactor();
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(PEER_SAMPLE_MB * 1e6);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  let text = buf.subarray(0, n).toString('utf8');
  text = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = text.split('\n').filter(Boolean);
  const t0 = process.hrtime.bigint();
  for (const line of lines) redactor.redact(line);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { s, mb: Buffer.byteLength(text) / 1e6, rows: lines.length };
}

await generate();
const size = statSync(file).size / 1e6;
console.log(`file: ${file} (${size.toFixed(1)} MB)`);
const ours = await runCli();
const rows = ours.report.rows;
const p = peer();
const oursMbs = size / ours.s;
const peerMbs = p.mb / p.s;
const fmt = (x, d = 1) => x.toFixed(d);
console.log('');
console.log('| tool | input | time (s) | MB/s | rows/s | peak RSS (MB) |');
console.log('|---|---|---|---|---|---|');
console.log(`| eastlake-classify (CLI, end to end) | ${fmt(size)} MB | ${fmt(ours.s, 2)} | ${fmt(oursMbs)} | ${Math.round(rows / ours.s).toLocaleString('en')} | ${fmt(ours.peakMb)} |`);
console.log(`| redact-pii SyncRedactor (in-process, per line) | ${fmt(p.mb)} MB sample | ${fmt(p.s, 2)} | ${fmt(peerMbs, 2)} | ${Math.round(p.rows / p.s).toLocaleString('en')} | n/a |`);
console.log('');
console.log(`redact-pii on the full ${fmt(size)} MB would take about ${fmt(size / peerMbs / 60)} min (extrapolated from the ${fmt(p.mb)} MB sample).`);
console.log(`ratio: ${fmt(oursMbs / peerMbs)}x   verdict: ${ours.report.verdict}, ${rows.toLocaleString('en')} rows, ${ours.report.columns.length} columns`);
console.log(`targets: >= 60 MB/s ${oursMbs >= 60 ? 'met' : 'NOT met'}; peak RSS <= 256 MB ${ours.peakMb <= 256 ? 'met' : 'NOT met'}; >= 10x peer ${oursMbs / peerMbs >= 10 ? 'met' : 'NOT met'}`);
