/**
 * Profiling a large CSV file in segments, in parallel, with exactly the result of one pass.
 *
 * The file is cut at line breaks into one segment per thread. This thread reads the first
 * segment; a worker thread reads each later one with a fresh reader resumed after the header
 * ({@link profileSegment}) and posts back its profile as plain data. When this thread reaches a
 * segment's first byte, the worker's profile is used only if the byte really starts a record
 * (the reader is between records: the line break was not inside a quoted field) and the
 * worker saw nothing irregular (ragged rows, quote problems, replaced bytes, NUL bytes) and
 * ended between records too; otherwise this thread reads the segment itself, exactly as a
 * single pass would. Profiles merge exactly ({@link TableProfiler.absorb}: counts add, distinct
 * counters unite), in file order, so the report is the single-pass report byte for byte.
 * Only UTF-8 CSV whose header predicts no row-level structure (k-anonymity classes, traces,
 * group tables: their tables are not merged) is split; anything else is read in one pass.
 */
import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import {
  readTable,
  TableReader,
  type CsvProgress,
  type CsvResume,
  type TableInfo,
} from '../input/read-table.js';
import { headerPlan, needsRows } from './row-plan.js';
import { TableProfiler, type ProfileState } from './table-profiler.js';

const CHUNK = 1 << 20;
/** Segments smaller than this are not worth a thread. */
export const MIN_SEGMENT_BYTES = 8 << 20;

/** What a worker needs to read one segment. */
export interface SegmentJob {
  path: string;
  start: number;
  /** Exclusive. */
  end: number;
  resume: CsvResume;
  headerless: boolean;
  nowMs: number;
}

/** A segment's profile, or null when it must be read in file order after all. */
export interface SegmentResult {
  state: ProfileState;
  progress: CsvProgress;
  bytes: number;
}

/**
 * Reads `chunks` (one segment of a file, starting at a line break) as the continuation of a
 * CSV whose head `job.resume` describes; null when the segment holds anything whose handling
 * depends on what precedes it (see the module comment).
 */
export async function profileChunks(
  chunks: AsyncIterable<Buffer>,
  job: Omit<SegmentJob, 'path' | 'start' | 'end'>,
): Promise<SegmentResult | null> {
  const profiler = new TableProfiler(new Date(job.nowMs));
  profiler.columns(job.resume.header);
  profiler.headerless = job.headerless;
  if (needsRows(headerPlan(profiler.cols))) return null;
  const reader = new TableReader(0, profiler, undefined, job.resume);
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      reader.write(chunk);
    }
  } catch {
    return null; // e.g. a NUL byte: the single pass reports it with its offset
  }
  const progress = reader.progress() as CsvProgress;
  if (progress.irregular || !reader.atRecordBoundary() || profiler.warnings.length > 0) return null;
  return { state: profiler.toState(), progress, bytes };
}

/** {@link profileChunks} of the byte range of `job` (what a worker thread runs). */
export function profileSegment(job: SegmentJob): Promise<SegmentResult | null> {
  return profileChunks(
    createReadStream(job.path, { start: job.start, end: job.end - 1, highWaterMark: CHUNK }),
    job,
  );
}

/**
 * Segment starts: `[0, b1, …, size]` where each `b` follows a line break near `k * size / n`.
 */
export async function segmentBounds(path: string, size: number, n: number): Promise<number[]> {
  const bounds = [0];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    for (let k = 1; k < n; k++) {
      let pos = Math.floor((k * size) / n);
      let found = -1;
      while (found < 0 && pos < size && pos - Math.floor((k * size) / n) < CHUNK) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) found = pos + nl + 1;
        else pos += bytesRead;
      }
      if (found > bounds[bounds.length - 1] && found < size) bounds.push(found);
    }
  } finally {
    await fh.close();
  }
  bounds.push(size);
  return bounds;
}

const WORKER_URL = new URL('./segment-worker.js', import.meta.url);

const runWorker: SegmentRunner = (job) => {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: job });
  } catch {
    return { result: Promise.resolve(null), stop: () => {} };
  }
  const result = new Promise<SegmentResult | null>((resolve) => {
    worker.once('message', (m: SegmentResult | null) => resolve(m));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { result, stop: () => void worker.terminate() };
};

/** Runs one segment somewhere: `result` is its profile (null: read it in file order), `stop` cancels. */
export type SegmentRunner = (job: SegmentJob) => {
  result: Promise<SegmentResult | null>;
  stop: () => void;
};

export interface SegmentOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Default {@link MIN_SEGMENT_BYTES}. */
  minSegmentBytes?: number;
  /** Default: a worker thread per segment. Tests run segments in this thread. */
  runSegment?: SegmentRunner;
  /** Called with the index of each segment whose separately read profile was merged. */
  onMerged?: (segment: number) => void;
}

/**
 * Reads the file at `path` into `profiler` with up to `threads` threads; the same result as
 * `readTable` of the whole file (see the module comment).
 */
export async function readFileInSegments(
  path: string,
  size: number,
  profiler: TableProfiler,
  threads: number,
  opts: SegmentOptions = {},
): Promise<TableInfo> {
  const { onProgress, minSegmentBytes = MIN_SEGMENT_BYTES } = opts;
  const runSegment = opts.runSegment ?? runWorker;
  const n = Math.min(threads, Math.floor(size / minSegmentBytes));
  const whole = (): Promise<TableInfo> =>
    readTable(createReadStream(path, { highWaterMark: CHUNK }), size, profiler, onProgress);
  if (n < 2 || (opts.runSegment === undefined && !existsSync(WORKER_URL))) return whole();
  const bounds = await segmentBounds(path, size, n);
  if (bounds.length < 3) return whole();
  const reader = new TableReader(size, profiler, onProgress);
  const jobs: ({ result: Promise<SegmentResult | null>; stop: () => void } | null)[] = [];
  let launched = false;
  try {
    for (let k = 0; k < bounds.length - 1; k++) {
      const job = jobs[k];
      if (job && reader.atRecordBoundary()) {
        const r = await job.result;
        if (r !== null) {
          profiler.absorb(r.state);
          reader.skip(r.bytes, r.progress);
          opts.onMerged?.(k);
          continue;
        }
      }
      const stream = createReadStream(path, {
        start: bounds[k],
        end: bounds[k + 1] - 1,
        highWaterMark: CHUNK,
      });
      for await (const chunk of stream) {
        reader.write(chunk as Buffer);
        if (!launched) {
          const resume = reader.resumePoint();
          if (resume === null) continue;
          launched = true;
          for (let j = 1; j < bounds.length - 1; j++) {
            jobs[j] = runSegment({
              path,
              start: bounds[j],
              end: bounds[j + 1],
              resume,
              headerless: profiler.headerless,
              nowMs: profiler.now.getTime(),
            });
          }
        }
      }
    }
    return reader.end();
  } finally {
    for (const j of jobs) j?.stop();
  }
}
