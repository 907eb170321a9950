/**
 * NDJSON and JSON-array readers. Both are fed decoded text chunk by chunk and keep only
 * the current record: NDJSON splits on newlines; the array reader tracks string/escape
 * state and brace depth to cut out one top-level element at a time.
 *
 * v2 — what is delivered is what was classified: records are parsed by {@link parseRecord},
 * an iterative parser (no recursion: a 1,000-deep or 100,000-deep record cannot exhaust the
 * stack) that reports every occurrence of a duplicated key instead of keeping the last one as
 * JSON.parse does, and keeps numbers as written (an 18-digit ID keeps its digits). Text that is
 * not a record — invalid JSON, scalars, comments, trailing text after the array — is not
 * dropped: it is handed over as "unparsed" text, which the caller scans like any value.
 */

export interface RecordSink {
  /** One record as flattened (column, value) pairs; `dup` marks a repeated key of one object. */
  record(pairs: readonly FlatPair[]): void;
  /** Text that is not a JSON object record; `kind` says why (for the warning). */
  unparsed(
    text: string,
    kind: 'bad-json' | 'not-object' | 'comment' | 'trailing',
    line: number,
  ): void;
  warn(kind: 'truncated', line: number): void;
}

export interface FlatPair {
  key: string;
  value: string;
  /** A repeated key inside one object (v2 DUPLICATE_KEYS). */
  dup: boolean;
}

/** A record larger than this is skipped as malformed (memory stays bounded). */
export const MAX_RECORD = 16 << 20;

const WS = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;

interface Frame {
  /** true: object; false: array. */
  obj: boolean;
  /** Column prefix of this container's members (`a.b`, `items[]`). */
  prefix: string;
  /** Keys seen in this object (duplicate detection). */
  keys: Set<string> | null;
  /** Current key of an object frame. */
  key: string;
  /** Scalars of an array frame, joined into `prefix` when it closes. */
  scalars: string[] | null;
  /** Start of this container in the text (an array nested in an array is kept as its text). */
  start: number;
  /** This array is an element of an array: its text is one scalar of the parent. */
  asText: boolean;
  expectValue: boolean;
  afterComma: boolean;
  /** Everything inside this container repeats an earlier key of an enclosing object. */
  dup: boolean;
}

/**
 * Parses one JSON value that must be an object into flattened pairs (`a.b` for nested
 * objects, `key[]` for arrays: objects inside are flattened under `key[]`, scalars are joined
 * with `, `). Returns 'bad' for invalid JSON and 'not-object' for another top-level value.
 */
