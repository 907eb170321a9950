import { open } from 'node:fs/promises';
import { QueryException, QueryExceptionCode } from './exceptions/query.exception.js';

const HEAD_BYTES = 64 * 1024;
const DELIMITERS = [',', '\t', ';', '|'];

export interface FileShape {
  format: 'csv' | 'ndjson' | 'json';
  delimiter: string;
  header: boolean;
}

function unsupported(message: string): never {
  throw new QueryException(QueryExceptionCode.UNSUPPORTED_FILE, message);
}

/** The delimiter whose count per line is the same on most of the first lines (as the classifier sniffs it). */
export function sniffDelimiter(lines: string[]): string {
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => l.split(d).length - 1).filter((c) => c > 0);
    if (!counts.length) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const score = Math.max(...freq.values()) / lines.length;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/**
 * How to read a stored version: CSV/TSV (UTF-8, delimiter sniffed, header when the first
 * line is the report's column names), NDJSON or a JSON array of flat objects. Other
 * encodings (GB18030) are refused: the engine reads UTF-8 only.
 */
export async function shapeOf(path: string, columns: string[]): Promise<FileShape> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let text: string;
  try {
    // A multi-byte character may be cut at the end of the head: drop the last few bytes.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(bom, head.length === HEAD_BYTES ? head.length - 4 : head.length));
  } catch {
    unsupported('the query engine reads UTF-8 files only; this version is in another encoding (e.g. GB18030): upload it as UTF-8 to offer queries');
  }
  const first = text.trimStart()[0];
  if (first === '[') return { format: 'json', delimiter: ',', header: false };
  if (first === '{') return { format: 'ndjson', delimiter: ',', header: false };
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 50);
  const delimiter = sniffDelimiter(lines);
  const names = (lines[0] ?? '').split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  const header = columns.length > 0 && columns.every((c, i) => names[i] === c);
  return { format: 'csv', delimiter, header };
}

/** A DuckDB string literal: single quotes doubled. */
export function sqlLiteral(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The read-only view `data` over the file: every column VARCHAR, named as the report names it, no type sniffing. */
export function viewSql(path: string, shape: FileShape, columns: string[]): string {
  if (new Set(columns).size !== columns.length) unsupported('the version has two columns of the same name; the query engine cannot tell them apart');
  const struct = `{${columns.map((c) => `${sqlLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
  if (shape.format === 'csv') {
    return (
      `CREATE VIEW data AS SELECT * FROM read_csv(${sqlLiteral(path)}, delim = ${sqlLiteral(shape.delimiter)}, quote = '"', escape = '"', ` +
      `header = ${shape.header}, auto_detect = false, columns = ${struct}, null_padding = true, strict_mode = false, encoding = 'utf-8')`
    );
  }
  return (
    `CREATE VIEW data AS SELECT * FROM read_json(${sqlLiteral(path)}, format = ${shape.format === 'json' ? "'array'" : "'newline_delimited'"}, ` +
    `columns = ${struct}, auto_detect = false, ignore_errors = false)`
  );
}
