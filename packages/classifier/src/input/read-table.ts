/**
 * Turns a byte stream into rows of text values: detects the encoding and the format
 * (CSV/TSV with a sniffed delimiter, NDJSON, JSON array of objects), then drives the
 * streaming tokenizer. Only the current chunk and record are held in memory.
 */
import { ClassifierError, ClassifierErrorCode } from '../errors.js';
import { CsvTokenizer, type CsvSink } from './csv-tokenizer.js';
import { createDecoder, detectEncoding, type Encoding } from './decode.js';
import { JsonArrayReader, NdjsonReader, type FlatPair } from './json-rows.js';

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
  /**
   * One record; `values[i]` belongs to column i (missing trailing values are empty). `extras`
   * are further values of the same record for a column that already has one (v2: every
   * occurrence of a duplicated JSON key, every object of an array of objects).
   */
  row(values: readonly string[], extras?: readonly (readonly [number, string])[]): void;
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
/** v2: JSON text that is not a record (invalid, scalar, comment, trailing) is scanned under this column. */
export const UNPARSED_COLUMN = '(unparsed text)';

/**
 * v2: the delimiter is sniffed from the header line and the first rows together; a file is one
 * column only when its header line has no delimiter at all. Among the delimiters of the header,
 * the one whose rows agree best with the header wins (a row may have fewer fields than the
 * header — trailing empty fields omitted — but not more).
 */
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
  const header = lines[0];
  const rows = lines.slice(1);
  let best: string | null = null;
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const h = header.split(d).length - 1;
    if (h === 0) continue;
    let fit = 0;
    let exact = 0;
    for (const l of rows) {
      const k = l.split(d).length - 1;
      if (k <= h && (k > 0 || h === 0)) fit++;
      if (k === h) exact++;
    }
    const score = rows.length === 0 ? h / 1000 : (fit + exact) / (2 * rows.length) + h / 1e6;
    if (score > bestScore) {
      best = d;
      bestScore = score;
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
    // v2: NDJSON unless the first line opens a multi-line document (a pretty-printed object);
    // invalid records are then scanned as text, not a reason to refuse the file.
    const nl = text.indexOf('\n', i);
    if (nl < 0) return 'ndjson';
    const first = text.slice(i, nl).trim();
    const last = first.charCodeAt(first.length - 1);
    if (
      first.length === 1 ||
      (first.length < 200 && (last === 123 || last === 91 || last === 44 || last === 58))
    ) {
      throw new ClassifierError(
        ClassifierErrorCode.UNSUPPORTED_FORMAT,
        'input is a JSON document but neither NDJSON (one object per line) nor an array of objects',
      );
    }
    return 'ndjson';
  }
  if (c === '<')
    throw new ClassifierError(
      ClassifierErrorCode.UNSUPPORTED_FORMAT,
      'input looks like XML/HTML; supported formats are CSV, TSV, NDJSON and JSON arrays of objects',
    );
  return 'csv';
}

