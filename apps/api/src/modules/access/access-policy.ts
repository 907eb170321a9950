import type { ClassificationReport } from '@eastlake/classifier';
import type { PolicyReason } from './access-request.entity.js';

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
}

/** Categories that make a column personal information. */
const PERSONAL = new Set(['SENSITIVE', 'DIRECT_IDENTIFIER', 'PERSON_NAME', 'QUASI_IDENTIFIER', 'PSEUDONYMOUS', 'ONLINE_IDENTIFIER']);
/** Reasons that mean some rows carry direct identifiers (scattered ones included). */
const NEEDS_CONSENT_CODES = /^(SENSITIVE_IDENTIFIER|DIRECT_IDENTIFIER|SCATTERED_IDENTIFIERS|HEALTH_DATA|LOCATION_TRACE|MINOR_DATA)$/;

export function holdsPersonalInformation(report: ClassificationReport | null): boolean {
  if (!report) return true; // not classified: assume the worst
  return report.columns.some((c) => PERSONAL.has(c.category)) || report.reasons.some((r) => NEEDS_CONSENT_CODES.test(r.code));
}

/** Rows with a direct identifier (or sensitive data) need consent covering the purpose. */
export function needsConsent(report: ClassificationReport | null): boolean {
  if (!report) return true;
  return report.columns.some((c) => c.category === 'SENSITIVE' || c.category === 'DIRECT_IDENTIFIER') || report.reasons.some((r) => NEEDS_CONSENT_CODES.test(r.code));
}

/** `CN-HB` lies within `CN`; `CN` does not lie within `CN-HB`. */
export function regionWithin(region: string, of: string): boolean {
  const r = region.toUpperCase();
  const o = of.toUpperCase();
  return r === o || r.startsWith(`${o}-`);
}

/**
 * The usage policy as one pure function: every reason the trade cannot go ahead, each
 * with a code and a message the buyer can read, with its legal basis. Empty = allowed.
 */
export function evaluateAccess(f: PolicyFacts): PolicyReason[] {
  const reasons: PolicyReason[] = [];
  if (f.ownDataset) {
    reasons.push({ code: 'OWN_DATASET', message: 'Your organization owns this dataset; there is nothing to request.' });
  }
  if (f.datasetStatus !== 'PUBLISHED') {
    reasons.push({ code: 'LISTING_NOT_PUBLISHED', message: `The listing is not published (it is ${f.datasetStatus}); only published listings can be traded.` });
  }
  if (!f.buyerVerified) {
    reasons.push({ code: 'BUYER_NOT_VERIFIED', message: 'Your organization is not verified yet; a platform admin must verify it before it can receive data.' });
  }
  const personal = holdsPersonalInformation(f.report);
  if (personal && needsConsent(f.report)) {
    const c = f.coverage;
    if (!c || c.neededRows === 0 || c.coveredRows < c.neededRows) {
      reasons.push({
        code: 'PURPOSE_NOT_CONSENTED',
        message: c
          ? `Consent covers ${c.coveredRows} of the ${c.neededRows} rows that need it for the purpose "${f.purpose}"; every row must be covered (PIPL Art. 13, 23).`
          : `No consent covers the purpose "${f.purpose}" for this dataset's personal information (PIPL Art. 13, 23).`,
      });
    }
  }
  if (personal && !regionWithin(f.region, f.datasetRegion)) {
    reasons.push({
      code: 'CROSS_BORDER',
      message: `The data may not leave ${f.datasetRegion}: it holds personal information and ${f.region} is outside that region (PIPL Art. 38–39).`,
    });
  }
  return reasons;
}
