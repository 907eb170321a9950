/**
 * How many people a classification report holds personal information of, as both the data
 * grade (GB/T 43697-2024, see grading.ts) and the cross-border thresholds (CAC 2024 Provisions,
 * see cross-border.ts) count them: one value of a direct identifier stands for one person, and a
 * HyperLogLog estimate is taken at its upper bound.
 */

/** Direct identifiers (CLASSIFIER.md "Categories"): one value stands for one person. */
export const DIRECT_IDENTIFIER_TYPES: readonly string[] = ['CN_RESIDENT_ID', 'BANK_CARD', 'STOCK_ACCOUNT', 'CN_MOBILE', 'EMAIL', 'CN_PASSPORT', 'ADDRESS'];

/** The parts of a classification report grading and export volumes read (the stored report or its GraphQL model). */
export interface GradedReport {
  exposure: ReadonlyArray<{ type: string; distinct: number }>;
  warnings: readonly string[];
}

/**
 * Upper bound of a HyperLogLog estimate (p = 14: standard error 1.04/√16384 ≈ 0.81 %): three
 * standard errors, 2.44 %, in integers so the bound never rounds down.
 */
export function estimateUpperBound(estimate: number): number {
  return estimate + Math.ceil((estimate * 244) / 10_000);
}

/** The classifier says so in a warning when some distinct counts are HyperLogLog estimates. */
export function countsAreEstimated(report: Pick<GradedReport, 'warnings'>): boolean {
  return report.warnings.some((w) => w.includes('HyperLogLog'));
}
