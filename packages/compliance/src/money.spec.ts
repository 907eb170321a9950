import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MoneyError, formatFen, orderAmountFen, parseYuan } from './money.js';

describe('amounts in fen', () => {
  it('parses yuan as people write them, exactly', () => {
    expect(parseYuan('5000')).toBe(500_000);
    expect(parseYuan('¥4,999.99')).toBe(499_999);
    expect(parseYuan('￥0.1')).toBe(10);
    expect(parseYuan(' 12.05 ')).toBe(1205);
    for (const bad of ['', 'abc', '1.234', '-5', '1e3', '5,00']) expect(() => parseYuan(bad)).toThrow(MoneyError);
  });

  it('formats fen back to yuan, and round-trips', () => {
    expect(formatFen(500_000)).toBe('¥5,000.00');
    expect(formatFen(5)).toBe('¥0.05');
    fc.assert(fc.property(fc.nat({ max: 1e12 }), (fen) => expect(parseYuan(formatFen(fen))).toBe(fen)));
  });

  it('prices orders per delivery, per record and per query in whole fen', () => {
    expect(orderAmountFen({ model: 'PER_DELIVERY', amountFen: 120_000, currency: 'CNY' }, { records: 999 })).toBe(120_000);
    expect(orderAmountFen({ model: 'PER_RECORD', amountFen: 3, currency: 'CNY' }, { records: 150 })).toBe(450);
    expect(orderAmountFen({ model: 'PER_QUERY', amountFen: 2_000, currency: 'CNY' }, { queries: 3 })).toBe(6_000);
    expect(() => orderAmountFen({ model: 'PER_RECORD', amountFen: 1.5, currency: 'CNY' }, { records: 2 })).toThrow(MoneyError);
    expect(() => orderAmountFen({ model: 'PER_RECORD', amountFen: Number.MAX_SAFE_INTEGER, currency: 'CNY' }, { records: 2 })).toThrow(MoneyError);
  });
});