/** Reads `source` to the end, calling `sink` per record. */
export async function readTable(
  source: AsyncIterable<Buffer | string>,
  totalBytes: number,
  sink: TableSink,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<TableInfo> {
  const reader = new TableReader(totalBytes, sink, onProgress);
  for await (const chunk of source) reader.write(chunk);
  return reader.end();
}

/**
 * Where a CSV reader can resume in the middle of a file: after the head was read elsewhere
 * (UTF-8, this delimiter, this header), at a record boundary.
 */
export interface CsvResume {
  delimiter: string;
  header: readonly string[];
}

/** What a CSV reader has read so far (segments of a file profiled apart are added back with it). */
export interface CsvProgress {
  /** Non-blank records, the header included. */
  records: number;
  /** Line breaks. */
  lines: number;
  /** Something a warning reports (ragged rows, quote problems, replaced bytes) was seen. */
  irregular: boolean;
}

interface CsvControl {
  atRecordStart(): boolean;
  header(): readonly string[] | null;
  progress(): CsvProgress;
  skip(records: number, lines: number): void;
}

/**
 * The push form of {@link readTable}: `write` each chunk in order, then `end`. A CSV file may
 * be read in segments split at record boundaries ({@link atRecordBoundary}): a reader made with
 * `resume` reads a later segment on its own, and {@link skip} accounts here for one read that way.
 */
export class TableReader {
  private bytes = 0;
  private readonly headParts: Buffer[] = [];
  private headLen = 0;
  private feed: ((text: string) => void) | null = null;
  private finish: (() => void) | null = null;
  private decoder: ReturnType<typeof createDecoder> | null = null;
  private info: TableInfo | null = null;
  private sawText = false;
  private replacement = 0;
  private csv: CsvControl | null = null;

  constructor(
    private readonly totalBytes: number,
    private readonly sink: TableSink,
    private readonly onProgress?: (bytesRead: number, totalBytes: number) => void,
    resume?: CsvResume,
  ) {
    if (resume) {
      this.decoder = createDecoder('utf-8');
      const setup = setupCsv('', sink, resume);
      this.feed = setup.feed;
      this.finish = setup.end;
      this.csv = setup.control;
      this.info = { format: 'csv', delimiter: resume.delimiter, encoding: 'utf-8', bytes: 0 };
      this.sawText = true; // the head, read elsewhere, had text
    }
  }

  private push(text: string): void {
    if (!this.sawText) {
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) > 32 && text.charCodeAt(i) !== 0xfeff) {
          this.sawText = true;
          break;
        }
      }
    }
    if (text.indexOf('\ufffd') >= 0) this.replacement++;
    (this.feed as (t: string) => void)(text);
  }

  private start(head: Buffer, atEof: boolean): void {
    const { encoding, bomLength } = detectEncoding(head, atEof);
    const decoder = createDecoder(encoding);
    this.decoder = decoder;
    const text = decoder.write(bomLength ? head.subarray(bomLength) : head);
    const format = sniffFormat(text);
    const setup = setupFormat(format, text, this.sink);
    this.feed = setup.feed;
    this.finish = setup.end;
    this.csv = setup.control;
    this.info = { format, delimiter: setup.delimiter, encoding, bytes: 0 };
    this.push(text);
  }

  write(chunk: Buffer | string): void {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += b.length;
    if (this.decoder === null) {
      this.headParts.push(b);
      this.headLen += b.length;
      if (this.headLen >= HEAD_BYTES) this.start(Buffer.concat(this.headParts), false);
    } else {
      // v2: a NUL byte anywhere is refused, not only in the first 64 KB (parsers disagree on NULs).
      const info = this.info;
      if (info !== null && !info.encoding.startsWith('utf-16') && b.indexOf(0) >= 0) {
        throw new ClassifierError(
          ClassifierErrorCode.BINARY_INPUT,
          `input is binary (a NUL byte at byte ${this.bytes - b.length + b.indexOf(0)}), not CSV, TSV, NDJSON or JSON`,
        );
      }
      this.push(this.decoder.write(b));
    }
    this.onProgress?.(this.bytes, this.totalBytes);
  }

  /**
   * A UTF-8 CSV reader between two records, with its header read: the next byte may be read by
   * a resumed reader instead ({@link resumePoint}). Line breaks are ASCII, so no UTF-8
   * sequence is pending in the decoder there.
   */
  atRecordBoundary(): boolean {
    return (
      this.decoder !== null &&
      this.csv !== null &&
      this.info?.encoding === 'utf-8' &&
      this.csv.header() !== null &&
      this.csv.atRecordStart()
    );
  }

  /** What a resumed reader needs, once the header is read (CSV, UTF-8, a delimiter); else null. */
  resumePoint(): CsvResume | null {
    const info = this.info;
    const header = this.csv?.header() ?? null;
    if (info === null || info.encoding !== 'utf-8' || info.delimiter === null || header === null)
      return null;
    return { delimiter: info.delimiter, header };
  }

  /** CSV only: records and lines read so far. */
  progress(): CsvProgress | null {
    if (this.csv === null) return null;
    const p = this.csv.progress();
    return { ...p, irregular: p.irregular || this.replacement > 0 };
  }

  /** Accounts for `bytes` read (as `progress`) by a resumed reader from the current boundary on. */
  skip(bytes: number, progress: CsvProgress): void {
    (this.csv as CsvControl).skip(progress.records, progress.lines);
    this.bytes += bytes;
    this.onProgress?.(this.bytes, this.totalBytes);
  }

  end(): TableInfo {
    if (this.decoder === null) {
      if (this.headLen === 0)
        throw new ClassifierError(ClassifierErrorCode.EMPTY_INPUT, 'input is empty (0 bytes)');
      this.start(Buffer.concat(this.headParts), true);
    }
    const tail = this.decoder ? this.decoder.end() : '';
    if (tail) this.push(tail);
    if (!this.sawText)
      throw new ClassifierError(
        ClassifierErrorCode.EMPTY_INPUT,
        'input is empty (only whitespace)',
      );
    (this.finish as () => void)();
    if (this.replacement > 0)
      this.sink.warning(
        'some bytes could not be decoded and were replaced (U+FFFD); the file may mix encodings',
      );
    const out = this.info as TableInfo;
    out.bytes = this.bytes;
    return out;
  }
}

interface FormatSetup {
  feed: (t: string) => void;
  end: () => void;
  delimiter: string | null;
  control: CsvControl | null;
}

