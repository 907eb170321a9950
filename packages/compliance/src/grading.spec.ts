import { describe, expect, it } from '@jest/globals';
import { GRADING_RULES, gradeDataset, tradingRequirement } from './grading.js';

describe('GB/T 43697-2024 grades', () => {
  it('grades personal information of 10 million people IMPORTANT: 9,999,999 / 10,000,000', () => {
    expect(gradeDataset({ people: 9_999_999 }).grade).toBe('GENERAL');
    expect(gradeDataset({ people: 10_000_000 })).toMatchObject({ grade: 'IMPORTANT', rule: 'PEOPLE_10M' });
  });

  it('grades up when an estimate may reach the threshold (就高从严)', () => {
    expect(gradeDataset({ people: 9_900_000, peopleUpperBound: 10_100_000 })).toMatchObject({ grade: 'IMPORTANT', rule: 'PEOPLE_10M_ESTIMATE' });
    expect(gradeDataset({ people: 9_900_000, peopleUpperBound: 9_950_000 }).grade).toBe('GENERAL');
  });

  it('puts declarations first: core over important over scale', () => {
    expect(gradeDataset({ people: 0, declaredCore: true, declaredImportant: true }).grade).toBe('CORE');
    expect(gradeDataset({ people: 0, declaredImportant: true })).toMatchObject({ grade: 'IMPORTANT', rule: 'DECLARED_IMPORTANT' });
  });

  it('is one table where every rule has a legal basis, ending in a default', () => {
    for (const rule of GRADING_RULES) expect(rule.basis.length).toBeGreaterThan(0);
    expect(GRADING_RULES.at(-1)!.code).toBe('DEFAULT_GENERAL');
  });

  it('says what each grade means for trading', () => {
    expect(tradingRequirement('CORE')).toBe('UNTRADEABLE');
    expect(tradingRequirement('IMPORTANT')).toBe('REGULATOR_AUTHORISATION');
    expect(tradingRequirement('GENERAL')).toBe('NONE');
  });
});
