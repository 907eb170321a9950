import type { ClassificationReport } from '@eastlake/classifier';
import type { PolicyReason } from './access-request.entity.js';
import { crossBorderRefusal, type CrossBorderAssessment } from '../cross-border/export-volume.js';
import { isCrossBorder, jurisdictionOf, MAINLAND } from './region.util.js';

export { regionWithin } from './region.util.js';

/** What the usage policy is evaluated on, at request, at decision and at every delivery. */
export interface PolicyFacts {
  datasetStatus: string;
  datasetRegion: string;
  /** The classifier's report on the version being traded (null: not classified). */
  report: ClassificationReport | null;
  /** Consent coverage for the purpose on that version, from the latest manifest. */
  coverage: { coveredRows: number; neededRows: number } | null;
  purpose: string;
  region: string;
  buyerVerified: boolean;
  /** The requester's organization owns the dataset. */
  ownDataset?: boolean;
  /** Purposes the latest manifest covers for every row that needs consent (to say what would pass). */
  consentedPurposes?: string[];
  /** How the buyer will use the data (default DOWNLOAD) and the modes the listing's version offers. */
  mode?: 'DOWNLOAD' | 'QUERY';
  deliveryModes?: readonly string[];
  /**
   * For personal information of people in the mainland processed outside it: the mechanism the
   * exporter's year needs (CAC 2024 Provisions) and whether approved evidence of it is on file.
   * Without it such a request is refused outright.
   */
  crossBorder?: CrossBorderAssessment | null;
}

/** Categories that make a column personal information. */
const PERSONAL = new Set(['SENSITIVE', 'DIRECT_IDENTIFIER', 'PERSON_NAME', 'QUASI_IDENTIFIER', 'PSEUDONYMOUS', 'ONLINE_IDENTIFIER']);
/** Reasons that mean some rows carry direct identifiers (scattered ones included). */
export const NEEDS_CONSENT_REASON_CODES: readonly string[] = ['SENSITIVE_IDENTIFIER', 'DIRECT_IDENTIFIER', 'SCATTERED_IDENTIFIERS', 'HEALTH_DATA', 'LOCATION_TRACE', 'MINOR_DATA'];
/** Column categories whose rows need consent. */
export const NEEDS_CONSENT_CATEGORIES: readonly string[] = ['SENSITIVE', 'DIRECT_IDENTIFIER'];

export function holdsPersonalInformation(report: ClassificationReport | null): boolean {
  if (!report) return true; // not classified: assume the worst
  return report.columns.some((c) => PERSONAL.has(c.category)) || report.reasons.some((r) => NEEDS_CONSENT_REASON_CODES.includes(r.code));
}

/** Rows with a direct identifier (or sensitive data) need consent covering the purpose. */
export function needsConsent(report: ClassificationReport | null): boolean {
  if (!report) return true;
  return report.columns.some((c) => NEEDS_CONSENT_CATEGORIES.includes(c.category)) || report.reasons.some((r) => NEEDS_CONSENT_REASON_CODES.includes(r.code));
}

/** What would pass, in words: the purposes consent fully covers. */
function consentedHint(purposes: readonly string[]): string {
  return purposes.length
    ? ` Consent covers every row for: ${purposes.join(', ')} — a request for ${purposes.length === 1 ? 'that purpose' : 'one of those purposes'} passes this rule.`
    : ' No purpose is consented for every row yet.';
}

/** What would pass, in words: the region the buyer may process in. */
function regionHint(datasetRegion: string): string {
  const j = jurisdictionOf(datasetRegion);
  return j === MAINLAND
    ? ' A request to process in the PRC mainland passes this rule: CN, or a province such as CN-HB.'
    : ` A request to process within ${j} (or a region in it) passes this rule.`;
}

/**
 * The usage policy as one pure function: every reason the trade cannot go ahead, each
 * with a code and a message the buyer can read, with its legal basis and what would pass.
 * Empty = allowed.
 */
