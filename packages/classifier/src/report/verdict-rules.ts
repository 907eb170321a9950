/**
 * THE verdict table (CLASSIFIER.md "Verdict"): the first rule whose condition holds decides.
 * Every rule carries its legal basis; docs/compliance-rules.md explains each in prose.
 */
import type { Verdict } from '../types.js';

/** What the rules look at, computed once per dataset. */
export interface VerdictFacts {
  sensitiveColumns: string[];
  directColumns: string[];
  /** Distinct direct identifiers outside columns that hold them. */
  scatteredDirect: number;
  minorColumns: string[];
  nameColumns: string[];
  pseudonymousColumns: string[];
  onlineColumns: string[];
  /** v2: columns of opaque encoded values (OPAQUE_VALUES). */
  opaqueColumns: string[];
  /** k-anonymity could not be computed over two or more quasi-identifier groups (a stream not re-readable). */
  kUnknown?: boolean;
  /** Quasi-identifier columns, district-level location counting as one more. */
  qiGroups: number;
  /** Smallest equivalence class (null when fewer than two quasi-identifier groups). */
  k: number | null;
  /** A consent manifest covers every row that needs consent (and some row needs it). */
  consentCoversAll: boolean;
}

export interface VerdictRule {
  id: string;
  verdict: Verdict;
  when: string;
  basis: string[];
  applies(f: VerdictFacts): boolean;
}

export const VERDICT_RULES: readonly VerdictRule[] = [
  {
    id: '1-minors',
    verdict: 'UNTRADEABLE',
    when: 'personal information of children under 14 (MINOR) — guardian consent is not modelled, so consent never lifts it',
    basis: ['PIPL Art. 28', 'PIPL Art. 31'],
    applies: (f) => f.minorColumns.length > 0,
  },
  {
    id: '1',
    verdict: 'UNTRADEABLE',
    when: 'a SENSITIVE or DIRECT_IDENTIFIER column, or 50+ scattered direct identifiers, unless consent covers every row that needs it',
    basis: [
      'PIPL Art. 13',
      'PIPL Art. 23',
      'PIPL Art. 28',
      'PIPL Art. 29',
      'Criminal Law Art. 253-1',
      '2017 SPC/SPP interpretation on personal-information crimes, Art. 5',
      'Cybersecurity Law Art. 42',
    ],
    applies: (f) =>
      !f.consentCoversAll &&
      (f.sensitiveColumns.length > 0 || f.directColumns.length > 0 || f.scatteredDirect >= 50),
  },
  {
    id: '2',
    verdict: 'AMBIGUOUS',
    when: 'a PERSON_NAME, PSEUDONYMOUS or ONLINE_IDENTIFIER column, an OPAQUE column (v2), 1–49 scattered direct identifiers, or k < 5 (or unknown) over two or more quasi-identifiers — unless consent covers every row',
    basis: ['PIPL Art. 13', 'PIPL Art. 23', 'PIPL Art. 73', 'Data Security Law Art. 21'],
    applies: (f) =>
      // v2: consent cannot lift OPAQUE — nobody can tell what the values hold.
      f.opaqueColumns.length > 0 ||
      (!f.consentCoversAll &&
        (f.nameColumns.length > 0 ||
          f.pseudonymousColumns.length > 0 ||
          f.onlineColumns.length > 0 ||
          (f.qiGroups >= 2 && f.kUnknown === true) ||
          (f.scatteredDirect >= 1 && f.scatteredDirect <= 49) ||
          (f.qiGroups >= 2 && f.k !== null && f.k < 5))),
  },
  {
    id: '3',
    verdict: 'TRADEABLE',
    when: 'otherwise: no personal information that identifies a person, or consent covers every row',
    basis: ['PIPL Art. 73', 'Data Security Law Art. 33'],
    applies: () => true,
  },
];

/** Applies {@link VERDICT_RULES}; returns the deciding rule. */
export function decideVerdict(f: VerdictFacts): VerdictRule {
  for (const r of VERDICT_RULES) if (r.applies(f)) return r;
  return VERDICT_RULES[VERDICT_RULES.length - 1];
}
