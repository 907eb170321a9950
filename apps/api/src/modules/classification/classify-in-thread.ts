import { Worker } from 'node:worker_threads';
import { ClassifierError, type ClassificationReport, type ClassifierErrorCode, type ClassifyOptions } from '@eastlake/classifier';

const THREAD = new URL('../../../threads/classify.thread.mjs', import.meta.url);

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
  | { type: 'progress'; bytesRead: number; totalBytes: number }
  | { type: 'done'; report: ClassificationReport; fingerprint: SubjectFingerprint | null }
  | { type: 'error'; classifier: boolean; code: string | null; message: string };

/**
 * `classifyFile` in a worker thread, with progress relayed; with `subjects`, also the
 * MinHash fingerprint of the data subjects (for resale detection). A ClassifierError (unreadable
 * input) comes back as a ClassifierError; anything else as an Error.
 */
export function classifyInThread(
  path: string,
  options: Pick<ClassifyOptions, 'consentPath' | 'purpose'>,
  onProgress: (bytesRead: number, totalBytes: number) => void,
  subjects = false,
): Promise<ThreadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, { workerData: { path, options, subjects } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'progress') onProgress(message.bytesRead, message.totalBytes);
      else if (message.type === 'done') settle(() => resolve({ report: message.report, fingerprint: message.fingerprint }));
      else
        settle(() =>
          reject(message.classifier ? new ClassifierError(message.code as ClassifierErrorCode, message.message) : new Error(message.message)),
        );
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the classification thread exited with code ${code}`))));
  });
}
