import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  bankCardArb,
  changeDigitAt,
  mobileArb,
  residentIdArb,
  residentIdCheck,
  usccArb,
} from '../test-support/generators.js';
import { isChineseName, isPersonNameValue, isRomanisedName } from './names.js';
import {
  isBankCard,
  isEmail,
  isHexDigest,
  isIpv4,
  isMobile,
  isPassport,
  isResidentId,
  isStockAccount,
  isUscc,
  luhn,
} from './validators.js';

const TODAY = new Date('2026-06-01T12:00:00Z');
const USCC_CS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('CN_RESIDENT_ID (GB 11643)', () => {
  it('accepts every generated valid ID, lower-case x included', () => {
    fc.assert(
      fc.property(
        residentIdArb,
        (id) => isResidentId(id, TODAY) && isResidentId(id.toLowerCase(), TODAY),
      ),
    );
  });
  it('rejects any single changed digit', () => {
    fc.assert(
      fc.property(
        residentIdArb,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (id, i, by) => !isResidentId(changeDigitAt(id, i, by), TODAY),
      ),
    );
  });
  it('rejects a wrong check character', () => {
    fc.assert(
      fc.property(
        residentIdArb,
        fc.constantFrom(...'0123456789X'),
        (id, c) => c === id[17] || !isResidentId(id.slice(0, 17) + c, TODAY),
      ),
    );
  });
  it('rejects bad province codes, impossible and future dates', () => {
    expect(isResidentId('420107199001011238', TODAY)).toBe(true);
    expect(isResidentId('990107199001011234', TODAY)).toBe(false);
    const feb30 = '42010719900230123';
    expect(isResidentId(feb30 + residentIdCheck(feb30), TODAY)).toBe(false);
    const body = '42010720300101123';
    expect(isResidentId(body + residentIdCheck(body), TODAY)).toBe(false); // born in the future
    expect(isResidentId(body + residentIdCheck(body), new Date('2031-01-01'))).toBe(true);
  });
});

describe('CN_USCC (GB 32100 + GB 11714)', () => {
  it('accepts every generated valid code', () => {
    fc.assert(fc.property(usccArb, (c) => isUscc(c)));
  });
  it('rejects any single changed character', () => {
    fc.assert(
      fc.property(
        usccArb,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (c, i, by) => {
          const repl = USCC_CS[(USCC_CS.indexOf(c[i]) + by) % 31];
          return !isUscc(c.slice(0, i) + repl + c.slice(i + 1));
        },
      ),
    );
  });
  it('accepts the corpus sample and rejects letters outside the charset', () => {
    expect(isUscc('914201070946494241')).toBe(true);
    expect(isUscc('91420107094649424I')).toBe(false);
  });
});

describe('BANK_CARD (Luhn + issuer)', () => {
  it('accepts every generated valid card, also grouped with spaces or dashes', () => {
    fc.assert(
      fc.property(
        bankCardArb,
        (c) =>
          isBankCard(c) &&
          isBankCard(c.replace(/(\d{4})(?=\d)/g, '$1 ')) &&
          isBankCard(c.replace(/(\d{4})(?=\d)/g, '$1-')),
      ),
    );
  });
  it('rejects any single changed digit', () => {
    fc.assert(
      fc.property(
        bankCardArb,
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (c, i, by) => !isBankCard(changeDigitAt(c, i % c.length, by)),
      ),
    );
  });
  it('rejects 16–19-digit numbers failing Luhn and wrong issuer/length combinations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 19 }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 19, maxLength: 19 }),
        (len, d) => {
          const n = ('62' + d).slice(0, len);
          return luhn(n) || !isBankCard(n);
        },
      ),
    );
    expect(isBankCard('4111111111111111')).toBe(true);
    expect(isBankCard('411111111111111111')).toBe(false); // Visa is 13/16/19, not 18
    expect(isBankCard('9111111111111111')).toBe(false); // no issuer 9
  });
});

describe('CN_MOBILE', () => {
  it('accepts generated numbers with +86/86/0086 and separators', () => {
    fc.assert(
      fc.property(
        mobileArb,
        fc.constantFrom('', '+86 ', '86', '0086-', '(+86) '),
        (m, p) =>
          isMobile(p + m) &&
          isMobile(`${p}${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`) &&
          isMobile(`${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`),
      ),
    );
  });
  it('rejects a changed leading digit or a second digit outside 3–9', () => {
    fc.assert(
      fc.property(
        mobileArb,
        fc.integer({ min: 1, max: 9 }),
        (m, by) => !isMobile(changeDigitAt(m, 0, by)),
      ),
    );
    fc.assert(
      fc.property(
        mobileArb,
        fc.constantFrom('0', '1', '2'),
        (m, d) => !isMobile(m[0] + d + m.slice(2)),
      ),
    );
    expect(isMobile('138123456789')).toBe(false);
  });
});

