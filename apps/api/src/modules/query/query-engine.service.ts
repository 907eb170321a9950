import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { z } from 'zod';
import { QueryException, QueryExceptionCode } from './exceptions/query.exception.js';

const THREAD = new URL('../../../threads/aggregate-query.thread.mjs', import.meta.url);

/** Engine limits, from the environment (documented in docs/operations.md). */
const LIMITS_SCHEMA = z.object({
  QUERY_MEMORY_LIMIT_MB: z.coerce.number().int().min(64).default(512),
  QUERY_THREADS: z.coerce.number().int().min(1).default(Math.min(2, availableParallelism())),
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  QUERY_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
});
export type EngineLimits = { memoryLimitMb: number; threads: number; timeoutMs: number; workers: number };

export function engineLimits(env: NodeJS.ProcessEnv = process.env): EngineLimits {
  const parsed = LIMITS_SCHEMA.safeParse(env);
  if (!parsed.success) throw new Error(`query engine settings: ${parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; ')}`);
  const p = parsed.data;
  return { memoryLimitMb: p.QUERY_MEMORY_LIMIT_MB, threads: p.QUERY_THREADS, timeoutMs: p.QUERY_TIMEOUT_MS, workers: p.QUERY_WORKERS };
}

export interface EngineJob {
  path: string;
  viewSql: string;
  sql: string;
  params: Array<string | number>;
  revokedKeys: string[];
}

export interface EngineResult {
  columns: string[];
  rows: unknown[][];
  ms: number;
}

type Reply = { id: number; ok: true; result: EngineResult } | { id: number; ok: false; code: string; message: string };

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Pending {
  job: EngineJob;
  resolve: (r: EngineResult) => void;
  reject: (e: Error) => void;
}

/**
 * A small pool of worker threads, each running one DuckDB query at a time under the memory,
 * thread and time limits. A query past its time is interrupted inside the thread; a thread that
 * does not answer within a grace period after that is terminated and replaced.
 */
@Injectable()
export class QueryEngineService implements OnModuleDestroy {
  readonly limits = engineLimits();
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  run(job: EngineJob): Promise<EngineResult> {
    if (this.closed) return Promise.reject(new Error('the query engine is shut down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    const worker = new Worker(THREAD, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    worker.unref();
    const slot: Slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.limits.workers ? this.spawn() : null);
      if (!slot) return;
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private dispatch(slot: Slot, pending: Pending): void {
    slot.busy = true;
    const id = this.nextId++;
    const { worker } = slot;
    let done = false;
    const finish = (fn: () => void, healthy: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (healthy) slot.busy = false;
      else this.retire(slot);
      fn();
      this.pump();
    };
    const onMessage = (reply: Reply) => {
      if (reply.id !== id) return;
      if (reply.ok) finish(() => pending.resolve(reply.result), true);
      else finish(() => pending.reject(engineError(reply.code, reply.message)), true);
    };
    const onError = (error: Error) => finish(() => pending.reject(error), false);
    const onExit = (code: number) => finish(() => pending.reject(new Error(`the query thread exited with code ${code}`)), false);
    // The thread interrupts its own query at timeoutMs; this catches a thread that cannot.
    const guard = setTimeout(
      () => finish(() => pending.reject(engineError('TIMEOUT', `the query ran past its ${this.limits.timeoutMs} ms limit`)), false),
      this.limits.timeoutMs + 5000,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, job: { ...pending.job, memoryLimitMb: this.limits.memoryLimitMb, threads: this.limits.threads, timeoutMs: this.limits.timeoutMs } });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the query engine is shut down'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}

function engineError(code: string, message: string): Error {
  if (code === 'TIMEOUT' || code === 'MEMORY') return new QueryException(QueryExceptionCode.QUERY_TOO_EXPENSIVE, `${message}; filter or group by fewer columns`);
  return new Error(`query engine: ${message}`);
}
