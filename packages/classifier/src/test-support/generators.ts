// fast-check arbitraries for valid identifiers (test support only).
import fc from 'fast-check';

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

export function residentIdCheck(body17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body17[i]) * ID_W[i];
  return '10X98765432'[s % 11];
}

const digitsArb = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

export const residentIdArb: fc.Arbitrary<string> = fc
  .record({
    p: fc.constantFrom(...PROVINCES),
    rest: digitsArb(4),
    date: fc.date({
      min: new Date('1900-01-02T00:00:00Z'),
      max: new Date('2020-12-30T00:00:00Z'),
      noInvalidDate: true,
    }),
    seq: digitsArb(3),
  })
  .map(({ p, rest, date, seq }) => {
    const ymd = date.toISOString().slice(0, 10).replace(/-/g, '');
    const body = `${p}${rest}${ymd}${seq}`;
    return body + residentIdCheck(body);
  });

const USCC_CS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_W = [3, 7, 9, 10, 5, 8, 4, 2];
export function usccFrom(head2: string, region6: string, org8: string): string | null {
  let os = 0;
  for (let i = 0; i < 8; i++) {
    const c = org8[i];
    os += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * ORG_W[i];
  }
  const oc = 11 - (os % 11);
  const orgCheck = oc === 10 ? 'X' : oc === 11 ? '0' : String(oc);
  const body = head2 + region6 + org8 + orgCheck;
  let s = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CS.indexOf(body[i]);
    if (v < 0) return null;
    s += v * USCC_W[i];
  }
  return body + USCC_CS[(31 - (s % 31)) % 31];
}
export const usccArb: fc.Arbitrary<string> = fc
  .record({
    head: fc.constantFrom('91', '92', '93', '11', '12', '51', '52', 'Y1'),
    region: digitsArb(6),
    org: fc.string({
      unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'),
      minLength: 8,
      maxLength: 8,
    }),
  })
  .map(({ head, region, org }) => usccFrom(head, region, org))
  .filter((x): x is string => x !== null);

export function luhnComplete(body: string): string {
  for (let c = 0; c < 10; c++) {
    const d = body + c;
    let sum = 0;
    for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let v = Number(d[i]);
      if (dbl) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return d;
  }
  throw new Error('unreachable');
}
export const bankCardArb: fc.Arbitrary<string> = fc
  .oneof(
    fc.record({ p: fc.constant('62'), len: fc.integer({ min: 16, max: 19 }) }),
    fc.record({ p: fc.constant('4'), len: fc.constantFrom(13, 16, 19) }),
    fc.record({ p: fc.constantFrom('51', '55', '2221', '2720'), len: fc.constant(16) }),
    fc.record({ p: fc.constantFrom('34', '37'), len: fc.constant(15) }),
    fc.record({ p: fc.constantFrom('3528', '3589'), len: fc.integer({ min: 16, max: 19 }) }),
  )
  .chain(({ p, len }) => digitsArb(len - p.length - 1).map((mid) => luhnComplete(p + mid)));

export const mobileArb: fc.Arbitrary<string> = fc
  .record({ second: fc.constantFrom(...'3456789'), rest: digitsArb(9) })
  .map(({ second, rest }) => `1${second}${rest}`);

/** Replaces the char at i with a different digit. */
export const changeDigitAt = (s: string, i: number, by: number): string =>
  s.slice(0, i) + String((Number(s[i]) + by) % 10) + s.slice(i + 1);

/** v2: first-generation 15-digit resident IDs (province, 19YYMMDD as YYMMDD, 3-digit sequence). */
export const residentId15Arb: fc.Arbitrary<string> = fc
  .record({
    p: fc.constantFrom(...PROVINCES),
    rest: digitsArb(4),
    date: fc.date({
      min: new Date('1900-01-02T00:00:00Z'),
      max: new Date('1999-12-30T00:00:00Z'),
      noInvalidDate: true,
    }),
    seq: digitsArb(3),
  })
  .map(
    ({ p, rest, date, seq }) =>
      `${p}${rest}${date.toISOString().slice(2, 10).replace(/-/g, '')}${seq}`,
  );

/** v2: IPv6 addresses in full or compressed form (the longest run of zero groups as `::`), lower or upper case. */
export const ipv6Arb: fc.Arbitrary<string> = fc
  .record({
    groups: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    }),
    compress: fc.boolean(),
    upper: fc.boolean(),
  })
  .map(({ groups, compress, upper }) => {
    const hex = groups.map((g) => g.toString(16));
    let text = hex.join(':');
    if (compress) {
      let best = -1;
      let bestLen = 0;
      for (let i = 0; i < 8; i++) {
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i > bestLen) [best, bestLen] = [i, j - i];
      }
      if (bestLen >= 2)
        text = `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
    }
    return upper ? text.toUpperCase() : text;
  });

/** Full-width form of ASCII digits and letters (U+FF10…), as NFKC undoes. */
export function toFullWidth(s: string, mask: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += mask[i % mask.length] && c > 32 && c < 127 ? String.fromCharCode(c + 0xfee0) : s[i];
  }
  return out;
}
