import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bankCardArb, mobileArb, residentIdArb, usccArb } from '../test-support/generators.js';
import { ID_NAMES, IdentifierScanner, type Id } from './identifier-scanner.js';
import { dateNumber } from './validators.js';

const scanner = new IdentifierScanner(dateNumber(new Date('2026-06-01T12:00:00Z')));
function found(s: string, account = false): string[] {
  const out: string[] = [];
  scanner.scan(s, account, (id: Id, norm: string) => out.push(`${ID_NAMES[id]}:${norm}`));
  return out;
}

describe('IdentifierScanner', () => {
  it('finds generated identifiers inside Chinese text and punctuation', () => {
    fc.assert(
      fc.property(
        fc.oneof(residentIdArb, usccArb, bankCardArb, mobileArb),
        fc.constantFrom('回电', '，', ' ', '(', '：'),
        (v, edge) => {
          const hits = found(`客户${edge}${v}${edge}谢谢`);
          return hits.length === 1 && hits[0].endsWith(`:${v.toUpperCase()}`);
        },
      ),
    );
  });
  it('never matches inside longer digit runs or touching letters', () => {
    fc.assert(
      fc.property(
        fc.oneof(residentIdArb, bankCardArb, mobileArb),
        fc.constantFrom('1', '9', 'a', 'Z', '0'),
        (v, touch) => {
          // The longer run may itself validate by chance, but `v` is never found inside it.
          const inside = (h: string): boolean =>
            h.endsWith(`:${v}`) || h.endsWith(`:${v.slice(-11)}`);
          return !found(`${touch}${v}`).some(inside) && !found(`${v}${touch}`).some(inside);
        },
      ),
    );
    expect(found('abc13812345678def')).toEqual([]);
    expect(found('d41d8cd98f00b204e9800998ecf8427e13812345678')).toEqual([]);
  });
  it('applies the order resident ID, USCC, card, mobile: one type per token', () => {
    // An all-digit 18-char string valid as a resident ID is reported only as one.
    fc.assert(
      fc.property(
        residentIdArb.filter((x) => !x.endsWith('X')),
        (id) => found(id).length === 1 && found(id)[0].startsWith('CN_RESIDENT_ID'),
      ),
    );
  });
  it('normalises mobiles with prefixes and separators to 11 digits', () => {
    expect(found('+86 138-1234-5678')).toEqual(['CN_MOBILE:13812345678']);
    expect(found('(0086) 138 1234 5678')).toEqual(['CN_MOBILE:13812345678']);
    expect(found('8613812345678')).toEqual(['CN_MOBILE:13812345678']);
    expect(found('电话13812345678或13987654321')).toEqual([
      'CN_MOBILE:13812345678',
      'CN_MOBILE:13987654321',
    ]);
    expect(found('qty 2 13812345678')).toEqual(['CN_MOBILE:13812345678']);
  });
  it('finds cards in groups, e-mails, IPs, passports, stock accounts, digests', () => {
    expect(found('card 6222 0212 3456 7890 128')).toHaveLength(
      found('card 6222021234567890128').length,
    );
    expect(found('mail Zhang.Wei@Example.com.cn please')).toEqual([
      'EMAIL:zhang.wei@example.com.cn',
    ]);
    expect(found('from 10.0.0.255 at')).toEqual(['IP_ADDRESS:10.0.0.255']);
    expect(found('v1.2.3.4.5')).toEqual([]);
    expect(found('护照E12345678')).toEqual(['CN_PASSPORT:E12345678']);
    expect(found('A123456789')).toEqual(['STOCK_ACCOUNT:A123456789']);
    expect(found('0123456789')).toEqual([]);
    expect(found('0123456789', true)).toEqual(['STOCK_ACCOUNT:0123456789']);
    expect(found('d41d8cd98f00b204e9800998ecf8427e')).toEqual([
      'PSEUDONYMOUS_ID:d41d8cd98f00b204e9800998ecf8427e',
    ]);
  });
  it('does not report 13-digit ms timestamps, EAN-13 barcodes from China, or 18-digit order numbers failing checks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000_000_000, max: 1_999_999_999_999 }),
        (ms) => found(String(ms)).length === 0,
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (n) => {
        const body = '69' + String(n).padStart(10, '0');
        let s = 0;
        for (let i = 0; i < 12; i++) s += Number(body[i]) * (i % 2 ? 3 : 1);
        return found(body + ((10 - (s % 10)) % 10)).length === 0;
      }),
    );
    fc.assert(
      fc.property(
        residentIdArb.filter((x) => !x.endsWith('X')),
        fc.integer({ min: 1, max: 9 }),
        (id, by) => {
          const order = id.slice(0, 17) + String((Number(id[17]) + by) % 10);
          return !found(order).some((h) => h.startsWith('CN_RESIDENT_ID'));
        },
      ),
    );
  });
  it('does linear work on adversarial input (long digit runs, repeated separators and @)', () => {
    const inputs = (n: number): string[] => [
      '1'.repeat(n),
      '1 '.repeat(n / 2),
      '138-'.repeat(n / 4),
      'a@'.repeat(n / 2),
      '1.'.repeat(n / 2),
      '(1) '.repeat(n / 4),
    ];
    for (const [i, small] of inputs(100_000).entries()) {
      const big = inputs(1_000_000)[i];
      scanner.work = 0;
      scanner.scan(small, true, null);
      const w1 = scanner.work;
      scanner.work = 0;
      scanner.scan(big, true, null);
      const w2 = scanner.work;
      // Each character is visited a bounded number of times: work grows 10x, not 100x.
      expect(w2).toBeLessThanOrEqual(4 * big.length);
      expect(w2).toBeLessThanOrEqual(12 * Math.max(1, w1));
    }
  });
});