export function parseRecord(text: string, out: FlatPair[]): 'ok' | 'bad' | 'not-object' {
  const n = text.length;
  let i = 0;
  while (i < n && WS(text.charCodeAt(i))) i++;
  if (i >= n) return 'bad';
  if (text.charCodeAt(i) !== 123) {
    return isJsonValue(text, i) ? 'not-object' : 'bad';
  }
  const stack: Frame[] = [];
  const open = (
    obj: boolean,
    prefix: string,
    start: number,
    asText: boolean,
    dup: boolean,
  ): void => {
    stack.push({
      obj,
      prefix,
      keys: obj ? new Set() : null,
      key: '',
      scalars: obj ? null : [],
      start,
      asText,
      expectValue: !obj,
      afterComma: false,
      dup,
    });
  };
  open(true, '', i, false, false);
  i++;
  const emit = (frame: Frame, value: string | null): void => {
    // a scalar (or null) as the value of the current member of `frame`
    if (frame.obj) {
      const key = frame.prefix ? `${frame.prefix}.${frame.key}` : frame.key;
      const dup = frame.dup || (frame.keys as Set<string>).has(frame.key);
      (frame.keys as Set<string>).add(frame.key);
      if (value !== null) out.push({ key, value, dup });
    } else if (value !== null) (frame.scalars as string[]).push(value);
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (WS(c)) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top.obj && !top.expectValue) {
      // expecting a key (or the end of the object)
      if (c === 125 && !top.afterComma) {
        i = close(stack, text, i, out);
        if (stack.length === 0) break;
        continue;
      }
      if (c !== 34) return 'bad';
      const e = stringEnd(text, i);
      if (e < 0) return 'bad';
      const key = decodeString(text, i, e);
      if (key === null) return 'bad';
      i = e;
      while (i < n && WS(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 58) return 'bad';
      i++;
      top.key = key;
      top.expectValue = true;
      top.afterComma = false;
      continue;
    }
    if (!top.obj && !top.expectValue) {
      // after an array element
      if (c === 44) {
        top.expectValue = true;
        top.afterComma = true;
        i++;
        continue;
      }
      if (c === 93) {
        i = close(stack, text, i, out);
        if (stack.length === 0) break;
        continue;
      }
      return 'bad';
    }
    // expecting a value
    if (!top.obj && c === 93 && !top.afterComma) {
      i = close(stack, text, i, out);
      if (stack.length === 0) break;
      continue;
    }
    if (c === 123) {
      const prefix = top.obj ? (top.prefix ? `${top.prefix}.${top.key}` : top.key) : top.prefix;
      open(true, prefix, i, false, top.dup || repeatKey(top));
      i++;
      continue;
    }
    if (c === 91) {
      const asText = !top.obj;
      const prefix = top.obj
        ? `${top.prefix ? `${top.prefix}.${top.key}` : top.key}[]`
        : top.prefix;
      open(false, prefix, i, asText, top.dup || repeatKey(top));
      i++;
      continue;
    }
    let value: string | null;
    let e: number;
    if (c === 34) {
      e = stringEnd(text, i);
      if (e < 0) return 'bad';
      value = decodeString(text, i, e);
      if (value === null) return 'bad';
    } else {
      e = literalEnd(text, i);
      if (e < 0) return 'bad';
      const lit = text.slice(i, e);
      value = lit === 'null' ? null : lit;
    }
    i = e;
    emit(top, value);
    afterValue(top);
    // after a member: `,` or the end
    while (i < n && WS(text.charCodeAt(i))) i++;
    if (top.obj) {
      const d = text.charCodeAt(i);
      if (d === 44) {
        top.afterComma = true;
        i++;
      } else if (d !== 125) return 'bad';
    }
  }
  if (stack.length !== 0) return 'bad';
  while (i < n && WS(text.charCodeAt(i))) i++;
  return i === n ? 'ok' : 'bad';
}

function afterValue(f: Frame): void {
  f.expectValue = false;
  f.afterComma = false;
}

/** Records the current key of an object frame; true when it was seen before in that object. */
function repeatKey(f: Frame): boolean {
  if (!f.obj) return false;
  const keys = f.keys as Set<string>;
  const seen = keys.has(f.key);
  keys.add(f.key);
  return seen;
}

function close(stack: Frame[], text: string, i: number, out: FlatPair[]): number {
  const f = stack.pop() as Frame;
  const end = i + 1;
  const parent = stack.length ? stack[stack.length - 1] : null;
  if (!f.obj) {
    if (f.asText && parent) {
      (parent.scalars as string[]).push(text.slice(f.start, end));
    } else {
      const sc = f.scalars as string[];
      if (sc.length) out.push({ key: f.prefix, value: sc.join(', '), dup: f.dup });
    }
  }
  if (parent) {
    afterValue(parent);
    let j = end;
    while (j < text.length && WS(text.charCodeAt(j))) j++;
    const d = text.charCodeAt(j);
    if (parent.obj) {
      if (d === 44) {
        parent.afterComma = true;
        return j + 1;
      }
      if (d !== 125) return text.length + 1; // forces 'bad' below via stack check
    }
    return j;
  }
  return end;
}

/** End (exclusive) of the string starting with the quote at `i`, or -1. */
function stringEnd(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c === 92) j += 2;
    else if (c < 32) return -1;
    else j++;
  }
  return -1;
}

function decodeString(s: string, a: number, b: number): string | null {
  const body = s.slice(a + 1, b - 1);
  if (body.indexOf('\\') < 0) return body;
  try {
    return JSON.parse(s.slice(a, b)) as string;
  } catch {
    return null;
  }
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** End of the number / true / false / null at `i`, or -1. */
function literalEnd(s: string, i: number): number {
  let j = i;
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 44 || c === 125 || c === 93 || WS(c)) break;
    j++;
  }
  const t = s.slice(i, j);
  if (t === 'true' || t === 'false' || t === 'null' || NUMBER.test(t)) return j;
  return -1;
}

/** Whether `s[i..]` is one JSON value (for telling "not an object" from "not JSON"). */
function isJsonValue(s: string, i: number): boolean {
  try {
    JSON.parse(s.slice(i));
    return true;
  } catch {
    return false;
  }
}