describe('other identifiers', () => {
  it('validates e-mail, passport, stock account, IPv4, digests', () => {
    expect(isEmail('a.b+c@example.com.cn')).toBe(true);
    expect(isEmail('user at example dot com')).toBe(false);
    expect(isEmail('a@b')).toBe(false);
    expect(isPassport('E12345678')).toBe(true);
    expect(isPassport('EA1234567')).toBe(true);
    expect(isPassport('G12345678')).toBe(true);
    expect(isPassport('EI1234567')).toBe(false);
    expect(isPassport('F12345678')).toBe(false);
    expect(isStockAccount('A123456789')).toBe(true);
    expect(isStockAccount('0123456789')).toBe(false);
    expect(isStockAccount('0123456789', true)).toBe(true);
    expect(isIpv4('192.168.1.10')).toBe(true);
    expect(isIpv4('256.1.1.1')).toBe(false);
    expect(isIpv4('1.2.3')).toBe(false);
    expect(isHexDigest('d41d8cd98f00b204e9800998ecf8427e')).toBe(true);
    expect(isHexDigest('12345678901234567890123456789012')).toBe(false); // a number, not a digest
    expect(isHexDigest('d41d8cd98f00b204e9800998ecf8427')).toBe(false);
  });
});

describe('PERSON_NAME values', () => {
  it('accepts surnames incl. compound ones, rejects place and product words', () => {
    for (const n of ['张伟', '王思敏', '欧阳娜娜', '司马光', '诸葛亮'])
      expect(isChineseName(n)).toBe(true);
    for (const w of [
      '江岸区',
      '白酒',
      '武汉市',
      '黄山',
      '张家村',
      '李宁公司',
      '王府井大街',
      '红茶',
    ])
      expect(isChineseName(w)).toBe(false);
    expect(isRomanisedName('Zhang Wei')).toBe(true);
    expect(isRomanisedName('Red Wine')).toBe(false);
    expect(isPersonNameValue('New York')).toBe(false);
  });
});

describe('fast validator loops equal their textbook forms', () => {
  /** Luhn as usually written: right to left, every second digit doubled. */
  function luhnReference(d: string): boolean {
    let sum = 0;
    let dbl = false;
    for (let i = d.length - 1; i >= 0; i--) {
      const c = d.charCodeAt(i);
      if (c < 48 || c > 57) return false;
      let v = c - 48;
      if (dbl) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 === 0;
  }
  it('luhn (two digits per step) on any digit string, odd and even lengths, stray characters', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789', '0123456789', 'a', ' '),
          maxLength: 22,
        }),
        (d) => luhn(d) === luhnReference(d),
      ),
      { numRuns: 20_000 },
    );
  });
  it('resident ID on any 18-digit or -x string with a real province and month', () => {
    const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const reference = (v: string): boolean => {
      if (!/^\d{17}[\dXx]$/.test(v)) return false;
      if (
        ![
          11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
          51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
        ].includes(Number(v.slice(0, 2)))
      )
        return false;
      let s = 0;
      for (let i = 0; i < 17; i++) s += Number(v[i]) * ID_W[i];
      if ('10X98765432'[s % 11] !== v[17].toUpperCase()) return false;
      const y = Number(v.slice(6, 10));
      const m = Number(v.slice(10, 12));
      const d = Number(v.slice(12, 14));
      const dt = new Date(Date.UTC(y, m - 1, d));
      if (
        y < 1900 ||
        dt.getUTCFullYear() !== y ||
        dt.getUTCMonth() !== m - 1 ||
        dt.getUTCDate() !== d
      )
        return false;
      return y * 10000 + m * 100 + d <= 20260601;
    };
    const idLike = fc
      .tuple(
        fc.constantFrom('11', '42', '82', '10', '99'),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 15, maxLength: 15 }),
        fc.constantFrom(...'0123456789Xx'),
      )
      .map(([p, mid, last]) => p + mid + last);
    fc.assert(
      fc.property(fc.oneof(idLike, residentIdArb), (v) => isResidentId(v, TODAY) === reference(v)),
      { numRuns: 20_000 },
    );
  });
});
