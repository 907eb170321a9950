import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mechanismFor, mechanismSatisfies } from './cross-border.js';

const m = (nonSensitivePeople: number, sensitivePeople = 0, extra: { importantData?: boolean; ciio?: boolean } = {}) =>
  mechanismFor({ nonSensitivePeople, sensitivePeople, ...extra }).mechanism;

describe('CAC Cross-border Data Flow Provisions (2024) mechanisms', () => {
  it('exempts fewer than 100,000 people of non-sensitive personal information: 99,999 / 100,000', () => {
    expect(m(0)).toBe('EXEMPT');
    expect(m(99_999)).toBe('EXEMPT');
    expect(m(100_000)).toBe('STANDARD_CONTRACT_OR_CERTIFICATION');
  });

  it('needs a security assessment from 1,000,000 people: 999,999 / 1,000,000', () => {
    expect(m(999_999)).toBe('STANDARD_CONTRACT_OR_CERTIFICATION');
    expect(m(1_000_000)).toBe('SECURITY_ASSESSMENT');
  });

  it('needs a contract for any sensitive personal information below 10,000 people, an assessment from 10,000', () => {
    expect(m(0, 1)).toBe('STANDARD_CONTRACT_OR_CERTIFICATION');
    expect(m(0, 9_999)).toBe('STANDARD_CONTRACT_OR_CERTIFICATION');
    expect(m(0, 10_000)).toBe('SECURITY_ASSESSMENT');
    expect(mechanismFor({ nonSensitivePeople: 5, sensitivePeople: 1 }).rule).toBe('SENSITIVE_ANY');
  });

  it('needs an assessment for any important data, and for a CIIO exporting any personal information', () => {
    expect(m(0, 0, { importantData: true })).toBe('SECURITY_ASSESSMENT');
    expect(m(1, 0, { ciio: true })).toBe('SECURITY_ASSESSMENT');
    expect(m(0, 0, { ciio: true })).toBe('EXEMPT');
  });

  it('orders mechanisms: an assessment satisfies a contract requirement, not the reverse', () => {
    expect(mechanismSatisfies('SECURITY_ASSESSMENT', 'STANDARD_CONTRACT_OR_CERTIFICATION')).toBe(true);
    expect(mechanismSatisfies('STANDARD_CONTRACT_OR_CERTIFICATION', 'SECURITY_ASSESSMENT')).toBe(false);
    expect(mechanismSatisfies('EXEMPT', 'EXEMPT')).toBe(true);
  });

  it('never needs less when the volume grows', () => {
    const order = ['EXEMPT', 'STANDARD_CONTRACT_OR_CERTIFICATION', 'SECURITY_ASSESSMENT'];
    fc.assert(
      fc.property(fc.nat({ max: 2_000_000 }), fc.nat({ max: 20_000 }), fc.nat({ max: 2_000_000 }), fc.nat({ max: 20_000 }), (n, s, dn, ds) => {
        expect(order.indexOf(m(n + dn, s + ds))).toBeGreaterThanOrEqual(order.indexOf(m(n, s)));
      }),
    );
  });

  it('refuses negative or fractional counts', () => {
    expect(() => m(-1)).toThrow(RangeError);
    expect(() => m(0, 0.5)).toThrow(RangeError);
  });
});
