/**
 * Data grades of GB/T 43697-2024 (数据安全技术 数据分类分级规则, in force 2024-10-01): CORE,
 * IMPORTANT, GENERAL, decided by the table {@link GRADING_RULES} — the first rule that applies,
 * on the principle of the higher grade when in doubt (就高从严, GB/T 43697-2024 §4).
 *
 * Content alone cannot show that data is core or important to national security; the
 * catalogues of GB/T 43697 Annex G and of the sector authorities are applied through
 * declarations (by the provider or a regulator). What content does show is scale: handlers of
 * the personal information of 10 million people or more carry important-data duties
 * (Network Data Security Management Regulations, in force 2025-01-01, Art. 28), so such a
 * dataset is graded IMPORTANT; when the count of people is an estimate, its upper bound decides.
 */

export type DataGrade = 'GENERAL' | 'IMPORTANT' | 'CORE';

/** What grading looks at. */
export interface GradingFacts {
  /** Distinct people whose personal information the dataset holds (0 when none). */
  people: number;
  /** When `people` is estimated: the upper bound of the estimate. */
  peopleUpperBound?: number;
  /** Declared (by the provider, or a regulator's order) as important data. */
  declaredImportant?: boolean;
  /** Declared by the authorities as core data. */
  declaredCore?: boolean;
}

/** One row of the grading table. */
export interface GradingRule {
  code: 'DECLARED_CORE' | 'DECLARED_IMPORTANT' | 'PEOPLE_10M' | 'PEOPLE_10M_ESTIMATE' | 'DEFAULT_GENERAL';
  grade: DataGrade;
  /** When the rule applies. */
  applies: (f: GradingFacts) => boolean;
  /** What the rule says, for a person. */
  description: string;
  basis: string[];
}

/** Personal information of this many people or more: important-data duties. */
export const IMPORTANT_FROM_PEOPLE = 10_000_000;

/** The grading rules, in order; the first that applies decides. */
export const GRADING_RULES: readonly GradingRule[] = [
  {
    code: 'DECLARED_CORE',
    grade: 'CORE',
    applies: (f) => f.declaredCore === true,
    description: 'Declared core data by the authorities: untradeable.',
    basis: ['Data Security Law Art. 21', 'GB/T 43697-2024 §6.1, §6.5'],
  },
  {
    code: 'DECLARED_IMPORTANT',
    grade: 'IMPORTANT',
    applies: (f) => f.declaredImportant === true,
    description: 'Declared important data (catalogue of GB/T 43697-2024 Annex G or a sector authority): trading needs regulator authorisation.',
    basis: ['Data Security Law Art. 21, 27, 30', 'GB/T 43697-2024 Annex G', 'CAC Cross-border Data Flow Provisions (2024) Art. 2'],
  },
  {
    code: 'PEOPLE_10M',
    grade: 'IMPORTANT',
    applies: (f) => f.people >= IMPORTANT_FROM_PEOPLE,
    description: 'Personal information of 10 million people or more: important-data duties apply.',
    basis: ['Network Data Security Management Regulations (2025) Art. 28', 'GB/T 43697-2024 §6.3 (scale)'],
  },
  {
    code: 'PEOPLE_10M_ESTIMATE',
    grade: 'IMPORTANT',
    applies: (f) => (f.peopleUpperBound ?? f.people) >= IMPORTANT_FROM_PEOPLE,
    description: 'The count of people is estimated and may reach 10 million: graded up (就高从严).',
    basis: ['GB/T 43697-2024 §4 (就高从严)', 'Network Data Security Management Regulations (2025) Art. 28'],
  },
  {
    code: 'DEFAULT_GENERAL',
    grade: 'GENERAL',
    applies: () => true,
    description: 'General data.',
    basis: ['GB/T 43697-2024 §6.1, Annex H'],
  },
];

/** A grade with the rule that decided it. */
export interface GradeDecision {
  grade: DataGrade;
  rule: GradingRule['code'];
  description: string;
  basis: string[];
}

/** Grades a dataset: the first rule of {@link GRADING_RULES} that applies. */
export function gradeDataset(facts: GradingFacts): GradeDecision {
  if (!Number.isSafeInteger(facts.people) || facts.people < 0) throw new RangeError(`people must be a whole, non-negative number (got ${facts.people})`);
  const rule = GRADING_RULES.find((r) => r.applies(facts))!;
  return { grade: rule.grade, rule: rule.code, description: rule.description, basis: rule.basis };
}

/** What a grade means for trading: CORE never; IMPORTANT only with a regulator's authorisation. */
export function tradingRequirement(grade: DataGrade): 'NONE' | 'REGULATOR_AUTHORISATION' | 'UNTRADEABLE' {
  return grade === 'CORE' ? 'UNTRADEABLE' : grade === 'IMPORTANT' ? 'REGULATOR_AUTHORISATION' : 'NONE';
}