export class NdjsonReader {
  private carry = '';
  private line = 0;
  private readonly pairs: FlatPair[] = [];
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
    while (a < b && WS(l.charCodeAt(a))) a++;
    while (b > a && WS(l.charCodeAt(b - 1))) b--;
    if (a === b) return;
    const text = a === 0 && b === l.length ? l : l.slice(a, b);
    const pairs = this.pairs;
    pairs.length = 0;
    const r = parseRecord(text, pairs);
    if (r === 'ok') this.sink.record(pairs);
    else this.sink.unparsed(text, r === 'bad' ? 'bad-json' : r, this.line);
  }
}

const enum A {
  BEFORE, // before '['
  BETWEEN, // inside the array, between elements
  IN_OBJECT,
  IN_SCALAR,
  IN_COMMENT,
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
  private block = false; // a /* */ comment (else //)
  private readonly pairs: FlatPair[] = [];

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
            else this.element(text);
          }
        }
        i++;
        continue;
      }
      if (this.state === A.IN_SCALAR || this.state === A.IN_COMMENT || this.state === A.DONE) {
        if (start < 0) start = i;
        if (this.state === A.IN_COMMENT) {
          const endsHere = this.block ? c === 47 && i > 0 && s.charCodeAt(i - 1) === 42 : c === 10;
          if (endsHere) {
            const text = this.buf + s.slice(start, i + 1);
            this.buf = '';
            start = -1;
            this.state = A.BETWEEN;
            this.sink.unparsed(text, 'comment', this.elemLine);
          }
        } else if (this.state === A.IN_SCALAR) {
          if (this.inStr) {
            if (this.esc) this.esc = false;
            else if (c === 92) this.esc = true;
            else if (c === 34) this.inStr = false;
          } else if (c === 34) this.inStr = true;
          else if (c === 44 || c === 93) {
            const text = this.buf + s.slice(start, i);
            this.buf = '';
            start = -1;
            this.state = A.BETWEEN;
            this.sink.unparsed(text.trim(), 'not-object', this.elemLine);
            continue;
          }
        }
        i++;
        continue;
      }
      if (WS(c)) {
        i++;
        continue;
      }
      if (this.state === A.BEFORE) {
        if (c === 91) this.state = A.BETWEEN;
        i++;
        continue;
      }
      // BETWEEN
      if (c === 44) i++;
      else if (c === 93) {
        this.state = A.DONE;
        this.elemLine = this.line;
        i++;
      } else {
        this.elemLine = this.line;
        if (c === 123 || c === 91) {
          this.state = A.IN_OBJECT;
          this.depth = 0;
          this.inStr = false;
          start = -1;
        } else if (c === 47 && (s.charCodeAt(i + 1) === 47 || s.charCodeAt(i + 1) === 42)) {
          this.state = A.IN_COMMENT;
          this.block = s.charCodeAt(i + 1) === 42;
          start = i;
          i += 2;
        } else {
          this.state = A.IN_SCALAR;
          this.inStr = false;
          start = -1;
        }
      }
    }
    if (start >= 0 && this.state !== A.BETWEEN && this.state !== A.BEFORE) {
      if (!this.skipping) this.buf += s.slice(start);
      if (this.buf.length > MAX_RECORD) {
        if (this.state === A.IN_OBJECT) {
          this.sink.warn('truncated', this.elemLine);
          this.skipping = true;
        } else this.flushText();
        this.buf = '';
      }
    }
  }

  private element(text: string): void {
    const pairs = this.pairs;
    pairs.length = 0;
    const r = text.charCodeAt(0) === 123 ? parseRecord(text, pairs) : 'not-object';
    if (r === 'ok') this.sink.record(pairs);
    else this.sink.unparsed(text, r === 'bad' ? 'bad-json' : r, this.elemLine);
  }

  private flushText(): void {
    const t = this.buf.trim();
    if (t)
      this.sink.unparsed(
        t,
        this.state === A.DONE ? 'trailing' : this.state === A.IN_COMMENT ? 'comment' : 'not-object',
        this.elemLine,
      );
  }

  end(): void {
    if (this.state === A.IN_OBJECT) {
      this.sink.warn('truncated', this.elemLine);
      if (!this.skipping && this.buf.trim())
        this.sink.unparsed(this.buf, 'bad-json', this.elemLine);
    } else if (this.state === A.IN_SCALAR || this.state === A.IN_COMMENT || this.state === A.DONE)
      this.flushText();
    else if (this.state === A.BETWEEN) this.sink.warn('truncated', this.elemLine);
    this.buf = '';
  }
}
