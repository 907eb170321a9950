import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import type { ClassificationService } from '../classification.service.js';
import { InProcessClassificationQueue } from './in-process.queue.js';

/** A stand-in for ClassificationService.run whose jobs end when the test says so. */
function fakeService() {
  const started: string[] = [];
  const finish = new Map<string, Array<(fail?: Error) => void>>();
  let running = 0;
  let maxRunning = 0;
  const sameAtOnce: string[] = [];
  const active = new Set<string>();
  const service = {
    run: (versionId: string) =>
      new Promise<void>((resolve, reject) => {
        if (active.has(versionId)) sameAtOnce.push(versionId);
        active.add(versionId);
        started.push(versionId);
        running++;
        maxRunning = Math.max(maxRunning, running);
        const list = finish.get(versionId) ?? [];
        list.push((fail) => {
          running--;
          active.delete(versionId);
          if (fail) reject(fail);
          else resolve();
        });
        finish.set(versionId, list);
      }),
    markFailed: async () => undefined,
    unfinishedVersionIds: async () => [],
  };
  const end = async (versionId: string, fail?: Error) => {
    finish.get(versionId)!.shift()!(fail);
    await new Promise((r) => setImmediate(r));
  };
  return { service: service as unknown as ClassificationService, started, end, stats: () => ({ maxRunning, sameAtOnce }) };
}

const tick = () => new Promise((r) => setImmediate(r));

/** A queue of `lanes` over a fake service, with `ids` enqueued and the first jobs started. */
async function started(lanes: number, attempts: number, ids: string[]) {
  const f = fakeService();
  const queue = new InProcessClassificationQueue(f.service, attempts, pino({ level: 'silent' }), lanes);
  for (const id of ids) await queue.enqueue(id);
  await tick();
  return { f, queue };
}

describe('InProcessClassificationQueue', () => {
  it('runs at most `lanes` jobs at once, in the order they were queued', async () => {
    const { f } = await started(2, 1, ['a', 'b', 'c', 'd']);
    expect(f.started).toEqual(['a', 'b']);
    await f.end('b');
    expect(f.started).toEqual(['a', 'b', 'c']);
    await f.end('a');
    await f.end('c');
    await f.end('d');
    expect(f.started).toEqual(['a', 'b', 'c', 'd']);
    expect(f.stats()).toEqual({ maxRunning: 2, sameAtOnce: [] });
  });

  it('never runs one version twice at once: a second enqueue waits for the first run', async () => {
    const { f } = await started(2, 1, ['a', 'a', 'b']);
    expect(f.started).toEqual(['a', 'b']);
    await f.end('a');
    expect(f.started).toEqual(['a', 'b', 'a']);
    await f.end('a');
    await f.end('b');
    expect(f.stats().sameAtOnce).toEqual([]);
  });

  it('retries a failed job in its lane, then moves on', async () => {
    const { f } = await started(1, 2, ['a', 'b']);
    await f.end('a', new Error('boom'));
    expect(f.started).toEqual(['a', 'a']);
    await f.end('a');
    expect(f.started).toEqual(['a', 'a', 'b']);
    await f.end('b');
  });

  it('on shutdown waits for running jobs and starts no waiting one (they stay QUEUED for the next start)', async () => {
    const { f, queue } = await started(1, 1, ['a', 'b']);
    let closed = false;
    const closing = queue.onModuleDestroy().then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    await f.end('a');
    await closing;
    expect(f.started).toEqual(['a']);
  });
});
