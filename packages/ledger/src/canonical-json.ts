import canonicalize from 'canonicalize';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

/** JSON values a ledger entry may hold: no floats, no undefined, no special objects. */
export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | CanonicalValue[]
  | { [key: string]: CanonicalValue };

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
        if (!Number.isInteger(v)) fail(p, `floats are not allowed (got ${v}); use an integer or a string`);
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

/**
 * RFC 8785 (JCS) canonical JSON of `value`, after {@link assertCanonicalValue}.
 * Object keys are sorted by UTF-16 code units, no whitespace, strings escaped as ES2015
 * `JSON.stringify` does, integers without exponent or fraction.
 * @throws LedgerException `NON_CANONICAL_VALUE`
 */
export function canonicalJson(value: unknown): string {
  assertCanonicalValue(value);
  return serializeCanonical(value);
}

/** RFC 8785 text of a value already checked by {@link assertCanonicalValue}. */
export function serializeCanonical(value: CanonicalValue): string {
  const text = canonicalize(value);
  if (text === undefined) fail('$', 'value has no JSON representation');
  return text;
}