export function evaluateAccess(f: PolicyFacts): PolicyReason[] {
  const reasons: PolicyReason[] = [];
  if (f.ownDataset) {
    reasons.push({ code: 'OWN_DATASET', message: 'Your organization owns this dataset; there is nothing to request.' });
  }
  if (f.datasetStatus !== 'PUBLISHED') {
    reasons.push({ code: 'LISTING_NOT_PUBLISHED', message: `The listing is not published (it is ${f.datasetStatus}); only published listings can be traded.` });
  }
  const mode = f.mode ?? 'DOWNLOAD';
  if (f.deliveryModes && !f.deliveryModes.includes(mode)) {
    reasons.push({
      code: 'MODE_NOT_OFFERED',
      message: `The listing does not offer ${mode === 'QUERY' ? 'aggregate queries' : 'downloads'}; it offers ${f.deliveryModes.join(' and ') || 'nothing yet'} — request that mode instead.`,
    });
  }
  if (!f.buyerVerified) {
    reasons.push({ code: 'BUYER_NOT_VERIFIED', message: 'Your organization is not verified yet; a platform admin must verify it before it can receive data.' });
  }
  const personal = holdsPersonalInformation(f.report);
  // A QUERY grant releases only aggregates over ≥ k data subjects, never a row or an identifier:
  // anonymised information, which needs no consent (PIPL Art. 4, 73(4)); the reviewed query offer said so.
  if (personal && mode !== 'QUERY' && needsConsent(f.report) && !covers(f.coverage)) {
    const c = f.coverage;
    const hint = consentedHint((f.consentedPurposes ?? []).filter((p) => p !== f.purpose));
    reasons.push({
      code: 'PURPOSE_NOT_CONSENTED',
      message: c
        ? `Consent covers ${c.coveredRows} of the ${c.neededRows} rows that need it for the purpose "${f.purpose}"; every row must be covered (PIPL Art. 13, 23).${hint}`
        : `No consent covers the purpose "${f.purpose}" for this dataset's personal information (PIPL Art. 13, 23).${hint}`,
    });
  }
  if (personal && isCrossBorder(f.datasetRegion, f.region)) {
    const subjects = jurisdictionOf(f.datasetRegion);
    const refusal = subjects === MAINLAND && f.crossBorder ? crossBorderRefusal(f.crossBorder) : undefined;
    if (refusal !== null) {
      reasons.push({
        code: 'CROSS_BORDER',
        message:
          subjects !== MAINLAND
            ? `The data holds personal information about people in ${subjects} (${f.datasetRegion}) and ${f.region} is outside it; ` +
              `the exchange keeps personal information in the jurisdiction of its data subjects.${regionHint(f.datasetRegion)}`
            : refusal
              ? `The data holds personal information about people in the PRC mainland (${f.datasetRegion}) and ${f.region} is outside the mainland: ` +
                `${refusal} (PIPL Art. 38–39).${regionHint(f.datasetRegion)}`
              : `The data holds personal information about people in the PRC mainland (${f.datasetRegion}) and ${f.region} is outside the mainland: ` +
                'providing it there needs a CAC security assessment, a standard contract or certification, and separate consent ' +
                `(PIPL Art. 38–39; CAC Provisions on Cross-Border Data Flows, 2024).${regionHint(f.datasetRegion)}`,
      });
    }
  }
  return reasons;
}

/** Consent covers the purpose: at least one row needs it and every such row has it. */
export function covers(c: { coveredRows: number; neededRows: number } | null | undefined): boolean {
  return !!c && c.neededRows > 0 && c.coveredRows >= c.neededRows;
}

/** Statuses a listing reaches only with a tradeable verdict (the classifier's, consent's or a reviewer's). */
export const TRADEABLE_STATUSES: readonly string[] = ['TRADEABLE', 'PUBLISHED'];

/** The fewest data subjects an aggregate answer's group may hold (a QUERY grant's ODRL term; query offers may ask more). */
export const DEFAULT_MIN_GROUP_SIZE = 10;

export type PurposeVerdict = 'TRADEABLE' | 'AMBIGUOUS' | 'UNTRADEABLE';

export interface PurposeTerms {
  purpose: string;
  verdict: PurposeVerdict;
  coveredRows: number;
  neededRows: number;
}

export interface OfferTerms {
  /** Tradeable for any stated purpose: no row needs consent and the listing is tradeable. */
  anyPurpose: boolean;
  /** Per purpose the latest consent manifest names: the verdict with that consent. */
  purposes: PurposeTerms[];
  /** Where the buyer may process the data (`CN` = the PRC mainland). */
  region: string;
  /** Processing outside `region` is allowed too (the data holds no personal information). */
  crossBorder: boolean;
}

/**
 * The listing's effective terms, by the same rules as `evaluateAccess`: per purpose,
 * TRADEABLE when the listing is tradeable and consent covers every row that needs it (or
 * none needs it), UNTRADEABLE when consent falls short, else the classifier's verdict
 * with that consent (e.g. AMBIGUOUS while a reviewer decides).
 */
export function offerTerms(
  listing: { status: string; region: string },
  report: ClassificationReport | null,
  coverage: ReadonlyArray<{ purpose: string; coveredRows: number; neededRows: number; verdict: string }>,
): OfferTerms {
  const consentNeeded = report !== null && holdsPersonalInformation(report) && needsConsent(report);
  const tradeable = report !== null && TRADEABLE_STATUSES.includes(listing.status);
  const purposes = coverage.map((c): PurposeTerms => {
    const consentOk = !consentNeeded || covers(c);
    const verdict: PurposeVerdict = !consentOk ? 'UNTRADEABLE' : tradeable ? 'TRADEABLE' : (c.verdict as PurposeVerdict);
    return { purpose: c.purpose, verdict, coveredRows: c.coveredRows, neededRows: c.neededRows };
  });
  const personal = report === null || holdsPersonalInformation(report);
  return { anyPurpose: tradeable && !consentNeeded, purposes, region: jurisdictionOf(listing.region), crossBorder: !personal };
}
