// The benchmarks' deterministic mixed CSV: a third of the rows carry personal information
// (valid resident IDs, UnionPay cards, mobiles, names, street addresses, emails), the rest
// look-alikes that must not match (bad check digits, place/product words, 18-digit order
// numbers). Shared by packages/classifier/bench and apps/api/bench so both measure the same bytes.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

let seed = 42;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
export const int = (n) => Math.floor(rnd() * n);
const digits = (n) => Array.from({ length: n }, () => int(10)).join('');
export const pick = (a) => a[int(a.length)];
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
export const DISTRICTS = ['江岸区', '江汉区', '武昌区', '洪山区', '汉阳区', '青山区'];
const TEXT = [
  '请尽快退款',
  '物流太慢了',
  '包装破损',
  '客服态度很好',
  'wine tasted fine',
  '发票什么时候开',
];
export const HEADER =
  'id,name,contact,id_number,card,email,address,note,order_no,amount,created_ms\n';

export function personRow(i) {
  const mobile = `1${pick('3456789')}${digits(9)}`;
  return [
    i,
    name(),
    mobile,
    residentId(),
    luhnComplete('62', 19),
    `user${i}@example.com`,
    `湖北省武汉市${pick(DISTRICTS)}${pick(ROADS)}${1 + int(900)}号${1 + int(30)}栋${1 + int(6)}单元${100 + int(3000)}室`,
    `${pick(TEXT)}，回电${mobile}`,
    digits(18),
    (int(100000) / 100).toFixed(2),
    String(1700000000000 + int(1e11)),
  ].join(',');
}

export function lookAlikeRow(i) {
  const badId = (() => {
    const id = residentId();
    return id.slice(0, 17) + (((Number(id[17]) || 0) + 1) % 10);
  })();
  const badCard = (() => {
    const c = luhnComplete('62', 16);
    return c.slice(0, 15) + ((Number(c[15]) + 1) % 10);
  })();
  return [
    i,
    pick(['江岸区', '白酒', '黄山', '武汉光谷贸易有限公司', '红茶']),
    `${pick(['10', '12', '11'])}${digits(9)}`,
    badId,
    badCard,
    `user${i} at example dot com`,
    `湖北省武汉市${pick(DISTRICTS)}`,
    `${pick(TEXT)}，订单${digits(18)}`,
    digits(18),
    (int(100000) / 100).toFixed(2),
    String(1700000000000 + int(1e11)),
  ].join(',');
}

/** Writes ~`mb` MB of the mixed CSV to `file` (kept when one of that size exists). @returns whether it wrote. */
export async function writeMixedCsv(file, mb) {
  if (existsSync(file) && Math.abs(statSync(file).size - mb * 1e6) < 2e6) return false;
  mkdirSync(dirname(file), { recursive: true });
  seed = 42;
  const out = createWriteStream(`${file}.part`);
  let bytes = 0;
  let i = 0;
  out.write(HEADER);
  while (bytes < mb * 1e6) {
    const lines = [];
    for (let k = 0; k < 2000; k++, i++) lines.push(i % 3 === 0 ? personRow(i) : lookAlikeRow(i));
    const chunk = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  renameSync(`${file}.part`, file);
  return true;
}
