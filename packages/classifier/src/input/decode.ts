/**
 * Encoding detection and streaming decoding: UTF-8 (with or without BOM), UTF-16 with a
 * BOM, else GBK/GB18030 through iconv-lite's streaming decoder. Binary input (NUL bytes,
 * control characters, known binary signatures) is refused up front.
 */
import { createRequire } from 'node:module';
import type iconvModule from 'iconv-lite';
import { ClassifierError, ClassifierErrorCode } from '../errors.js';

// iconv-lite is loaded on first use: UTF-8 input (the common case) never needs it.
let iconvLoaded: typeof iconvModule | null = null;
function iconv(): typeof iconvModule {
  return (iconvLoaded ??= createRequire(import.meta.url)('iconv-lite') as typeof iconvModule);
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface TextDecoderLike {
  write(b: Buffer): string;
  end(): string;
}

const SIGNATURES: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (XLSX/DOCX?)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office document (XLS?)'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file'],
];

function startsWith(b: Buffer, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

/** Decides the encoding from the first bytes of the input (at least 64 KB when available). */
export function detectEncoding(
  head: Buffer,
  atEof: boolean,
): { encoding: Encoding; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff)
    return { encoding: 'utf-16be', bomLength: 2 };
  for (const [sig, what] of SIGNATURES) {
    if (startsWith(head, sig))
      throw new ClassifierError(
        ClassifierErrorCode.BINARY_INPUT,
        `input is binary (${what}), not CSV, TSV, NDJSON or JSON`,
      );
  }
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0)
      throw new ClassifierError(
        ClassifierErrorCode.BINARY_INPUT,
        'input is binary (it contains NUL bytes), not CSV, TSV, NDJSON or JSON',
      );
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 27) control++;
  }
  if (control > head.length / 100 + 2) {
    throw new ClassifierError(
      ClassifierErrorCode.BINARY_INPUT,
      'input is binary (control characters), not CSV, TSV, NDJSON or JSON',
    );
  }
  // Ignore a multi-byte sequence cut at the end of the sample.
  let end = head.length;
  if (!atEof) {
    let k = end - 1;
    let back = 0;
    while (k >= 0 && back < 3 && (head[k] & 0xc0) === 0x80) {
      k--;
      back++;
    }
    if (k >= 0 && head[k] >= 0xc0) end = k;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    // not UTF-8: try GB18030 (a superset of GBK)
  }
  const text = iconv().decode(
    head.subarray(0, atEof ? head.length : Math.max(0, end - 4)),
    'gb18030',
  );
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  if (bad > 0) {
    throw new ClassifierError(
      ClassifierErrorCode.UNDECODABLE,
      'input is neither valid UTF-8 nor GBK/GB18030 text; re-save it as UTF-8',
    );
  }
  return { encoding: 'gb18030', bomLength: 0 };
}

/** A streaming decoder for `encoding` (BOM already removed by the caller). */
export function createDecoder(encoding: Encoding): TextDecoderLike {
  if (encoding === 'gb18030') {
    const d = iconv().getDecoder('gb18030');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  const td = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
}
