import { describe, expect, it } from '@jest/globals';
import { estimateUpperBound, gradeOfReport, gradingFactsOf } from './grade.util.js';
import { itemsOfReport } from './buyer-tiers.js';

const HLL = 'some distinct counts passed 200,000 values and are HyperLogLog estimates (about ±1 %)';
const e = (type: string, distinct: number) => ({ type, distinct });

describe('grading facts from a classification report', () => {
  it('counts people as the largest distinct count of a direct-identifier type, never names or quasi-identifiers', () => {
    const facts = gradingFactsOf({ exposure: [e('CN_MOBILE', 120), e('CN_RESIDENT_ID', 140), e('PERSON_NAME', 9_000), e('AGE', 80)], warnings: [] }, []);
    expect(facts).toEqual({ people: 140, declaredImportant: false, declaredCore: false });
    expect(gradingFactsOf({ exposure: [e('PERSON_NAME', 10)], warnings: [] }, []).people).toBe(0);
  });

  it('adds the upper bound of a HyperLogLog estimate (three standard errors, 2.44 %), rounded up', () => {
    expect(estimateUpperBound(0)).toBe(0);
    expect(estimateUpperBound(1)).toBe(2);
    expect(estimateUpperBound(10_000)).toBe(10_244);
    expect(estimateUpperBound(9_762_000)).toBe(10_000_193);
    expect(gradingFactsOf({ exposure: [e('EMAIL', 1_000_000)], warnings: [HLL] }, []).peopleUpperBound).toBe(1_024_400);
  });

  it('grades at the 10 million edge, an estimate by its upper bound, declarations first', () => {
    const grade = (n: number, warnings: string[] = [], declared: Array<'IMPORTANT' | 'CORE'> = []) => gradeOfReport({ exposure: [e('CN_MOBILE', n)], warnings }, declared);
    expect(grade(9_999_999).grade).toBe('GENERAL');
    expect(grade(10_000_000).reasons[0].code).toBe('PEOPLE_10M');
    expect(grade(9_761_000, [HLL]).grade).toBe('GENERAL'); // upper bound 9,999,169
    expect(grade(9_762_000, [HLL]).reasons[0].code).toBe('PEOPLE_10M_ESTIMATE');
    expect(grade(5, [], ['IMPORTANT']).reasons[0].code).toBe('DECLARED_IMPORTANT');
    expect(grade(10_000_000, [], ['IMPORTANT', 'CORE']).grade).toBe('CORE');
    expect(grade(12).reasons[0].message).toContain('12 people');
  });
});

describe('Art. 5 items of one version', () => {
  it('takes per class the largest count among its types, leaving enterprise codes out', () => {
    expect(
      itemsOfReport({
        exposure: [
          { type: 'CN_MOBILE', distinct: 300, tier: 5000 },
          { type: 'PERSON_NAME', distinct: 280, tier: 5000 },
          { type: 'STOCK_ACCOUNT', distinct: 40, tier: 50 },
          { type: 'BANK_CARD', distinct: 45, tier: 50 },
          { type: 'HEALTH', distinct: 7, tier: 500 },
          { type: 'CN_USCC', distinct: 9_000, tier: 5000 },
        ],
      }),
    ).toEqual({ WHEREABOUTS_CREDIT_PROPERTY: 45, HEALTH_TRANSACTION: 7, OTHER: 300 });
    expect(itemsOfReport({ exposure: [] })).toEqual({ WHEREABOUTS_CREDIT_PROPERTY: 0, HEALTH_TRANSACTION: 0, OTHER: 0 });
  });
});
