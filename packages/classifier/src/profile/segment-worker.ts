/**
 * Worker thread entry of segmented profiling (segments.ts): profiles the byte range of its
 * `workerData` job and posts the result (null: the segment is read in file order instead).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { profileSegment, type SegmentJob } from './segments.js';

const job = workerData as SegmentJob;
profileSegment(job).then(
  (r) => {
    const transfer: ArrayBuffer[] = [];
    if (r !== null)
      for (const c of r.state.cols)
        for (const d of [
          c.nameDistinct,
          c.anyNameDistinct,
          c.addressDistinct,
          c.opaqueDistinct,
          ...c.idDistinct,
        ])
          if (d?.t) transfer.push(d.t.buffer as ArrayBuffer);
    parentPort?.postMessage(r, transfer);
  },
  () => parentPort?.postMessage(null),
);
