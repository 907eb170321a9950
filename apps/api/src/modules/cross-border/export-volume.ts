import {
  ASSESSMENT_FROM_PEOPLE,
  ASSESSMENT_FROM_SENSITIVE_PEOPLE,
  countsAreEstimated,
  DIRECT_IDENTIFIER_TYPES,
  estimateUpperBound,
  EXEMPT_BELOW_PEOPLE,
  mechanismFor,
  mechanismSatisfies,
  type ExportVolume,
  type GradedReport,
  type MechanismDecision,
  type TransferMechanism,
} from '@eastlake/compliance';

/**
 * Cross-border volumes under the CAC Provisions on Promoting and Regulating Cross-border Data
 * Flows (2024): per exporter (the listing's provider) and calendar year, from the versions it
 * delivered to processors outside the mainland. Pure: the API reads the rows, this decides.
 */

/** Sensitive personal-information types (PIPL Art. 28: financial accounts, identity numbers, health, minors, whereabouts). */
export const SENSITIVE_PI_TYPES: readonly string[] = ['CN_RESIDENT_ID', 'BANK_CARD', 'STOCK_ACCOUNT', 'HEALTH', 'MINOR', 'GEO_TRACE'];

/** What one version adds to an exporter's year. */
export interface VersionExport {
  versionId: string;
  /** People whose (non-sensitive) personal information it holds: the largest direct-identifier count. */
  people: number;
  /** People whose sensitive personal information it holds: the largest count of a sensitive type. */
  sensitivePeople: number;
  /** The version is graded IMPORTANT or CORE (GB/T 43697-2024). */
  important: boolean;
}

/**
 * People counted for export from a classification: upper bounds when counts are estimated (就高从严).
 * Everyone in the dataset counts towards the non-sensitive figure too (their mobile or name goes with
 * the sensitive item), so a list of 60 people with securities accounts is 60 and 60.
 */
export function versionExportOf(versionId: string, report: GradedReport, grade: string | null): VersionExport {
  const bound = (n: number) => (countsAreEstimated(report) ? estimateUpperBound(n) : n);
  const max = (types: readonly string[]) => Math.max(0, ...report.exposure.filter((e) => types.includes(e.type)).map((e) => e.distinct));
  const sensitivePeople = bound(max(SENSITIVE_PI_TYPES));
  const people = Math.max(bound(max(DIRECT_IDENTIFIER_TYPES)), sensitivePeople);
  return { versionId, people, sensitivePeople, important: grade === 'IMPORTANT' || grade === 'CORE' };
}

/** The year's volume with `candidate` added, unless that version was already provided abroad this year (it counts once). */
export function volumeWith(exported: readonly VersionExport[], candidate: VersionExport | null): ExportVolume & { versions: number } {
  const all = candidate && !exported.some((e) => e.versionId === candidate.versionId) ? [...exported, candidate] : [...exported];
  return {
    nonSensitivePeople: all.reduce((s, e) => s + e.people, 0),
    sensitivePeople: all.reduce((s, e) => s + e.sensitivePeople, 0),
    importantData: all.some((e) => e.important),
    versions: all.length,
  };
}

/** A mechanism an exporter files evidence of: the CAC's standard contract filing, a PI protection certification, or a CAC security assessment's approval. */
export type EvidenceMechanism = 'STANDARD_CONTRACT' | 'CERTIFICATION' | 'SECURITY_ASSESSMENT';
export const EVIDENCE_MECHANISMS: readonly EvidenceMechanism[] = ['STANDARD_CONTRACT', 'CERTIFICATION', 'SECURITY_ASSESSMENT'];

export function transferMechanismOf(e: EvidenceMechanism): TransferMechanism {
  return e === 'SECURITY_ASSESSMENT' ? 'SECURITY_ASSESSMENT' : 'STANDARD_CONTRACT_OR_CERTIFICATION';
}

/** What a cross-border request needs and whether the exporter has it: stored on the request, shown to buyer, provider and regulator. */
export interface CrossBorderAssessment extends MechanismDecision {
  year: number;
  nonSensitivePeople: number;
  sensitivePeople: number;
  importantData: boolean;
  /** Approved evidence on file for the year satisfies the mechanism (always true when EXEMPT). */
  satisfied: boolean;
  /** The approved evidence that satisfies it, if any. */
  evidenceId: string | null;
}

export function assessCrossBorder(year: number, volume: ExportVolume, approved: ReadonlyArray<{ id: string; mechanism: EvidenceMechanism }>): CrossBorderAssessment {
  const decision = mechanismFor(volume);
  const match = decision.mechanism === 'EXEMPT' ? null : (approved.find((e) => mechanismSatisfies(transferMechanismOf(e.mechanism), decision.mechanism)) ?? null);
  return {
    ...decision,
    year,
    nonSensitivePeople: volume.nonSensitivePeople,
    sensitivePeople: volume.sensitivePeople,
    importantData: volume.importantData ?? false,
    satisfied: decision.mechanism === 'EXEMPT' || match !== null,
    evidenceId: match?.id ?? null,
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const MECHANISM_WORDS: Record<TransferMechanism, string> = {
  EXEMPT: 'no mechanism',
  STANDARD_CONTRACT_OR_CERTIFICATION: 'a standard contract filed with the CAC or a personal-information protection certification',
  SECURITY_ASSESSMENT: 'a CAC security assessment',
};

/** Why the transfer is refused, with the mechanism and the figures; null when it may go ahead. */
export function crossBorderRefusal(a: CrossBorderAssessment): string | null {
  if (a.satisfied) return null;
  const why =
    a.rule === 'IMPORTANT_DATA'
      ? 'the data includes important data'
      : a.rule === 'CIIO'
        ? 'the exporter is a critical-information-infrastructure operator'
        : a.rule === 'SENSITIVE_10K'
          ? `${n(a.sensitivePeople)} people's sensitive personal information (${n(ASSESSMENT_FROM_SENSITIVE_PEOPLE)} or more)`
          : a.rule === 'PEOPLE_1M'
            ? `${n(a.nonSensitivePeople)} people's personal information (${n(ASSESSMENT_FROM_PEOPLE)} or more)`
            : a.rule === 'SENSITIVE_ANY'
              ? `${n(a.sensitivePeople)} people's sensitive personal information (fewer than ${n(ASSESSMENT_FROM_SENSITIVE_PEOPLE)})`
              : `${n(a.nonSensitivePeople)} people's personal information (${n(EXEMPT_BELOW_PEOPLE)} to under ${n(ASSESSMENT_FROM_PEOPLE)})`;
  return (
    `providing this data outside the mainland takes the provider's exports in ${a.year} to ${n(a.nonSensitivePeople)} people's personal information, ` +
    `${n(a.sensitivePeople)} of them sensitive${a.importantData ? ', with important data' : ''}: for ${why} it needs ${MECHANISM_WORDS[a.mechanism]} (${a.citation}), ` +
    `and no approved evidence of it is on file for ${a.year} — the provider uploads the evidence (PUT /api/cross-border/evidence) and a regulator reviews it`
  );
}
