// Property tests for the v2 forms of CLASSIFIER.md: normalisation (NFKC, zero-width), decimal
// numbers, 6-8-4 grouped and 15-digit resident IDs, IPv6.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isIPv6 } from 'node:net';
import {
  bankCardArb,
  ipv6Arb,
  mobileArb,
  residentId15Arb,
  residentIdArb,
  toFullWidth,
  usccArb,
} from '../test-support/generators.js';
import { ID_NAMES, IdentifierScanner, type Id } from './identifier-scanner.js';
import { dateNumber, isCardDigits, isIpv6, isResidentId, residentId15To18 } from './validators.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const scanner = new IdentifierScanner(dateNumber(NOW));
function found(s: string): string[] {
  const out: string[] = [];
  scanner.scan(s, false, (id: Id, norm: string) => out.push(`${ID_NAMES[id]}:${norm}`));
  return out;
}
const digitsArb = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const idLike = fc.oneof(
  mobileArb,
  bankCardArb,
  residentIdArb.filter((x) => !x.endsWith('X')),
);
const ZW = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];

describe('v2 normalisation before detection', () => {
  it('finds identifiers written with full-width digits and letters', () => {
    fc.assert(
      fc.property(
        fc.oneof(residentIdArb, usccArb, bankCardArb, mobileArb),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        (v, mask) => {
          const hits = found(`客户：${toFullWidth(v, mask)}。`);
          return hits.length === 1 && hits[0].endsWith(`:${v.toUpperCase()}`);
        },
      ),
    );
    expect(found('＋８６ １３８－１２３４－５６７８')).toEqual(['CN_MOBILE:13812345678']);
    expect(found('（０２７）１３８１２３４５６７８')).toEqual(['CN_MOBILE:13812345678']);
  });
  it('removes zero-width characters and soft hyphens anywhere inside a value', () => {
    fc.assert(
      fc.property(
        idLike,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ZW)), { minLength: 1, maxLength: 4 }),
        (v, cuts) => {
          let s = v;
          for (const [at, z] of cuts) {
            const k = at % (s.length + 1);
            s = s.slice(0, k) + z + s.slice(k);
          }
          const hits = found(s);
          return hits.length === 1 && hits[0].endsWith(`:${v}`);
        },
      ),
    );
  });
  it('never finds more in an NFKC-normal value than before (normalisation is idempotent)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const n = s.normalize('NFKC');
        return JSON.stringify(found(n)) === JSON.stringify(found(n.normalize('NFKC')));
      }),
    );
  });
});

describe('v2 decimal numbers hold no identifier', () => {
  it('neither the integer nor the fractional part of a decimal is a candidate', () => {
    fc.assert(
      fc.property(
        idLike,
        digitsArb(1, 12),
        fc.constantFrom('', '-', '+'),
        fc.constantFrom('', 'e5', 'E-07', 'e+12'),
        fc.constantFrom(' ', '，', '', 'x='),
        (v, other, sign, exp, edge) =>
          found(`${edge}${sign}${v}.${other}${exp}`).length === 0 &&
          found(`${edge}${sign}${other.slice(0, 3)}.${v}${exp}`).length === 0 &&
          found(`${edge}${sign}${other.slice(0, 3)},${v}${exp}`).length === 0 &&
          found(`${edge.trim() ? ' ' : edge}.${v}`).length === 0,
      ),
    );
    expect(found('0.4218407843137255')).toEqual([]);
    expect(found('42.19313080998')).toEqual([]);
    expect(found('4.20102E+17')).toEqual([]);
  });
  it('keeps dotted quads as IPv4 and separated lists of integers as identifiers', () => {
    expect(found('10.0.0.255')).toEqual(['IP_ADDRESS:10.0.0.255']);
    expect(found('13812345678,13912345678')).toEqual([
      'CN_MOBILE:13812345678',
      'CN_MOBILE:13912345678',
    ]);
    expect(found('电话13812345678。')).toEqual(['CN_MOBILE:13812345678']);
  });
});

describe('v2 resident ID forms', () => {
  it('finds 18-char IDs written in 6-8-4 groups separated by one space or dash', () => {
    fc.assert(
      fc.property(residentIdArb, fc.constantFrom(' ', '-'), fc.boolean(), (id, sep, lower) => {
        const v = (lower ? id.toLowerCase() : id).replace(
          /^(.{6})(.{8})(.{4})$/,
          `$1${sep}$2${sep}$3`,
        );
        const hits = found(`证件 ${v} 号`);
        return hits.length === 1 && hits[0] === `CN_RESIDENT_ID:${id}`;
      }),
    );
  });
  it('reports 15-digit first-generation IDs as their 18-digit form, which validates', () => {
    fc.assert(
      fc.property(residentId15Arb, (v) => {
        fc.pre(!isCardDigits(v)); // one type per token: a 15-digit Amex number (prefix 34/37) stays a card
        const hits = found(v).filter((h) => h.startsWith('CN_RESIDENT_ID:'));
        const full = residentId15To18(v);
        return hits.length === 1 && hits[0] === `CN_RESIDENT_ID:${full}` && isResidentId(full, NOW);
      }),
    );
  });
});

describe('v2 IPv6', () => {
  it('finds generated addresses in full and compressed form inside text', () => {
    fc.assert(
      fc.property(ipv6Arb, fc.constantFrom(' ', '(', '，', 'ip='), (ip, edge) => {
        const hits = found(`${edge}${ip}${edge === '(' ? ')' : ' '}`);
        return hits.length === 1 && hits[0] === `IP_ADDRESS:${ip.toLowerCase()}`;
      }),
    );
  });
  it('validates exactly as the platform parser (node:net isIPv6)', () => {
    const mutated = fc
      .tuple(ipv6Arb, fc.nat(), fc.constantFrom(':', '::', '.', 'g', '0', '12345', ':1.2.3.4', ''))
      .map(
        ([ip, at, ins]) => ip.slice(0, at % (ip.length + 1)) + ins + ip.slice(at % (ip.length + 1)),
      );
    fc.assert(
      fc.property(fc.oneof(ipv6Arb, mutated), (s) => isIpv6(s) === isIPv6(s)),
      { numRuns: 5000 },
    );
    expect(found('12:30:45')).toEqual([]);
    expect(found('00:1A:2B:3C:4D:5E')).toEqual([]);
    expect(found('fe80::1%eth0')).toEqual(['IP_ADDRESS:fe80::1%eth0']);
  });
});
