// Preloaded into the API by listings.bench.mjs when BENCH_HEAP_PROF_DIR is set: V8's sampling
// heap profiler with the objects the GC already collected kept in the samples, so the profile
// shows what a request allocates (what the collector then has to clean up), not only what is
// still alive at exit as `node --heap-prof` does. Written to BENCH_HEAP_PROF_DIR on SIGTERM/SIGINT
// as a .heapprofile (open it in Chrome DevTools → Memory).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_HEAP_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    // BENCH_HEAP_PROF_MODE=promoted: only what is still on the heap when the profile is written —
    // objects that outlived the young generation and wait for a full GC (what makes GC expensive).
    includeObjectsCollectedByMajorGC: process.env.BENCH_HEAP_PROF_MODE !== 'promoted',
    includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_PROF_MODE !== 'promoted',
  });
  // The in-process session answers synchronously: the file is written before the app's own
  // shutdown handler runs.
  const stop = () =>
    session.post('HeapProfiler.stopSampling', (err, res) => {
      if (!err) writeFileSync(join(dir, `alloc.${process.pid}.heapprofile`), JSON.stringify(res.profile));
    });
  for (const signal of ['SIGTERM', 'SIGINT']) process.prependOnceListener(signal, stop);
}
