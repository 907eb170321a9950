import type { ClassificationReport } from '@eastlake/classifier';
import { queryEligibility } from './query-offer.service.js';

const report = (verdict: string, reasons: Array<[string, string]>, types: string[] = []) =>
  ({
    verdict,
    columns: [{ name: 'c', category: 'SENSITIVE', types: types.map((type) => ({ type, matches: 10, ratio: 1 })) }],
    reasons: reasons.map(([code, severity]) => ({ code, severity, column: null, message: '', citations: [], remediation: '' })),
  }) as unknown as ClassificationReport;

describe('queryEligibility', () => {
  it('offers TRADEABLE at once, AMBIGUOUS and direct-identifier-only UNTRADEABLE after review', () => {
    expect(queryEligibility(report('TRADEABLE', []))).toMatchObject({ eligible: true, review: false });
    expect(queryEligibility(report('AMBIGUOUS', [['LOW_K_ANONYMITY', 'REVIEW']]))).toMatchObject({ eligible: true, review: true });
    expect(queryEligibility(report('UNTRADEABLE', [['DIRECT_IDENTIFIER', 'BLOCK'], ['SENSITIVE_IDENTIFIER', 'BLOCK']], ['CN_RESIDENT_ID']))).toMatchObject({
      eligible: true,
      review: true,
      basis: 'UNTRADEABLE only because of direct identifiers: DIRECT_IDENTIFIER, SENSITIVE_IDENTIFIER',
    });
  });

  it('never offers minors’ data, health data or location traces', () => {
    expect(queryEligibility(report('UNTRADEABLE', [['MINOR_DATA', 'BLOCK']], ['MINOR']))).toMatchObject({ eligible: false });
    expect(queryEligibility(report('UNTRADEABLE', [['DIRECT_IDENTIFIER', 'BLOCK']], ['MINOR']))).toMatchObject({ eligible: false });
    expect(queryEligibility(report('UNTRADEABLE', [['HEALTH_DATA', 'BLOCK']], ['HEALTH']))).toMatchObject({ eligible: false });
    expect(queryEligibility(report('UNTRADEABLE', [['LOCATION_TRACE', 'BLOCK']], ['GEO_TRACE']))).toMatchObject({ eligible: false });
  });
});
