import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { assertCanonicalValue, canonicalJson, canonicalJsonReference } from './canonical-json.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('escapes strings as RFC 8785 §3.2.2 does, literals unchanged', () => {
    const input = {
      string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('writes integers without exponent, fraction or sign of zero', () => {
    expect(canonicalJson([0, -0, 1, -1, 100, 1e6, 9007199254740991, -9007199254740991])).toBe(
      '[0,0,1,-1,100,1000000,9007199254740991,-9007199254740991]',
    );
  });

  it('drops whitespace and sorts nested objects', () => {
    expect(canonicalJson({ b: { d: 1, c: [{ z: 1, y: 2 }] }, a: 'x' })).toBe(
      '{"a":"x","b":{"c":[{"y":2,"z":1}],"d":1}}',
    );
  });

  it.each([
    ['a float', { amount: 4.5 }, /\$\.amount: floats are not allowed/],
    [
      'the RFC 8785 number sample',
      {
        numbers: JSON.parse(
          '[333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]',
        ) as number[],
      },
      /\$\.numbers\[0\]: floats/,
    ],
    ['NaN', [NaN], /NaN is not allowed/],
    ['Infinity', { x: { y: -Infinity } }, /\$\.x\.y: -Infinity is not allowed/],
    ['an unsafe integer', { big: 2 ** 60 }, /beyond/],
    ['undefined', { gone: undefined }, /undefined is not allowed/],
    ['a Date', { at: new Date(0) }, /plain objects/],
    ['a bigint', { n: 1n }, /bigint is not allowed/],
    ['a lone surrogate', { s: '\ud800' }, /lone surrogate/],
    ['a function', [() => 1], /function is not allowed/],
  ])('rejects %s with a clear error', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
    try {
      assertCanonicalValue(value);
    } catch (error) {
      expect(error).toBeInstanceOf(LedgerException);
      expect((error as LedgerException).code).toBe(LedgerExceptionCode.NON_CANONICAL_VALUE);
    }
  });

  it('handles deeply nested values without blowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20000; i++) deep = [{ b: 1, a: deep }];
    expect(() => assertCanonicalValue(deep)).not.toThrow();
    expect(canonicalJson(deep)).toBe(canonicalize(deep));
    (deep as unknown[]).push(0.5);
    expect(() => canonicalJson(deep)).toThrow(/\$\[1\]: floats are not allowed/);
  });

  it('takes the JSON.stringify path only when keys are already in canonical order', () => {
    // JavaScript lists integer-like keys first in numeric order: "9" before "10", which
    // RFC 8785 puts after "10" ("1" < "9"). The fast path must notice and sort.
    expect(canonicalJson({ 9: 'a', 10: 'b', x: 'c' })).toBe('{"10":"b","9":"a","x":"c"}');
    expect(canonicalJson({ a: { d: 1, c: 2 }, b: 1 })).toBe('{"a":{"c":2,"d":1},"b":1}');
    expect(canonicalJson([{ z: 1, y: 2 }])).toBe('[{"y":2,"z":1}]');
  });

  it('is byte-identical to the canonicalize package on every float-free JSON value (property)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.maxSafeInteger(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value')),
        fc.dictionary(text, tie('value')),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
        expect(canonicalJsonReference(v)).toBe(canonicalize(v));
        expect(JSON.parse(canonicalJson(v))).toEqual(v);
        // Re-parsed canonical text has sorted keys: this exercises the JSON.stringify path.
        expect(canonicalJson(JSON.parse(canonicalize(v) as string))).toBe(canonicalize(v));
      }),
      { numRuns: 500 },
    );
  });
});
