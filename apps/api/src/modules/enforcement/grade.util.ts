import { countsAreEstimated, DIRECT_IDENTIFIER_TYPES, estimateUpperBound, gradeDataset, type DataGrade, type GradeDecision, type GradedReport, type GradingFacts } from '@eastlake/compliance';

// How people are counted lives in @eastlake/compliance (cross-border volumes count them the same way).
export { countsAreEstimated, DIRECT_IDENTIFIER_TYPES, estimateUpperBound, type GradedReport };

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
