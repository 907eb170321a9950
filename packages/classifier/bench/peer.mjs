// Runs the npm peer redact-pii (SyncRedactor, default rules) over the first PEER_MB of FILE,
// one redact() call per line, in its own process; prints JSON: wall and CPU seconds of the
// redaction loop only (reading and splitting the sample are excluded, a favour to the peer).
import { createRequire } from 'node:module';
import { openSync, readSync, closeSync } from 'node:fs';

const [file, mbArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii');
const redactor = new SyncRedactor();
const fd = openSync(file, 'r');
const buf = Buffer.alloc(Number(mbArg) * 1e6);
const n = readSync(fd, buf, 0, buf.length, 0);
closeSync(fd);
let text = buf.subarray(0, n).toString('utf8');
text = text.slice(0, text.lastIndexOf('\n') + 1);
const lines = text.split('\n').filter(Boolean);
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let changed = 0;
for (const line of lines) if (redactor.redact(line) !== line) changed++;
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({
    mb: Buffer.byteLength(text) / 1e6,
    rows: lines.length,
    wall,
    cpu: (c.user + c.system) / 1e6,
    changed,
  }),
);
