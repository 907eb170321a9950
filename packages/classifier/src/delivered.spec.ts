// v2 — what is delivered is what was classified: no parser differential between the classifier
// and the bytes a buyer receives (duplicate keys, BOMs, NUL bytes, comments, trailing text,
// nesting depth), and no decision taken on a prefix of the file.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { classifyFile, classifyStream } from './classify.js';
import { sha256Hex } from './consent.js';
import { ClassifierErrorCode } from './errors.js';
import { forEachSubjectKey } from './subjects.js';
import { residentIdCheck } from './test-support/generators.js';

const NOW = new Date('2026-06-01T12:00:00Z');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classifier-delivered-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const mobile = (i: number): string => `139${String(10000000 + i * 7919).slice(-8)}`;
const id = (i: number): string => {
  const body = `4201071990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return body + residentIdCheck(body);
};
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('no parser differential', () => {
  it('refuses a NUL byte anywhere, not only in the first 64 KB', async () => {
    const head = 'city,amount\n' + '武汉,1\n'.repeat(20000);
    const p = file(
      'nul.csv',
      Buffer.concat([Buffer.from(head), Buffer.from([0]), Buffer.from('1381234\n')]),
    );
    await expect(classifyFile(p, { now: NOW })).rejects.toMatchObject({
      code: ClassifierErrorCode.BINARY_INPUT,
    });
  });
  it('reads a byte-order mark or zero-width character inside a value as the buyer does', async () => {
    const p = file(
      'bom-inside.csv',
      'ref,tel\n' +
        range(20, (i) => `${i},${mobile(i).slice(0, 5)}\ufeff${mobile(i).slice(5)}`).join('\n') +
        '\n',
    );
    const r = await classifyFile(p, { now: NOW });
    expect(r.columns[1].types.map((t) => t.type)).toEqual(['CN_MOBILE']);
    expect(r.verdict).toBe('UNTRADEABLE');
  });
  it('classifies every occurrence of a duplicated key, and consent must cover them', async () => {
    const rows = range(10, (i) => `{"n":${i},"tel":"n/a","tel":"${mobile(i)}"}`).join('\n');
    const p = file('dup.ndjson', rows + '\n');
    const m = file(
      'dup.consent.csv',
      'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at\n' +
        `${sha256Hex(mobile(0))},ads,true,false,2099-01-01,\n`,
    );
    const r = await classifyFile(p, { now: NOW, consentPath: m, purpose: 'ads' });
    expect(r.columns.find((c) => c.name === 'tel')?.category).toBe('DIRECT_IDENTIFIER');
    expect(r.consent).toEqual({ coveredRows: 1, neededRows: 10, purpose: 'ads' });
    expect(r.warnings.join('\n')).toMatch(/^DUPLICATE_KEYS: 10 value/m);
  });
  it('keeps duplicated keys of nested objects and every object of an array', async () => {
    const rows = range(
      10,
      (i) => `{"a":{"x":"${mobile(i)}"},"a":{"x":"-"},"items":[{"id":"-"},{"id":"${id(i)}"}]}`,
    ).join('\n');
    const r = await classifyFile(file('nested-dup.ndjson', rows + '\n'), { now: NOW });
    expect(r.columns.find((c) => c.name === 'a.x')?.types[0]).toMatchObject({
      type: 'CN_MOBILE',
      ratio: 1,
    });
    expect(r.columns.find((c) => c.name === 'items[].id')?.types[0]).toMatchObject({
      type: 'CN_RESIDENT_ID',
      ratio: 1,
    });
  });
  it('survives 100,000-deep nesting in NDJSON and JSON arrays', async () => {
    const deep = '{"a":'.repeat(100_000) + `"${mobile(1)}"` + '}'.repeat(100_000);
    const nd = await classifyFile(file('deep.ndjson', `${deep}\n{"b":1}\n`), { now: NOW });
    expect(nd.rows).toBe(2);
    expect(nd.exposure.find((e) => e.type === 'CN_MOBILE')?.distinct).toBe(1);
    const arr = await classifyFile(file('deep.json', `[${deep},{"b":1}]`), { now: NOW });
    expect(arr.rows).toBe(2);
    const badDeep = await classifyFile(
      file('deep-bad.ndjson', '{"a":' + '['.repeat(50_000) + '\n{"b":1}\n'),
      { now: NOW },
    );
    expect(badDeep.rows).toBe(2);
    expect(badDeep.warnings.join(' ')).toMatch(/not valid JSON/);
  });
  it('scans text after the end of a JSON array and invalid records instead of dropping them', async () => {
    const tail = range(60, (i) => id(i)).join('\n');
    const r = await classifyFile(file('tail.json', `[{"city":"武汉"}]\n${tail}\n`), { now: NOW });
    expect(r.verdict).toBe('UNTRADEABLE');
    expect(r.columns.map((c) => c.name)).toContain('(unparsed text)');
    const bad = await classifyFile(
      file(
        'bad.ndjson',
        range(60, (i) => `{"tel": ${mobile(i)}, oops}`).join('\n') + '\n{"a":1}\n',
      ),
      { now: NOW },
    );
    expect(bad.exposure.find((e) => e.type === 'CN_MOBILE')?.distinct).toBe(60);
  });
  it('gives subject keys for the values as the classifier reads them (full-width, zero-width, 15-digit)', async () => {
    const fw = (s: string): string =>
      s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const p = file(
      'keys.csv',
      'tel\n' +
        range(5, (i) =>
          i % 2 ? fw(mobile(i)) : `${mobile(i).slice(0, 3)}\u200b${mobile(i).slice(3)}`,
        ).join('\n') +
        '\n',
    );
    const report = await classifyFile(p, { now: NOW });
    const keys: string[] = [];
    await forEachSubjectKey(p, report, (k) => keys.push(k));
    expect(keys).toEqual(range(5, (i) => sha256Hex(mobile(i))));
  });
});

describe('the whole file decides', () => {
  const trace =
    'device,ts,lat,lon\n' +
    ',,,\n'.repeat(1500) +
    range(
      30,
      (i) => `d${i % 3},2026-05-01 08:${String(i).padStart(2, '0')}:00,30.5${i % 7},114.3${i % 5}`,
    ).join('\n') +
    '\n';
  it('finds a trace behind 1,500 empty rows, also from a stream that can be re-read', async () => {
    const f = await classifyFile(file('trace.csv', trace), { now: NOW });
    expect(f.verdict).toBe('UNTRADEABLE');
    const s = await classifyStream(Readable.from([Buffer.from(trace)]), {
      now: NOW,
      reopen: () => Readable.from([Buffer.from(trace)]),
    });
    expect(s.columns).toEqual(f.columns);
  });
  it('warns (and does not pass it silently) when a one-shot stream hides row-level roles', async () => {
    const hidden = trace.replace('device,ts,lat,lon', 'device,when,lat,lon'); // the header does not name the timestamp
    const s = await classifyStream(Readable.from([Buffer.from(hidden)]), { now: NOW });
    expect(s.warnings.join(' ')).toMatch(/cannot be re-read/);
  });
});
