/**
 * Turns a byte stream into rows of text values: detects the encoding and the format
 * (CSV/TSV with a sniffed delimiter, NDJSON, JSON array of objects), then drives the
 * streaming tokenizer. Only the current chunk and record are held in memory.
 */
import { ClassifierError, ClassifierErrorCode } from '../errors.js';
import { CsvTokenizer, type CsvSink } from './csv-tokenizer.js';
import { createDecoder, detectEncoding, type Encoding } from './decode.js';
import { flattenRecord, JsonArrayReader, NdjsonReader } from './json-rows.js';

export type Format = 'csv' | 'ndjson' | 'json';

export interface TableInfo {
  format: Format;
  delimiter: string | null;
  encoding: Encoding;
  bytes: number;
}

export interface TableSink {
  /** The full column list, called at the start and whenever a new column appears. */
  columns(names: readonly string[]): void;
  /** One record; `values[i]` belongs to column i (missing trailing values are empty). */
  row(values: readonly string[]): void;
  /**
   * Optional fast path for a CSV record with exactly one field per column: field i is
   * `text.slice(bounds[2 * i], bounds[2 * i + 1])` (untrimmed, as `row` would get it).
   * `text` and `bounds` are only valid during the call. Sinks without it get `row`.
   */
  rowRange?(text: string, bounds: Int32Array, count: number): void;
  warning(message: string): void;
  /** Decides whether the first CSV record is a header (true) or data (false). */
  isHeader(first: readonly string[]): boolean;
}

const HEAD_BYTES = 64 * 1024;
const CANDIDATES = [',', '\t', ';', '|'];
const EXTRA_COLUMN = '(extra fields)';

/** Chooses the delimiter whose per-line count is most consistent over the first lines. */
export function sniffDelimiter(text: string): string | null {
  const lines: string[] = [];
  let inQ = false;
  let cur = '';
  for (let i = 0; i < text.length && lines.length < 50; i++) {
    const ch = text[i];
    if (ch === '"') inQ = !inQ;
    else if ((ch === '\n' || ch === '\r') && !inQ) {
      if (cur.trim().length) lines.push(cur);
      cur = '';
      continue;
    }
    if (!inQ) cur += ch;
  }
  if (cur.trim().length && lines.length < 50) lines.push(cur);
  if (lines.length === 0) return null;
  let best: string | null = null;
  let bestScore = 0;
  let bestMode = 0;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeN = 0;
    for (const [c, k] of freq) if (c > 0 && (k > modeN || (k === modeN && c > mode))) [mode, modeN] = [c, k];
    if (mode === 0) continue;
    const score = modeN / lines.length;
    if (score < 0.5) continue;
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) < 1e-9 && mode > bestMode)) {
      best = d;
      bestScore = score;
      bestMode = mode;
    }
  }
  return best;
}

function sniffFormat(text: string): Format {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const c = text[i];
  if (c === '[') return 'json';
  if (c === '{') {
    const nl = text.indexOf('\n', i);
    const first = (nl < 0 ? text.slice(i) : text.slice(i, nl)).trim();
    try {
      const v: unknown = JSON.parse(first);
      if (v !== null && typeof v === 'object') return 'ndjson';
    } catch {
      // fall through
    }
    throw new ClassifierError(ClassifierErrorCode.UNSUPPORTED_FORMAT, 'input is a JSON document but neither NDJSON (one object per line) nor an array of objects');
  }
  if (c === '<') throw new ClassifierError(ClassifierErrorCode.UNSUPPORTED_FORMAT, 'input looks like XML/HTML; supported formats are CSV, TSV, NDJSON and JSON arrays of objects');
  return 'csv';
}

/** Reads `source` to the end, calling `sink` per record. */
export async function readTable(
  source: AsyncIterable<Buffer | string>,
  totalBytes: number,
  sink: TableSink,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<TableInfo> {
  let bytes = 0;
  const headParts: Buffer[] = [];
  let headLen = 0;
  let feed: ((text: string) => void) | null = null;
  let finish: (() => void) | null = null;
  const st: { decoder: ReturnType<typeof createDecoder> | null } = { decoder: null };
  let info: TableInfo | null = null;
  let sawText = false;
  let replacement = 0;

  const push = (text: string): void => {
    if (!sawText) {
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) > 32 && text.charCodeAt(i) !== 0xfeff) {
          sawText = true;
          break;
        }
      }
    }
    if (text.indexOf('\ufffd') >= 0) replacement++;
    feed!(text);
  };

  const start = (head: Buffer, atEof: boolean): void => {
    const { encoding, bomLength } = detectEncoding(head, atEof);
    const decoder = createDecoder(encoding);
    st.decoder = decoder;
    const text = decoder.write(bomLength ? head.subarray(bomLength) : head);
    const format = sniffFormat(text);
    const setup = setupFormat(format, text, sink);
    feed = setup.feed;
    finish = setup.end;
    info = { format, delimiter: setup.delimiter, encoding, bytes: 0 };
    push(text);
  };

  for await (const chunk of source) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += b.length;
    if (st.decoder === null) {
      headParts.push(b);
      headLen += b.length;
      if (headLen >= HEAD_BYTES) start(Buffer.concat(headParts), false);
    } else push(st.decoder.write(b));
    onProgress?.(bytes, totalBytes);
  }
  if (st.decoder === null) {
    if (headLen === 0) throw new ClassifierError(ClassifierErrorCode.EMPTY_INPUT, 'input is empty (0 bytes)');
    start(Buffer.concat(headParts), true);
  }
  const tail = st.decoder ? st.decoder.end() : '';
  if (tail) push(tail);
  if (!sawText) throw new ClassifierError(ClassifierErrorCode.EMPTY_INPUT, 'input is empty (only whitespace)');
  (finish as unknown as () => void)();
  if (replacement > 0) sink.warning('some bytes could not be decoded and were replaced (U+FFFD); the file may mix encodings');
  const out = info as unknown as TableInfo;
  out.bytes = bytes;
  return out;
}

