// The lower bound the classifier is compared with: a JS script that only streams FILE
// (1 MB chunks, as the CLI reads), decodes UTF-8 and splits it into lines and fields, counting
// them — no detection at all. Prints JSON: wall and CPU seconds of the whole process work,
// rows and fields. Usage: node split-peer.mjs FILE
import { createReadStream } from 'node:fs';

const [file] = process.argv.slice(2);
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const decoder = new TextDecoder('utf-8');
let carry = '';
let rows = 0;
let fields = 0;
let bytes = 0;
const split = (text) => {
  let a = 0;
  let nl = text.indexOf('\n');
  while (nl >= 0) {
    if (nl > a) {
      rows++;
      fields++;
      for (let j = text.indexOf(',', a); j >= 0 && j < nl; j = text.indexOf(',', j + 1)) fields++;
    }
    a = nl + 1;
    nl = text.indexOf('\n', a);
  }
  return text.slice(a);
};
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  bytes += chunk.length;
  carry = split(carry + decoder.decode(chunk, { stream: true }));
}
split(carry + decoder.decode() + '\n');
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({ mb: bytes / 1e6, rows, fields, wall, cpu: (c.user + c.system) / 1e6 }),
);
