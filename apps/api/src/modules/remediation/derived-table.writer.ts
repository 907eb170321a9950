import { readTable, type ClassificationReport } from '@eastlake/classifier';
import { PassThrough, type Readable } from 'node:stream';
import { csvLine, isCovered, type RowPlan, type RowSubjects } from './transforms.js';

/** Looks up which of `keys` have a valid consent record; the value is `sensitive_separate`. */
export type ConsentLookup = (keys: string[]) => Promise<ReadonlyMap<string, boolean>>;

export interface DerivedStats {
  rowsIn: number;
  rowsOut: number;
}

/** Resolves once `out` may take more, or rejects if it was destroyed meanwhile. */
function drained(out: PassThrough): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', onDrain).off('close', onClose).off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the derived file stopped being written'));
    out.on('drain', onDrain).on('close', onClose).on('error', done);
  });
}

/**
 * Streams the parent version (`source`) through `plan` into UTF-8 CSV. Rows are held only
 * per input chunk: after each chunk the pending rows are filtered (one consent lookup per
 * chunk for a covered subset), projected and written, and reading waits while the output
 * is not drained — so memory stays bounded by the chunk size, whatever the file's size.
 *
 * @returns `output` to hand to the file storage, and `stats` once the last row is written.
 */
export function deriveTable(
  source: AsyncIterable<Buffer>,
  totalBytes: number,
  report: ClassificationReport,
  plan: RowPlan,
  lookup: ConsentLookup | null,
): { output: Readable; stats: Promise<DerivedStats> } {
  const output = new PassThrough({ highWaterMark: 1 << 20 });
  const headerless = report.columns.length > 0 && report.columns.every((c, i) => c.name === `column_${i + 1}`);
  let pending: string[][] = [];
  let rowsIn = 0;
  let rowsOut = 0;

  const write = async (text: string) => {
    if (!output.write(text)) await drained(output);
  };

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    let keep: boolean[] | null = null;
    if (plan.subset) {
      if (!lookup) throw new Error('a covered subset needs a consent lookup');
      const subjects: RowSubjects[] = batch.map((values) => plan.subjects(values));
      const valid = await lookup([...new Set(subjects.flatMap((s) => s.keys))]);
      keep = subjects.map((s) => isCovered(s, valid));
    }
    let text = '';
    for (let i = 0; i < batch.length; i++) {
      if (keep && !keep[i]) continue;
      rowsOut++;
      text += csvLine(plan.project(batch[i]));
    }
    if (text) await write(text);
  };

  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      yield chunk;
      // readTable has turned this chunk into rows by now.
      await flush();
    }
  }

  const stats = (async () => {
    await write(csvLine(plan.outputNames));
    await readTable(chunks(), totalBytes, {
      columns() {},
      row(values) {
        rowsIn++;
        pending.push(Array.from(values));
      },
      warning() {},
      // The same decision the classifier made on these bytes.
      isHeader: (first) => !headerless || first.every((f, i) => f.trim() === `column_${i + 1}`),
    });
    await flush();
    output.end();
    return { rowsIn, rowsOut };
  })();
  stats.catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return { output, stats };
}
