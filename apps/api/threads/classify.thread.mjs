// Runs classifications in a worker thread, one job at a time, for as long as the API keeps
// the thread (classify-in-thread.ts reuses idle threads and ends them after a quiet spell):
// the classifier gets a V8 isolate of its own (its string-heavy hot loop runs at full speed
// whatever the host process loaded — ioredis defines a String subclass that halves it) and
// the API's event loop stays free. Plain JavaScript so the same file serves the TypeScript
// sources (tests) and dist.
import { parentPort } from 'node:worker_threads';
import { classifyFile, ClassifierError, forEachSubjectKey, MinHasher } from '@eastlake/classifier';

const PROGRESS_EVERY_MS = 200;

async function run({ id, path, options, subjects }) {
  let last = 0;
  try {
    const report = await classifyFile(path, {
      ...options,
      onProgress(bytesRead, totalBytes) {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        parentPort.postMessage({ id, type: 'progress', bytesRead, totalBytes });
      },
    });
    // Resale detection: a MinHash signature of the version's data subjects (keys only).
    let fingerprint = null;
    if (subjects) {
      const hasher = new MinHasher();
      await forEachSubjectKey(path, report, (key) => hasher.add(key));
      if (hasher.count > 0) fingerprint = { subjects: hasher.count, signature: hasher.signature() };
    }
    parentPort.postMessage({ id, type: 'done', report, fingerprint });
  } catch (error) {
    parentPort.postMessage({
      id,
      type: 'error',
      classifier: error instanceof ClassifierError,
      code: error?.code ?? null,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

parentPort.on('message', (job) => void run(job));
parentPort.postMessage({ type: 'ready' });
