import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ClassifierError, classifyFile } from '@eastlake/classifier';
import { classifierThreadsStarted, classifyInThread, endClassifierThreads, warmClassifierThread } from './classify-in-thread.js';

describe('classification threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eastlake-threads-'));
  const people = join(dir, 'people.csv');
  const sales = join(dir, 'sales.csv');
  const empty = join(dir, 'empty.csv');
  writeFileSync(people, 'name,mobile\n张伟,13812345678\n李娜,13912345678\n王芳,13712345679\n');
  writeFileSync(sales, 'region,units\n武汉,12\n宜昌,30\n');
  writeFileSync(empty, '');

  afterAll(async () => {
    await endClassifierThreads();
    rmSync(dir, { recursive: true, force: true });
  });

  const report = async (path: string) => (await classifyInThread(path, {}, () => undefined)).report;
  const same = async (path: string) => {
    const [threaded, direct] = await Promise.all([report(path), classifyFile(path, { threads: 1 })]);
    const timeless = (r: typeof direct) => ({ ...r, stats: { ...r.stats, ms: 0 } });
    expect(timeless(threaded)).toEqual(timeless(direct));
  };

  it('reuses one warm thread for jobs one after another, a classifier error included', async () => {
    await endClassifierThreads();
    const before = classifierThreadsStarted();
    warmClassifierThread();
    expect(classifierThreadsStarted()).toBe(before + 1);
    expect((await report(people)).verdict).not.toBe('TRADEABLE');
    expect((await report(sales)).verdict).toBe('TRADEABLE');
    await expect(report(empty)).rejects.toBeInstanceOf(ClassifierError);
    expect((await report(people)).verdict).not.toBe('TRADEABLE');
    expect(classifierThreadsStarted()).toBe(before + 1);
  });

  it('runs jobs side by side on separate threads, each with its own answer', async () => {
    const reports = await Promise.all([report(people), report(sales), report(people)]);
    expect(reports.map((r) => r.verdict)).toEqual([reports[0].verdict, 'TRADEABLE', reports[0].verdict]);
    await same(people);
    await same(sales);
  });
});
