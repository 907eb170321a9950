/**
 * NDJSON and JSON-array readers. Both are fed decoded text chunk by chunk and keep only
 * the current record: NDJSON splits on newlines; the array reader tracks string/escape
 * state and brace depth to cut out one top-level object at a time for JSON.parse.
 * Objects are flattened to columns (`a.b`, arrays of scalars joined into `key[]`).
 */

export interface RecordSink {
  record(obj: Record<string, unknown>): void;
  warn(kind: 'bad-json' | 'not-object' | 'truncated', line: number): void;
}

/** A record larger than this is skipped as malformed (memory stays bounded). */
export const MAX_RECORD = 16 << 20;

/**
 * JSON.parse loses digits of integers beyond 2^53 (an 18-digit ID written as a number);
 * quote such runs outside strings before parsing so the digits survive.
 */
export function quoteLongIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let last = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92) i++;
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) {
      inStr = true;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const next = j < text.length ? text.charCodeAt(j) : 0;
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      if (j - i >= 16 && next !== 46 && next !== 101 && next !== 69 && prev !== 46 && prev !== 45) {
        out += text.slice(last, i) + '"' + text.slice(i, j) + '"';
        last = j;
      }
      i = j - 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

function parseObject(text: string, sink: RecordSink, line: number): void {
  let v: unknown;
  try {
    v = JSON.parse(quoteLongIntegers(text));
  } catch {
    sink.warn('bad-json', line);
    return;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    sink.warn('not-object', line);
    return;
  }
  sink.record(v as Record<string, unknown>);
}

export class NdjsonReader {
  private carry = '';
  private line = 0;
  constructor(private readonly sink: RecordSink) {}

  feed(s: string): void {
    let text = this.carry.length ? this.carry + s : s;
    let a = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      this.line++;
      this.handle(text.slice(a, nl));
      a = nl + 1;
      nl = text.indexOf('\n', a);
    }
    text = text.slice(a);
    if (text.length > MAX_RECORD) {
      this.sink.warn('truncated', this.line + 1);
      text = '';
    }
    this.carry = text;
  }

  end(): void {
    if (this.carry.length) {
      this.line++;
      this.handle(this.carry);
    }
    this.carry = '';
  }

  private handle(l: string): void {
    let a = 0;
    let b = l.length;
    while (a < b && l.charCodeAt(a) <= 32) a++;
    while (b > a && l.charCodeAt(b - 1) <= 32) b--;
    if (a === b) return;
    parseObject(a === 0 && b === l.length ? l : l.slice(a, b), this.sink, this.line);
  }
}

const enum A {
  BEFORE, // before '['
  BETWEEN, // inside the array, between elements
  IN_OBJECT,
  IN_SCALAR,
  DONE,
}

export class JsonArrayReader {
  private state = A.BEFORE;
  private depth = 0;
  private inStr = false;
  private esc = false;
  private buf = '';
  private line = 1;
  private elemLine = 1;
  private skipping = false;

  constructor(private readonly sink: RecordSink) {}

  feed(s: string): void {
    const n = s.length;
    let i = 0;
    let start = -1;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.state === A.IN_OBJECT) {
        if (start < 0) start = i;
        if (this.inStr) {
          if (this.esc) this.esc = false;
          else if (c === 92) this.esc = true;
          else if (c === 34) this.inStr = false;
        } else if (c === 34) this.inStr = true;
        else if (c === 123 || c === 91) this.depth++;
        else if (c === 125 || c === 93) {
          this.depth--;
          if (this.depth === 0) {
            const text = this.buf + s.slice(start, i + 1);
            this.buf = '';
            start = -1;
            this.state = A.BETWEEN;
            if (this.skipping) this.skipping = false;
            else if (text.charCodeAt(0) === 123) parseObject(text, this.sink, this.elemLine);
            else this.sink.warn('not-object', this.elemLine);
          }
        }
        i++;
        continue;
      }
      if (this.state === A.IN_SCALAR) {
        if (this.inStr) {
          if (this.esc) this.esc = false;
          else if (c === 92) this.esc = true;
          else if (c === 34) this.inStr = false;
        } else if (c === 44 || c === 93) {
          this.sink.warn('not-object', this.elemLine);
          this.state = A.BETWEEN;
          continue;
        }
        i++;
        continue;
      }
      if (c <= 32) {
        i++;
        continue;
      }
      if (this.state === A.BEFORE) {
        if (c === 91) this.state = A.BETWEEN;
        i++;
        continue;
      }
      if (this.state === A.BETWEEN) {
        if (c === 44) i++;
        else if (c === 93) {
          this.state = A.DONE;
          i++;
        } else {
          this.elemLine = this.line;
          if (c === 123 || c === 91) {
            this.state = A.IN_OBJECT;
            this.depth = 0;
            this.inStr = false;
            start = -1;
          } else {
            this.state = A.IN_SCALAR;
            this.inStr = c === 34;
            i++;
          }
        }
        continue;
      }
      i++; // DONE: ignore trailing text
    }
    if (this.state === A.IN_OBJECT && start >= 0) {
      if (!this.skipping) this.buf += s.slice(start);
      if (this.buf.length > MAX_RECORD) {
        this.sink.warn('truncated', this.elemLine);
        this.buf = '';
        this.skipping = true;
      }
    }
  }

  end(): void {
    if (this.state === A.IN_OBJECT || this.state === A.IN_SCALAR || this.state === A.BEFORE || this.state === A.BETWEEN) {
      if (this.state !== A.BEFORE) this.sink.warn('truncated', this.elemLine);
    }
  }
}

/** Flattens one JSON object into (column, text value) pairs. */
export function flattenRecord(obj: Record<string, unknown>, emit: (key: string, value: string) => void, prefix = ''): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') emit(key, v);
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') emit(key, String(v));
    else if (Array.isArray(v)) {
      const scalars: string[] = [];
      for (const el of v) {
        if (el !== null && typeof el === 'object' && !Array.isArray(el)) flattenRecord(el as Record<string, unknown>, emit, `${key}[]`);
        else if (el !== null && el !== undefined) scalars.push(typeof el === 'object' ? JSON.stringify(el) : String(el));
      }
      if (scalars.length) emit(`${key}[]`, scalars.join(', '));
    } else if (typeof v === 'object') flattenRecord(v as Record<string, unknown>, emit, key);
  }
}
