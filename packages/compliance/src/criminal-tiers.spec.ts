import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addToHolding, infoClassOf, tierCrossed, tierPosition, type Holding, type InfoClass } from './criminal-tiers.js';

const items = (a = 0, b = 0, c = 0): Record<InfoClass, number> => ({ WHEREABOUTS_CREDIT_PROPERTY: a, HEALTH_TRANSACTION: b, OTHER: c });
const holding = (a = 0, b = 0, c = 0, proceedsFen = 0, insider = false): Holding => ({ items: items(a, b, c), proceedsFen, insider });
const level = (h: Holding) => tierPosition(h).level;

describe('2017 SPC/SPP Interpretation Art. 5 tiers', () => {
  it('puts each class standard exactly at its edge: 49/50, 499/500, 4,999/5,000', () => {
    expect(level(holding(49))).toBe('NONE');
    expect(level(holding(50))).toBe('SERIOUS');
    expect(level(holding(0, 499))).toBe('NONE');
    expect(level(holding(0, 500))).toBe('SERIOUS');
    expect(level(holding(0, 0, 4999))).toBe('NONE');
    expect(level(holding(0, 0, 5000))).toBe('SERIOUS');
  });

  it('counts proportional sums across the three classes (para. 1 (6))', () => {
    // 25/50 + 250/500 = 1 standard
    expect(level(holding(25, 250))).toBe('SERIOUS');
    expect(level(holding(25, 249))).toBe('NONE');
    // 10/50 + 200/500 + 2,000/5,000 = 0.2 + 0.4 + 0.4 = 1
    expect(level(holding(10, 200, 2000))).toBe('SERIOUS');
    expect(level(holding(10, 200, 1999))).toBe('NONE');
    expect(tierPosition(holding(10, 200, 2000)).quantityShare).toBe(1);
  });

  it('puts proceeds at ¥4,999.99 / ¥5,000 and ¥49,999.99 / ¥50,000', () => {
    expect(level(holding(0, 0, 0, 499_999))).toBe('NONE');
    expect(level(holding(0, 0, 0, 500_000))).toBe('SERIOUS');
    expect(tierPosition(holding(0, 0, 0, 500_000)).by).toEqual(['PROCEEDS']);
    expect(level(holding(0, 0, 0, 4_999_999))).toBe('SERIOUS');
    expect(level(holding(0, 0, 0, 5_000_000))).toBe('ESPECIALLY_SERIOUS');
  });

  it('makes ten times each standard especially serious (para. 2 (3)), proportional sums included', () => {
    expect(level(holding(499))).toBe('SERIOUS');
    expect(level(holding(500))).toBe('ESPECIALLY_SERIOUS');
    expect(level(holding(0, 4999))).toBe('SERIOUS');
    expect(level(holding(0, 5000))).toBe('ESPECIALLY_SERIOUS');
    expect(level(holding(0, 0, 49_999))).toBe('SERIOUS');
    expect(level(holding(0, 0, 50_000))).toBe('ESPECIALLY_SERIOUS');
    expect(level(holding(250, 2500))).toBe('ESPECIALLY_SERIOUS');
  });

  it('halves every standard for insiders (para. 1 (8)), and ten times the half is especially serious', () => {
    expect(level(holding(24, 0, 0, 0, true))).toBe('NONE');
    expect(level(holding(25, 0, 0, 0, true))).toBe('SERIOUS');
    expect(level(holding(0, 250, 0, 0, true))).toBe('SERIOUS');
    expect(level(holding(0, 0, 2499, 0, true))).toBe('NONE');
    expect(level(holding(0, 0, 2500, 0, true))).toBe('SERIOUS');
    expect(level(holding(0, 0, 0, 249_999, true))).toBe('NONE');
    expect(level(holding(0, 0, 0, 250_000, true))).toBe('SERIOUS');
    expect(level(holding(249, 0, 0, 0, true))).toBe('SERIOUS');
    expect(level(holding(250, 0, 0, 0, true))).toBe('ESPECIALLY_SERIOUS');
    expect(tierPosition(holding(0, 0, 0, 0, true)).standards.items.WHEREABOUTS_CREDIT_PROPERTY).toBe(25);
  });

  it('reports the crossing a delivery would make, and none within a level', () => {
    const before = holding(40);
    expect(tierCrossed(before, addToHolding(before, { items: { WHEREABOUTS_CREDIT_PROPERTY: 9 } }))).toBeNull();
    const crossed = tierCrossed(before, addToHolding(before, { items: { WHEREABOUTS_CREDIT_PROPERTY: 10 } }));
    expect(crossed).toMatchObject({ from: 'NONE', to: 'SERIOUS' });
    expect(crossed!.position.by).toEqual(['QUANTITY']);
  });

  it('refuses counts that are not whole non-negative numbers', () => {
    expect(() => tierPosition(holding(-1))).toThrow(RangeError);
    expect(() => tierPosition(holding(1.5))).toThrow(RangeError);
  });

  it('maps classifier types to the classes of para. 1 (3)–(5)', () => {
    expect(infoClassOf('GEO_TRACE')).toBe('WHEREABOUTS_CREDIT_PROPERTY');
    expect(infoClassOf('BANK_CARD')).toBe('WHEREABOUTS_CREDIT_PROPERTY');
    expect(infoClassOf('STOCK_ACCOUNT')).toBe('WHEREABOUTS_CREDIT_PROPERTY');
    expect(infoClassOf('HEALTH')).toBe('HEALTH_TRANSACTION');
    expect(infoClassOf('CN_MOBILE')).toBe('OTHER');
  });

  it('is monotone: adding items or proceeds never lowers the level, and insiders are never better off', () => {
    const rank = (h: Holding) => ['NONE', 'SERIOUS', 'ESPECIALLY_SERIOUS'].indexOf(level(h));
    const n = fc.nat({ max: 100_000 });
    fc.assert(
      fc.property(n, n, n, fc.nat({ max: 10_000_000 }), n, n, n, fc.nat({ max: 10_000_000 }), (a, b, c, p, da, db, dc, dp) => {
        const h = holding(a, b, c, p);
        const more = addToHolding(h, { items: { WHEREABOUTS_CREDIT_PROPERTY: da, HEALTH_TRANSACTION: db, OTHER: dc }, proceedsFen: dp });
        expect(rank(more)).toBeGreaterThanOrEqual(rank(h));
        expect(rank({ ...h, insider: true })).toBeGreaterThanOrEqual(rank(h));
      }),
    );
  });

  it('agrees with the text read literally (exact rational arithmetic)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.nat({ max: 10_000 }), fc.nat({ max: 100_000 }), fc.boolean(), (a, b, c, insider) => {
        const f = insider ? 2 : 1;
        // a/50 + b/500 + c/5000 >= 1/f  ⟺  100a + 10b + c >= 5000/f
        const serious = (100 * a + 10 * b + c) * f >= 5000;
        const especially = (100 * a + 10 * b + c) * f >= 50_000;
        expect(level(holding(a, b, c, 0, insider))).toBe(especially ? 'ESPECIALLY_SERIOUS' : serious ? 'SERIOUS' : 'NONE');
      }),
    );
  });
});