function setupFormat(format: Format, headText: string, sink: TableSink): FormatSetup {
  if (format === 'csv') return setupCsv(headText, sink);
  const index = new Map<string, number>();
  const names: string[] = [];
  let values: string[] = [];
  let extras: [number, string][] = [];
  let duplicates = 0;
  let firstDupLine = 0;
  const column = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = names.length;
      index.set(key, i);
      names.push(key);
      sink.columns(names);
    }
    return i;
  };
  const unparsed: Record<string, { n: number; line: number }> = {};
  const recordSink = {
    record(pairs: readonly FlatPair[], line = 0): void {
      values = [];
      extras = [];
      const filled: boolean[] = [];
      for (const p of pairs) {
        const i = column(p.key);
        if (p.dup) {
          duplicates++;
          if (!firstDupLine) firstDupLine = line || 1;
        }
        if (filled[i]) extras.push([i, p.value]);
        else {
          while (values.length <= i) values.push('');
          values[i] = p.value;
          filled[i] = true;
        }
      }
      sink.row(values, extras.length ? extras : undefined);
    },
    unparsed(text: string, kind: string, line: number): void {
      const u = (unparsed[kind] ??= { n: 0, line });
      u.n++;
      // Not dropped: a buyer receives these bytes too, so they are scanned as a value.
      const i = column(UNPARSED_COLUMN);
      values = [];
      while (values.length <= i) values.push('');
      values[i] = text;
      sink.row(values);
    },
    warn(_kind: 'truncated', line: number): void {
      const u = (unparsed.truncated ??= { n: 0, line });
      u.n++;
    },
  };
  const reader =
    format === 'ndjson' ? new NdjsonReader(recordSink) : new JsonArrayReader(recordSink);
  const what: Record<string, string> = {
    'bad-json': 'were not valid JSON',
    'not-object': 'were not JSON objects',
    comment: 'were comments',
    trailing: 'followed the end of the JSON array',
  };
  return {
    delimiter: null,
    control: null,
    feed: (t) => reader.feed(t),
    end: () => {
      reader.end();
      if (duplicates > 0) {
        sink.warning(
          `DUPLICATE_KEYS: ${duplicates} value(s) repeat a key of their JSON object (first near line ${firstDupLine}); every occurrence was classified as a value of its column, as a buyer's reader may keep any of them`,
        );
      }
      for (const [k, w] of Object.entries(unparsed)) {
        if (k === 'truncated')
          sink.warning(
            `${w.n} record(s) were truncated or over 16 MB and were skipped (first at line ${w.line}); their content was not classified`,
          );
        else
          sink.warning(
            `${w.n} piece(s) of text ${what[k]} (first at line ${w.line}); they were scanned as text in column "${UNPARSED_COLUMN}"`,
          );
      }
    },
  };
}

function setupCsv(headText: string, sink: TableSink, resume?: CsvResume): FormatSetup {
  const delimiter = resume ? resume.delimiter : sniffDelimiter(headText);
  const delimCode = delimiter === null ? -1 : delimiter.charCodeAt(0);
  let header: string[] | null = resume ? [...resume.header] : null;
  let width = header ? header.length : 0;
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
              for (let i = 0; i < count; i++)
                fields.push(text.slice(bounds[2 * i], bounds[2 * i + 1]));
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
        sink.warning(
          'the first row looks like data, not a header: columns are named column_1…column_N',
        );
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
  const control: CsvControl = {
    atRecordStart: () => tok.atRecordStart(),
    header: () => (header !== null && extraIndex < 0 ? header : null),
    progress: () => ({
      records: rowNo,
      lines: tok.linesRead,
      irregular: long + short + unterminated + stray > 0 || extraIndex >= 0,
    }),
    skip: (records, lines) => {
      rowNo += records;
      tok.skipLines(lines);
    },
  };
  return {
    delimiter: delimiter ?? null,
    control,
    feed: (t) => tok.feed(t),
    end: () => {
      tok.end();
      if (delimiter === null)
        sink.warning('no delimiter found (, ; tab |): the file was read as a single column');
      if (long)
        sink.warning(
          `${long} ragged row(s) had more fields than the header (first: record ${firstLong}); extra fields were scanned as column "${EXTRA_COLUMN}"`,
        );
      if (short)
        sink.warning(
          `${short} ragged row(s) had fewer fields than the header (first: record ${firstShort}); missing fields count as empty`,
        );
      if (unterminated)
        sink.warning(
          `unterminated quote starting at line ${firstUnterminated}: the quote was taken literally and the rest re-read as unquoted text`,
        );
      if (stray)
        sink.warning(
          `${stray} field(s) had text after a closing quote; it was kept as part of the field`,
        );
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
