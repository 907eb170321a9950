import { describe, expect, it } from '@jest/globals';
import { assessCrossBorder, crossBorderRefusal, versionExportOf, volumeWith, type VersionExport } from './export-volume.js';

const v = (versionId: string, people: number, sensitivePeople = 0, important = false): VersionExport => ({ versionId, people, sensitivePeople, important });
const report = (exposure: Array<{ type: string; distinct: number }>, warnings: string[] = []) => ({ exposure, warnings });

describe('cross-border volumes (CAC 2024 Provisions)', () => {
  it('counts people from direct identifiers and sensitive types, upper bounds for estimates', () => {
    expect(versionExportOf('a', report([{ type: 'CN_MOBILE', distinct: 60 }, { type: 'STOCK_ACCOUNT', distinct: 60 }]), 'GENERAL')).toEqual(v('a', 60, 60));
    expect(versionExportOf('b', report([{ type: 'CN_MOBILE', distinct: 100_000 }], ['distinct counts are HyperLogLog estimates']), 'IMPORTANT')).toEqual(v('b', 102_440, 0, true));
    expect(versionExportOf('c', report([{ type: 'HEALTH', distinct: 10 }]), null)).toEqual(v('c', 10, 10));
  });

  it('is exempt at 99,999 people and needs a standard contract at 100,000 (summed over the year)', () => {
    const year = [v('a', 99_000)];
    expect(assessCrossBorder(2026, volumeWith(year, v('b', 999)), []).mechanism).toBe('EXEMPT');
    const at = assessCrossBorder(2026, volumeWith(year, v('b', 1_000)), []);
    expect(at).toMatchObject({ mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', rule: 'PEOPLE_100K', nonSensitivePeople: 100_000, satisfied: false });
    expect(crossBorderRefusal(at)).toContain('100,000 people');
    expect(crossBorderRefusal(at)).toContain('standard contract');
  });

  it('needs a security assessment at 1,000,000 people (999,999 is a standard contract)', () => {
    expect(assessCrossBorder(2026, volumeWith([], v('a', 999_999)), []).mechanism).toBe('STANDARD_CONTRACT_OR_CERTIFICATION');
    expect(assessCrossBorder(2026, volumeWith([], v('a', 1_000_000)), []).mechanism).toBe('SECURITY_ASSESSMENT');
  });

  it('needs a standard contract for 9,999 sensitive people and an assessment for 10,000', () => {
    expect(assessCrossBorder(2026, volumeWith([v('a', 5_000, 5_000)], v('b', 4_999, 4_999)), []).rule).toBe('SENSITIVE_ANY');
    const at = assessCrossBorder(2026, volumeWith([v('a', 5_000, 5_000)], v('b', 5_000, 5_000)), []);
    expect(at).toMatchObject({ mechanism: 'SECURITY_ASSESSMENT', rule: 'SENSITIVE_10K', sensitivePeople: 10_000 });
    expect(crossBorderRefusal(at)).toContain('10,000 people');
  });

  it('needs a security assessment for any important data, however few people', () => {
    expect(assessCrossBorder(2026, volumeWith([], v('a', 1, 0, true)), [])).toMatchObject({ mechanism: 'SECURITY_ASSESSMENT', rule: 'IMPORTANT_DATA' });
  });

  it('counts a version once per year however often it is delivered', () => {
    expect(volumeWith([v('a', 60_000)], v('a', 60_000))).toMatchObject({ nonSensitivePeople: 60_000, versions: 1 });
  });

  it('is satisfied by approved evidence of the mechanism or a stronger one, not a weaker one', () => {
    const contract = volumeWith([], v('a', 10, 10));
    expect(assessCrossBorder(2026, contract, [{ id: 'e1', mechanism: 'STANDARD_CONTRACT' }])).toMatchObject({ satisfied: true, evidenceId: 'e1' });
    expect(assessCrossBorder(2026, contract, [{ id: 'e2', mechanism: 'CERTIFICATION' }]).satisfied).toBe(true);
    expect(assessCrossBorder(2026, contract, [{ id: 'e3', mechanism: 'SECURITY_ASSESSMENT' }]).satisfied).toBe(true);
    const assessment = volumeWith([], v('a', 10_000, 10_000));
    expect(assessCrossBorder(2026, assessment, [{ id: 'e1', mechanism: 'STANDARD_CONTRACT' }]).satisfied).toBe(false);
    expect(crossBorderRefusal(assessCrossBorder(2026, assessment, []))).toContain('CAC security assessment');
    expect(crossBorderRefusal(assessCrossBorder(2026, volumeWith([], v('a', 5)), []))).toBeNull();
  });
});
