/**
 * Which legal mechanism an export of personal information needs, under the CAC Provisions on
 * Promoting and Regulating Cross-border Data Flows (《促进和规范数据跨境流动规定》, 2024-03-22),
 * counted per exporter and calendar year (自当年1月1日起累计) from what it has provided to
 * processors outside the mainland:
 *
 * - Art. 5 (6): fewer than 100,000 people's personal information, none sensitive — exempt;
 * - Art. 8: 100,000 to under 1,000,000 people's non-sensitive personal information, or fewer than
 *   10,000 people's sensitive personal information — standard contract (PIPL Art. 38 (3)) or
 *   personal-information protection certification (PIPL Art. 38 (2));
 * - Art. 7 (2): 1,000,000 or more people's non-sensitive, 10,000 or more people's sensitive
 *   personal information, or any important data — CAC security assessment (PIPL Art. 38 (1), 40;
 *   Data Security Law Art. 31);
 * - Art. 7 (1): a critical-information-infrastructure operator — security assessment for any
 *   personal information or important data.
 */

export type TransferMechanism = 'EXEMPT' | 'STANDARD_CONTRACT_OR_CERTIFICATION' | 'SECURITY_ASSESSMENT';

/** An exporter's volume for the calendar year, including the transfer being decided. */
export interface ExportVolume {
  /** Distinct people whose non-sensitive personal information was provided abroad this year. */
  nonSensitivePeople: number;
  /** Distinct people whose sensitive personal information (PIPL Art. 28) was provided abroad this year. */
  sensitivePeople: number;
  /** The transfer includes important data (notified or published as such; Provisions Art. 2). */
  importantData?: boolean;
  /** The exporter is a critical-information-infrastructure operator. */
  ciio?: boolean;
}

export const EXEMPT_BELOW_PEOPLE = 100_000;
export const ASSESSMENT_FROM_PEOPLE = 1_000_000;
export const ASSESSMENT_FROM_SENSITIVE_PEOPLE = 10_000;

/** The mechanism, with the article that decides it. */
export interface MechanismDecision {
  mechanism: TransferMechanism;
  /** A stable code for the rule that applied. */
  rule: 'CIIO' | 'IMPORTANT_DATA' | 'SENSITIVE_10K' | 'PEOPLE_1M' | 'SENSITIVE_ANY' | 'PEOPLE_100K' | 'BELOW_100K';
  citation: string;
}

const ORDER: TransferMechanism[] = ['EXEMPT', 'STANDARD_CONTRACT_OR_CERTIFICATION', 'SECURITY_ASSESSMENT'];

/** True when a mechanism on file is at least as strong as the one needed. */
export function mechanismSatisfies(onFile: TransferMechanism, needed: TransferMechanism): boolean {
  return ORDER.indexOf(onFile) >= ORDER.indexOf(needed);
}

/** Decides the mechanism for an exporter's yearly volume (the first rule that applies). */
export function mechanismFor(volume: ExportVolume): MechanismDecision {
  for (const [n, what] of [
    [volume.nonSensitivePeople, 'nonSensitivePeople'],
    [volume.sensitivePeople, 'sensitivePeople'],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole, non-negative number (got ${n})`);
  }
  const anyPersonal = volume.nonSensitivePeople + volume.sensitivePeople > 0;
  if (volume.ciio && (anyPersonal || volume.importantData)) {
    return { mechanism: 'SECURITY_ASSESSMENT', rule: 'CIIO', citation: 'CAC Cross-border Data Flow Provisions (2024) Art. 7 (1); PIPL Art. 40' };
  }
  if (volume.importantData) {
    return { mechanism: 'SECURITY_ASSESSMENT', rule: 'IMPORTANT_DATA', citation: 'CAC Cross-border Data Flow Provisions (2024) Art. 7 (2); Data Security Law Art. 31' };
  }
  if (volume.sensitivePeople >= ASSESSMENT_FROM_SENSITIVE_PEOPLE) {
    return { mechanism: 'SECURITY_ASSESSMENT', rule: 'SENSITIVE_10K', citation: 'CAC Cross-border Data Flow Provisions (2024) Art. 7 (2); PIPL Art. 38 (1)' };
  }
  if (volume.nonSensitivePeople >= ASSESSMENT_FROM_PEOPLE) {
    return { mechanism: 'SECURITY_ASSESSMENT', rule: 'PEOPLE_1M', citation: 'CAC Cross-border Data Flow Provisions (2024) Art. 7 (2); PIPL Art. 38 (1)' };
  }
  if (volume.sensitivePeople > 0) {
    return { mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', rule: 'SENSITIVE_ANY', citation: 'CAC Cross-border Data Flow Provisions (2024) Art. 8; PIPL Art. 38 (2)–(3)' };
  }
  if (volume.nonSensitivePeople >= EXEMPT_BELOW_PEOPLE) {
    return { mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', rule: 'PEOPLE_100K', citation: 'CAC Cross-border Data Flow Provisions (2024) Art. 8; PIPL Art. 38 (2)–(3)' };
  }
  return { mechanism: 'EXEMPT', rule: 'BELOW_100K', citation: 'CAC Cross-border Data Flow Provisions (2024) Art. 5 (6)' };
}
