import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hash52, hash52Range } from '../profile/distinct-counter.js';
import {
  ADMIN_SUFFIX_RE,
  BUILDING_RE,
  hasBuilding,
  isAdminName,
  hasRoadNumber,
  hasRoom,
  hasUnit,
  isJsSpace,
  ROAD_NUMBER_RE,
  ROOM_RE,
  UNIT_RE,
} from './text-match.js';

// Random strings over the characters the patterns care about (markers, digits, every kind of
// \s, letters of the English terms, neighbours that are not word characters…).
const PIECES = [
  ...'0123456789',
  ' ',
  '\t',
  '\u3000',
  '\u00a0',
  '\u2009',
  '\ufeff',
  '\n',
  '_',
  '.',
  '-',
  '#',
  '@',
  '路',
  '街',
  '巷',
  '弄',
  '大道',
  '胡同',
  '大',
  '道',
  '号',
  '号楼',
  '楼',
  '栋',
  '幢',
  '座',
  '单元',
  '单',
  '元',
  '室',
  '武',
  '汉',
  '区',
  '省',
  '市',
  '县',
  '州',
  '盟',
  '旗',
  '自治区',
  '特别行政区',
  '湖北',
  '武汉市',
  '江岸',
  '洪山区',
  'a',
  'A',
  'Road',
  'rd',
  'Rd',
  'st',
  'ST',
  'street',
  'avenue',
  'ave',
  'AVE',
  'lane',
  'room',
  'hiv',
  'HIV',
  'aids',
  'cancer',
  'tumor',
  'tumour',
  'TUMOUR',
  'copd',
  'anemia',
  'anaemia',
  'diabetes',
  'x',
  'é',
  'ſ',
  'K',
  'Kelvin',
];
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((a) => a.join(''));
const anyArb = fc.oneof(
  textArb,
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('hand-written matchers equal their regular expressions', () => {
  const cases: [string, RegExp, (s: string) => boolean][] = [
    ['road + number', ROAD_NUMBER_RE, hasRoadNumber],
    ['building', BUILDING_RE, hasBuilding],
    ['unit', UNIT_RE, hasUnit],
    ['room', ROOM_RE, hasRoom],
    ['administrative name', ADMIN_SUFFIX_RE, isAdminName],
  ];
  for (const [name, re, f] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(anyArb, (s) => f(s) === re.test(s)),
        { numRuns: 20_000 },
      );
    });
  }
  it('administrative name, on ideograph-only strings of every length', () => {
    const hanArb = fc
      .array(
        fc.constantFrom(
          '武',
          '汉',
          '区',
          '省',
          '市',
          '县',
          '旗',
          '自治区',
          '特别行政区',
          '湖北',
          '洪山区',
          '新疆维吾尔',
          'x',
          ' ',
        ),
        { maxLength: 9 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(hanArb, (s) => isAdminName(s) === ADMIN_SUFFIX_RE.test(s)),
      { numRuns: 20_000 },
    );
  });
  it('on known values', () => {
    expect(hasRoadNumber('湖北省武汉市江岸区青年路866号4栋1单元1547室')).toBe(true);
    expect(hasRoadNumber('解放大道 12 号')).toBe(true);
    expect(hasRoadNumber('解放大道123456号')).toBe(false);
    expect(hasUnit('4栋1单元')).toBe(true);
    expect(hasRoom('1547室')).toBe(true);
    expect(hasBuilding('15号楼')).toBe(true);
  });
});

describe('isJsSpace', () => {
  it('is exactly what String.prototype.trim removes and regex \\s matches', () => {
    for (let c = 0; c < 65536; c++) {
      const ch = String.fromCharCode(c);
      if (isJsSpace(c) !== (ch.trim() === '') || isJsSpace(c) !== /\s/.test(ch))
        throw new Error(`U+${c.toString(16)}`);
    }
  });
});

describe('hash52Range', () => {
  it('equals hash52 of the (case-mapped) substring', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdefXYZxyz@._-'), maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        (s, x, y) => {
          const a = Math.min(x, y) % (s.length + 1);
          const b = a + ((Math.max(x, y) - Math.min(x, y)) % (s.length - a + 1));
          const t = s.slice(a, b);
          return (
            hash52Range(s, a, b, 0) === hash52(t) &&
            hash52Range(s, a, b, 1) === hash52(t.toUpperCase()) &&
            hash52Range(s, a, b, 2) === hash52(t.toLowerCase())
          );
        },
      ),
    );
  });
});

describe('52-bit hash split', () => {
  it('h * 2^-20 floored and the remainder by subtraction equal division and %', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 0xfffff }),
        (hi, lo) => {
          const h = hi * 0x100000 + lo;
          const hiD = Math.floor(h * (1 / 0x100000));
          return (
            hiD === Math.floor(h / 0x100000) &&
            h - hiD * 0x100000 === h % 0x100000 &&
            hiD >>> 0 === hi
          );
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