function setupFormat(
  format: Format,
  headText: string,
  sink: TableSink,
): { feed: (t: string) => void; end: () => void; delimiter: string | null } {
  if (format === 'csv') return setupCsv(headText, sink);
  const index = new Map<string, number>();
  const names: string[] = [];
  let values: string[] = [];
  const emit = (key: string, value: string): void => {
    let i = index.get(key);
    if (i === undefined) {
      i = names.length;
      index.set(key, i);
      names.push(key);
      sink.columns(names);
    }
    while (values.length <= i) values.push('');
    values[i] = value;
  };
  const warnCounts = new Map<string, { n: number; line: number }>();
  const recordSink = {
    record(obj: Record<string, unknown>): void {
      values = [];
      flattenRecord(obj, emit);
      sink.row(values);
    },
    warn(kind: string, line: number): void {
      const w = warnCounts.get(kind);
      if (w) w.n++;
      else warnCounts.set(kind, { n: 1, line });
    },
  };
  const reader = format === 'ndjson' ? new NdjsonReader(recordSink) : new JsonArrayReader(recordSink);
  const what: Record<string, string> = {
    'bad-json': 'were not valid JSON and were skipped',
    'not-object': 'were not JSON objects and were skipped',
    truncated: 'were truncated or over 16 MB and were skipped',
  };
  return {
    delimiter: null,
    feed: (t) => reader.feed(t),
    end: () => {
      reader.end();
      for (const [k, w] of warnCounts) sink.warning(`${w.n} record(s) ${what[k]} (first at line ${w.line})`);
    },
  };
}

function setupCsv(headText: string, sink: TableSink): { feed: (t: string) => void; end: () => void; delimiter: string | null } {
  const delimiter = sniffDelimiter(headText);
  const delimCode = delimiter === null ? -1 : delimiter.charCodeAt(0);
  let header: string[] | null = null;
  let width = 0;
  let long = 0;
  let short = 0;
  let firstLong = 0;
  let firstShort = 0;
  let rowNo = 0;
  let unterminated = 0;
  let stray = 0;
  let firstUnterminated = 0;
  let extraIndex = -1;
  const fastRow = sink.rowRange?.bind(sink) ?? null;
  const csvSink: CsvSink = {
    // A record with one field per column goes to the sink's fast path; anything else (the
    // header, ragged rows) is made into strings and takes the general path below.
    rowRange:
      fastRow === null
        ? undefined
        : (text, bounds, count) => {
            if (header === null || count !== width) {
              const fields: string[] = [];
              for (let i = 0; i < count; i++) fields.push(text.slice(bounds[2 * i], bounds[2 * i + 1]));
              csvSink.row(fields);
              return;
            }
            rowNo++;
            fastRow(text, bounds, count);
          },
    row(fields) {
      rowNo++;
      if (header === null) {
        if (sink.isHeader(fields)) {
          header = uniqueNames(fields.map((f) => f.trim()));
          width = header.length;
          sink.columns(header);
          return;
        }
        header = fields.map((_, i) => `column_${i + 1}`);
        width = header.length;
        sink.columns(header);
        sink.warning('the first row looks like data, not a header: columns are named column_1…column_N');
      }
      if (fields.length > width) {
        long++;
        if (!firstLong) firstLong = rowNo;
        if (extraIndex < 0) {
          extraIndex = header.length;
          header.push(EXTRA_COLUMN);
          sink.columns(header);
        }
        const extra = fields.slice(width).join(delimiter ?? ',');
        fields.length = width;
        while (fields.length < extraIndex) fields.push('');
        fields.push(extra);
      } else if (fields.length < width) {
        short++;
        if (!firstShort) firstShort = rowNo;
      }
      sink.row(fields);
    },
    warn(kind, line) {
      if (kind === 'unterminated-quote') {
        unterminated++;
        if (!firstUnterminated) firstUnterminated = line;
      } else stray++;
    },
  };
  const tok = new CsvTokenizer(delimCode, csvSink);
  return {
    delimiter: delimiter ?? null,
    feed: (t) => tok.feed(t),
    end: () => {
      tok.end();
      if (delimiter === null) sink.warning('no delimiter found (, ; tab |): the file was read as a single column');
      if (long) sink.warning(`${long} ragged row(s) had more fields than the header (first: record ${firstLong}); extra fields were scanned as column "${EXTRA_COLUMN}"`);
      if (short) sink.warning(`${short} ragged row(s) had fewer fields than the header (first: record ${firstShort}); missing fields count as empty`);
      if (unterminated) sink.warning(`unterminated quote starting at line ${firstUnterminated}: the quote was taken literally and the rest re-read as unquoted text`);
      if (stray) sink.warning(`${stray} field(s) had text after a closing quote; it was kept as part of the field`);
    },
  };
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const base = raw.replace(/^\ufeff/, '') || `column_${i + 1}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return k === 0 ? base : `${base}_${k + 1}`;
  });
}
