import { gradeDataset, type DataGrade, type GradeDecision, type GradingFacts } from '@eastlake/compliance';

/** Direct identifiers (CLASSIFIER.md "Categories"): one value stands for one person. */
export const DIRECT_IDENTIFIER_TYPES: readonly string[] = ['CN_RESIDENT_ID', 'BANK_CARD', 'STOCK_ACCOUNT', 'CN_MOBILE', 'EMAIL', 'CN_PASSPORT', 'ADDRESS'];

/** The parts of a classification report grading reads (the stored report or its GraphQL model). */
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

/**
 * What grading needs from a classification: the people a dataset holds personal information
 * of — the largest distinct count of a direct-identifier type (one mobile, one ID number: one
 * person) — and, when the report says its counts are estimated, the estimate's upper bound.
 */
export function gradingFactsOf(report: GradedReport, declared: ReadonlyArray<DataGrade>): GradingFacts {
  const people = Math.max(0, ...report.exposure.filter((e) => DIRECT_IDENTIFIER_TYPES.includes(e.type)).map((e) => e.distinct));
  return {
    people,
    ...(countsAreEstimated(report) ? { peopleUpperBound: estimateUpperBound(people) } : {}),
    declaredImportant: declared.includes('IMPORTANT'),
    declaredCore: declared.includes('CORE'),
  };
}

/** A grade with the rule that decided it and the figures it looked at, as a reason a person reads. */
export interface GradeReason {
  code: string;
  message: string;
  citations: string[];
}

export interface GradeResult {
  grade: DataGrade;
  reasons: GradeReason[];
}

/** Grades a classified version: GB/T 43697-2024 through `gradeDataset`, with the figures. */
export function gradeOfReport(report: GradedReport, declared: ReadonlyArray<DataGrade>): GradeResult {
  const facts = gradingFactsOf(report, declared);
  const decision: GradeDecision = gradeDataset(facts);
  const people =
    facts.peopleUpperBound !== undefined
      ? `personal information of about ${facts.people.toLocaleString('en-US')} people (estimated; up to ${facts.peopleUpperBound.toLocaleString('en-US')})`
      : `personal information of ${facts.people.toLocaleString('en-US')} people`;
  return { grade: decision.grade, reasons: [{ code: decision.rule, message: `${decision.description} The dataset holds ${people}.`, citations: decision.basis }] };
}
