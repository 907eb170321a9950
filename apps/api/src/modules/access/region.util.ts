/**
 * Regions are ISO 3166-2-style codes: a country (`CN`, `US`) or one of its subdivisions
 * (`CN-HB`, Hubei). They nest: `CN-HB` lies within `CN`.
 *
 * For export, what matters is the jurisdiction, not the province: PIPL Art. 38–39 and the
 * CAC's 2024 Provisions on Promoting and Regulating Cross-Border Data Flows govern providing
 * personal information *outside the PRC mainland*. Hong Kong, Macao and Taiwan count as
 * outside for export (CAC practice: the standard contract and security assessment apply to
 * them; the Greater Bay Area has its own standard contract), whether written `HK` or
 * `CN-HK` (or ISO's older numeric `CN-91`, `CN-92`, `CN-71`). Any mainland region is
 * domestic: a Hubei listing processed in Beijing, or anywhere in `CN`, does not leave.
 */
const OUTSIDE_MAINLAND: Readonly<Record<string, string>> = { HK: 'HK', MO: 'MO', TW: 'TW', '91': 'HK', '92': 'MO', '71': 'TW' };

/** The mainland's jurisdiction code. */
export const MAINLAND = 'CN';

/** `CN-HB` → `CN`; `CN-HK` → `HK`; `HK` → `HK`; `US-CA` → `US`. */
export function jurisdictionOf(region: string): string {
  const [country, subdivision] = region.trim().toUpperCase().split('-');
  if (country === MAINLAND && subdivision && OUTSIDE_MAINLAND[subdivision]) return OUTSIDE_MAINLAND[subdivision];
  return country;
}

/** `CN`, `CN-HB`, … — not `CN-HK`, `HK`, `TW`. */
export function isMainland(region: string): boolean {
  return jurisdictionOf(region) === MAINLAND;
}

/**
 * Processing in `processing` data whose subjects are in `subjects` is cross-border when
 * the two lie in different jurisdictions (for the mainland: when it leaves the mainland).
 */
export function isCrossBorder(subjects: string, processing: string): boolean {
  return jurisdictionOf(subjects) !== jurisdictionOf(processing);
}

/** `CN-HB` lies within `CN` (and within itself); `CN` does not lie within `CN-HB`. */
export function regionWithin(region: string, of: string): boolean {
  const r = region.trim().toUpperCase();
  const o = of.trim().toUpperCase();
  return r === o || r.startsWith(`${o}-`);
}
