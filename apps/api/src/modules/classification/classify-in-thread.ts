import { Worker } from 'node:worker_threads';
import { ClassifierError, type ClassificationReport, type ClassifierErrorCode, type ClassifyOptions } from '@eastlake/classifier';

const THREAD = new URL('../../../threads/classify.thread.mjs', import.meta.url);
/** An idle thread is ended after this long (its heap goes with it). */
const IDLE_MS = 30_000;
/** Idle threads kept for the next jobs. */
const MAX_IDLE = 2;

/** MinHash of a version's data subjects: how many, and the signature. */
export interface SubjectFingerprint {
  subjects: number;
  signature: number[];
}

export interface ThreadResult {
  report: ClassificationReport;
  fingerprint: SubjectFingerprint | null;
}

type ThreadMessage =
  | { type: 'ready' }
  | { id: number; type: 'progress'; bytesRead: number; totalBytes: number }
  | { id: number; type: 'done'; report: ClassificationReport; fingerprint: SubjectFingerprint | null }
  | { id: number; type: 'error'; classifier: boolean; code: string | null; message: string };

interface Job {
  id: number;
  onProgress: (bytesRead: number, totalBytes: number) => void;
  resolve: (result: ThreadResult) => void;
  reject: (error: Error) => void;
}

/** One classification thread: loads the classifier once and runs one job at a time. */
class ClassifierThread {
  private readonly worker = new Worker(THREAD);
  private job: Job | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  dead = false;

  constructor(private readonly onIdleEnd: (thread: ClassifierThread) => void) {
    started++;
    this.worker.unref();
    this.worker.on('message', (message: ThreadMessage) => this.receive(message));
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`the classification thread exited with code ${code}`)));
  }

  run(job: Job, message: { path: string; options: Pick<ClassifyOptions, 'consentPath' | 'purpose'>; subjects: boolean }): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.job = job;
    // A running job keeps the process alive; an idle thread does not.
    this.worker.ref();
    this.worker.postMessage({ id: job.id, ...message });
  }

  /** Waits for the next job; ended when none comes within IDLE_MS. */
  park(): void {
    this.worker.unref();
    this.idleTimer = setTimeout(() => {
      this.onIdleEnd(this);
      void this.end();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  end(): Promise<number> {
    this.dead = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return this.worker.terminate();
  }

  private receive(message: ThreadMessage): void {
    const job = this.job;
    if (message.type === 'ready' || !job || message.id !== job.id) return;
    if (message.type === 'progress') return job.onProgress(message.bytesRead, message.totalBytes);
    this.job = null;
    if (message.type === 'done') job.resolve({ report: message.report, fingerprint: message.fingerprint });
    else job.reject(message.classifier ? new ClassifierError(message.code as ClassifierErrorCode, message.message) : new Error(message.message));
    pool.release(this);
  }

  private die(error: Error): void {
    if (this.dead && !this.job) return;
    this.dead = true;
    const job = this.job;
    this.job = null;
    pool.forget(this);
    job?.reject(error);
  }
}

/** Threads waiting for work: a job takes one instead of paying a thread start and the classifier's load. */
const pool = {
  idle: [] as ClassifierThread[],
  take(): ClassifierThread {
    return this.idle.pop() ?? new ClassifierThread((t) => this.forget(t));
  },
  release(thread: ClassifierThread): void {
    if (thread.dead) return;
    if (this.idle.length >= MAX_IDLE) {
      void thread.end();
      return;
    }
    this.idle.push(thread);
    thread.park();
  },
  forget(thread: ClassifierThread): void {
    this.idle = this.idle.filter((t) => t !== thread);
  },
};

let nextId = 1;
let started = 0;

/** How many classification threads this process has started (tests, diagnostics). */
export function classifierThreadsStarted(): number {
  return started;
}

/**
 * Starts a classification thread ahead of the first job (e.g. while the demo seed creates
 * its listings), so that job finds the classifier loaded.
 */
export function warmClassifierThread(): void {
  if (pool.idle.length === 0) pool.release(pool.take());
}

/** Ends the idle threads (shutdown; tests). */
export async function endClassifierThreads(): Promise<void> {
  const idle = pool.idle.splice(0);
  await Promise.all(idle.map((t) => t.end()));
}

/**
 * `classifyFile` in a worker thread, with progress relayed; with `subjects`, also the
 * MinHash fingerprint of the data subjects (for resale detection). A ClassifierError (unreadable
 * input) comes back as a ClassifierError; anything else as an Error. Threads are reused:
 * a finished job's thread waits (up to 30 s) for the next.
 */
export function classifyInThread(
  path: string,
  options: Pick<ClassifyOptions, 'consentPath' | 'purpose'>,
  onProgress: (bytesRead: number, totalBytes: number) => void,
  subjects = false,
): Promise<ThreadResult> {
  return new Promise((resolve, reject) => {
    pool.take().run({ id: nextId++, onProgress, resolve, reject }, { path, options, subjects });
  });
}
