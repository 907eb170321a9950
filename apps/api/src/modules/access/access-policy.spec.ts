import { describe, expect, it } from '@jest/globals';
import type { ClassificationReport } from '@eastlake/classifier';
import { assessCrossBorder } from '../cross-border/export-volume.js';
import { evaluateAccess, offerTerms, type PolicyFacts } from './access-policy.js';
import { isCrossBorder, isMainland, jurisdictionOf, regionWithin } from './region.util.js';

const personal = {
  rows: 150,
  verdict: 'UNTRADEABLE',
  columns: [{ name: 'mobile', category: 'DIRECT_IDENTIFIER', types: [] }],
  reasons: [{ code: 'DIRECT_IDENTIFIER' }],
} as unknown as ClassificationReport;
const weather = { rows: 100, verdict: 'TRADEABLE', columns: [{ name: 't', category: 'NON_PERSONAL', types: [] }], reasons: [] } as unknown as ClassificationReport;

const facts = (over: Partial<PolicyFacts> = {}): PolicyFacts => ({
  datasetStatus: 'PUBLISHED',
  datasetRegion: 'CN-HB',
  report: personal,
  coverage: { coveredRows: 150, neededRows: 150 },
  consentedPurposes: ['marketing'],
  purpose: 'marketing',
  region: 'CN',
  buyerVerified: true,
  ...over,
});
const codes = (f: PolicyFacts) => evaluateAccess(f).map((r) => r.code);

describe('regions', () => {
  it('treats every mainland region as one jurisdiction and HK, MO, TW as outside it', () => {
    expect(['CN', 'CN-HB', 'cn-bj', 'CN-42'].map(jurisdictionOf)).toEqual(['CN', 'CN', 'CN', 'CN']);
    expect(['HK', 'CN-HK', 'CN-MO', 'CN-TW', 'CN-91', 'TW'].map(jurisdictionOf)).toEqual(['HK', 'HK', 'MO', 'TW', 'HK', 'TW']);
    expect(isMainland('CN-HB')).toBe(true);
    expect(isMainland('CN-HK')).toBe(false);
    expect(jurisdictionOf('US-CA')).toBe('US');
  });

  it('calls processing outside the data subjects’ jurisdiction cross-border, and nothing else', () => {
    expect(isCrossBorder('CN-HB', 'CN')).toBe(false);
    expect(isCrossBorder('CN', 'CN-HB')).toBe(false);
    expect(isCrossBorder('CN-HB', 'CN-BJ')).toBe(false);
    expect(isCrossBorder('CN-HB', 'HK')).toBe(true);
    expect(isCrossBorder('CN-HB', 'CN-HK')).toBe(true);
    expect(isCrossBorder('CN', 'US')).toBe(true);
    expect(isCrossBorder('HK', 'CN')).toBe(true);
  });

  it('nests regions for catalogue filters', () => {
    expect(regionWithin('CN-HB', 'CN')).toBe(true);
    expect(regionWithin('CN', 'CN-HB')).toBe(false);
    expect(regionWithin('CNX', 'CN')).toBe(false);
  });
});

describe('evaluateAccess', () => {
  it('lets a CN request use a CN-HB listing and a CN-HB request a CN listing', () => {
    expect(codes(facts({ region: 'CN' }))).toEqual([]);
    expect(codes(facts({ datasetRegion: 'CN', region: 'CN-HB' }))).toEqual([]);
  });

  it('refuses HK and US as cross-border and says which region passes', () => {
    for (const region of ['HK', 'US', 'CN-TW']) {
      const [reason] = evaluateAccess(facts({ region }));
      expect(reason.code).toBe('CROSS_BORDER');
      expect(reason.message).toContain('PIPL Art. 38–39');
      expect(reason.message).toContain('CN, or a province such as CN-HB');
    }
  });

  it('lets mainland data out with the mechanism the exporter’s year needs, and names it and the figures otherwise', () => {
    const exempt = assessCrossBorder(2026, { nonSensitivePeople: 99_999, sensitivePeople: 0 }, []);
    expect(codes(facts({ region: 'HK', crossBorder: exempt }))).toEqual([]);
    const contract = assessCrossBorder(2026, { nonSensitivePeople: 100_000, sensitivePeople: 0 }, []);
    const [reason] = evaluateAccess(facts({ region: 'US', crossBorder: contract }));
    expect(reason.code).toBe('CROSS_BORDER');
    expect(reason.message).toContain('100,000 people');
    expect(reason.message).toContain('standard contract');
    expect(reason.message).toContain('Art. 8');
    const filed = assessCrossBorder(2026, { nonSensitivePeople: 100_000, sensitivePeople: 0 }, [{ id: 'e', mechanism: 'CERTIFICATION' }]);
    expect(codes(facts({ region: 'US', crossBorder: filed }))).toEqual([]);
    // Data about people outside the mainland stays in its jurisdiction whatever is on file.
    expect(codes(facts({ datasetRegion: 'HK', region: 'CN', crossBorder: exempt }))).toEqual(['CROSS_BORDER']);
  });

  it('lets data without personal information go anywhere', () => {
    expect(codes(facts({ report: weather, coverage: null, region: 'US' }))).toEqual([]);
  });

  it('names the consented purposes when refusing another one', () => {
    const [reason] = evaluateAccess(facts({ purpose: 'insurance', coverage: null, consentedPurposes: ['marketing', 'research'] }));
    expect(reason.code).toBe('PURPOSE_NOT_CONSENTED');
    expect(reason.message).toContain('marketing, research');
    const [none] = evaluateAccess(facts({ purpose: 'insurance', coverage: null, consentedPurposes: [] }));
    expect(none.message).toContain('No purpose is consented');
  });
});

describe('offerTerms', () => {
  it('gives one verdict per purpose by the policy’s consent rule', () => {
    const offer = offerTerms({ status: 'PUBLISHED', region: 'CN-HB' }, personal, [
      { purpose: 'marketing', coveredRows: 150, neededRows: 150, verdict: 'TRADEABLE' },
      { purpose: 'research', coveredRows: 149, neededRows: 150, verdict: 'UNTRADEABLE' },
    ]);
    expect(offer).toEqual({
      anyPurpose: false,
      region: 'CN',
      crossBorder: false,
      purposes: [
        { purpose: 'marketing', verdict: 'TRADEABLE', coveredRows: 150, neededRows: 150 },
        { purpose: 'research', verdict: 'UNTRADEABLE', coveredRows: 149, neededRows: 150 },
      ],
    });
  });

  it('keeps the classifier’s verdict while the listing is not tradeable yet', () => {
    const offer = offerTerms({ status: 'IN_REVIEW', region: 'CN' }, personal, [{ purpose: 'marketing', coveredRows: 3, neededRows: 3, verdict: 'AMBIGUOUS' }]);
    expect(offer.purposes[0].verdict).toBe('AMBIGUOUS');
  });

  it('offers data without personal information for any purpose, anywhere', () => {
    expect(offerTerms({ status: 'PUBLISHED', region: 'CN-HB' }, weather, [])).toEqual({ anyPurpose: true, purposes: [], region: 'CN', crossBorder: true });
  });
});
