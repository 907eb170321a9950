import canonicalize from 'canonicalize';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

/** JSON values a ledger entry may hold: no floats, no undefined, no special objects. */
export type CanonicalValue =
  string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

function fail(path: string, why: string): never {
  throw new LedgerException(LedgerExceptionCode.NON_CANONICAL_VALUE, `${path}: ${why}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Throws a {@link LedgerException} (`NON_CANONICAL_VALUE`) naming the first value under
 * `value` that a ledger entry may not hold: floats, NaN/±Infinity, integers beyond ±(2^53−1)
 * (they would not survive a round trip through JSON in most languages), undefined,
 * functions, symbols, bigints, dates and other non-plain objects, lone surrogates.
 */
export function assertCanonicalValue(value: unknown, path = '$'): asserts value is CanonicalValue {
  // An explicit stack rather than recursion: untrusted exports may nest deeply.
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length > 0) {
    const [v, p] = stack.pop() as [unknown, string];
    switch (typeof v) {
      case 'string':
        if (LONE_SURROGATE.test(v)) fail(p, 'string contains a lone surrogate');
        break;
      case 'boolean':
        break;
      case 'number':
        if (!Number.isFinite(v)) fail(p, `${String(v)} is not allowed (only integers)`);
        if (!Number.isInteger(v))
          fail(p, `floats are not allowed (got ${v}); use an integer or a string`);
        if (!Number.isSafeInteger(v)) fail(p, `integer ${v} is beyond ±(2^53-1); use a string`);
        break;
      case 'object':
        if (v === null) break;
        if (Array.isArray(v)) {
          for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`]);
        } else if (isPlainObject(v)) {
          for (const [k, child] of Object.entries(v)) {
            if (LONE_SURROGATE.test(k)) fail(p, 'key contains a lone surrogate');
            stack.push([child, `${p}.${k}`]);
          }
        } else {
          fail(p, 'only plain objects and arrays are allowed (convert dates to ISO strings)');
        }
        break;
      default:
        fail(p, `${typeof v} is not allowed`);
    }
  }
}

const MAX_DEPTH = 256;
const SURROGATE = /[\uD800-\uDFFF]/;
/** Thrown by {@link scan}: the slow, iterative path takes over (error message or deep value). */
const SLOW_PATH = Symbol('slow path');

/**
 * Validates `value` in one recursive pass without building paths and tells whether every
 * object already enumerates its keys in RFC 8785 order (UTF-16 code units). Throws
 * {@link SLOW_PATH} on anything unusual.
 */
function scan(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) throw SLOW_PATH;
      return true;
    case 'number':
      if (!Number.isSafeInteger(value)) throw SLOW_PATH;
      return true;
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) throw SLOW_PATH;
      let sorted = true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!scan(value[i], depth + 1)) sorted = false;
        return sorted;
      }
      if (!isPlainObject(value)) throw SLOW_PATH;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (SURROGATE.test(key) && LONE_SURROGATE.test(key)) throw SLOW_PATH;
        if (i > 0 && keys[i - 1] > key) sorted = false;
        if (!scan(record[key], depth + 1)) sorted = false;
      }
      return sorted;
    }
    default:
      throw SLOW_PATH;
  }
}

/**
 * RFC 8785 (JCS) canonical JSON of `value`, which must hold only ledger-entry values (see
 * {@link assertCanonicalValue}). Object keys are sorted by UTF-16 code units, no
 * whitespace, strings escaped as ES2015 `JSON.stringify` does, integers without exponent
 * or fraction. Serialisation is the `canonicalize` package (RFC 8785 for JavaScript); when
 * every object already lists its keys in canonical order — entries parsed back from an
 * export always do — `JSON.stringify` writes the identical bytes about 3× faster, and is
 * used instead (a property test holds the two paths to byte equality).
 * @param path - names the root in error messages, e.g. `"entry"`.
 * @throws LedgerException `NON_CANONICAL_VALUE` naming the first offending value.
 */
export function canonicalJson(value: unknown, path = '$'): string {
  let sorted: boolean;
  try {
    sorted = scan(value, 0);
  } catch (error) {
    if (error !== SLOW_PATH) throw error;
    assertCanonicalValue(value, path); // throws with the path of the bad value…
    sorted = false; // …or the value is fine but deeper than the fast scan goes
  }
  const text = sorted ? JSON.stringify(value) : canonicalize(value);
  if (text === undefined) fail(path, 'value has no JSON representation');
  return text;
}

/** `canonicalize` alone after {@link assertCanonicalValue}: the reference for tests. */
export function canonicalJsonReference(value: unknown): string {
  assertCanonicalValue(value);
  const text = canonicalize(value);
  if (text === undefined) fail('$', 'value has no JSON representation');
  return text;
}
