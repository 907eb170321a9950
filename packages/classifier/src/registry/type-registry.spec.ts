// The registry is the one definition of every type: complete, consistent with the scanner that
// finds value-level types, and with CLASSIFIER.md's categories, tiers and consent keys.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ID_COUNT, ID_NAMES, IdentifierScanner, type Id } from '../detect/identifier-scanner.js';
import { dateNumber } from '../detect/validators.js';
import { bankCardArb, mobileArb, residentIdArb, usccArb } from '../test-support/generators.js';
import type { Category, PiiType } from '../types.js';
import { CATEGORY_ORDER, TYPE_REGISTRY, typeDefinition, typesOf } from './type-registry.js';

// Exhaustive at compile time: a PiiType missing here is a type error.
const ALL: Record<PiiType, true> = {
  CN_RESIDENT_ID: true,
  CN_USCC: true,
  BANK_CARD: true,
  CN_MOBILE: true,
  EMAIL: true,
  CN_PASSPORT: true,
  STOCK_ACCOUNT: true,
  IP_ADDRESS: true,
  PSEUDONYMOUS_ID: true,
  PERSON_NAME: true,
  ADDRESS: true,
  BIRTH_DATE: true,
  AGE: true,
  GENDER: true,
  POSTAL_CODE: true,
  MINOR: true,
  HEALTH: true,
  GEO_TRACE: true,
  OPAQUE: true,
};

describe('type registry', () => {
  it('defines every type exactly once', () => {
    const types = TYPE_REGISTRY.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect([...types].sort()).toEqual(Object.keys(ALL).sort());
  });

  it('gives the categories, tiers and direct identifiers of CLASSIFIER.md', () => {
    const want: Record<Category, PiiType[]> = {
      SENSITIVE: ['CN_RESIDENT_ID', 'BANK_CARD', 'STOCK_ACCOUNT', 'HEALTH', 'MINOR', 'GEO_TRACE'],
      DIRECT_IDENTIFIER: ['CN_MOBILE', 'EMAIL', 'CN_PASSPORT', 'ADDRESS'],
      PERSON_NAME: ['PERSON_NAME'],
      QUASI_IDENTIFIER: ['BIRTH_DATE', 'AGE', 'GENDER', 'POSTAL_CODE'],
      PSEUDONYMOUS: ['PSEUDONYMOUS_ID'],
      ONLINE_IDENTIFIER: ['IP_ADDRESS'],
      ENTERPRISE: ['CN_USCC'],
      NONE: [],
    };
    for (const c of CATEGORY_ORDER) expect([...typesOf(c)].sort()).toEqual(want[c].sort());
    const direct = TYPE_REGISTRY.filter((d) => d.directIdentifier).map((d) => d.type);
    expect(direct.sort()).toEqual(
      [...want.SENSITIVE, ...want.DIRECT_IDENTIFIER]
        .filter((t) => t !== 'HEALTH' && t !== 'MINOR' && t !== 'GEO_TRACE')
        .sort(),
    );
    const tiers = Object.fromEntries(TYPE_REGISTRY.map((d) => [d.type, d.exposureTier]));
    expect(tiers).toMatchObject({ GEO_TRACE: 50, BANK_CARD: 50, STOCK_ACCOUNT: 50, HEALTH: 500 });
    expect(TYPE_REGISTRY.filter((d) => d.exposureTier === 5000)).toHaveLength(15);
    expect(typeDefinition('OPAQUE').category).toBeNull();
  });

  it('names, for each scanner kind, the type the scanner reports it as', () => {
    const claimed = new Map<number, PiiType>();
    for (const d of TYPE_REGISTRY)
      if (d.detector.kind === 'scanner') for (const id of d.detector.ids) claimed.set(id, d.type);
    expect(claimed.size).toBe(ID_COUNT);
    for (let id = 0; id < ID_COUNT; id++) expect(claimed.get(id)).toBe(ID_NAMES[id]);
  });

  it('validators accept what the scanner finds as the type, and key consent as CLASSIFIER.md says', () => {
    const PRECEDENCE: PiiType[] = ['CN_RESIDENT_ID', 'CN_USCC', 'BANK_CARD', 'CN_MOBILE'];
    const sc = new IdentifierScanner(dateNumber(new Date()));
    const arbs: [PiiType, fc.Arbitrary<string>][] = [
      ['CN_RESIDENT_ID', residentIdArb],
      ['CN_USCC', usccArb],
      ['BANK_CARD', bankCardArb],
      ['CN_MOBILE', mobileArb],
    ];
    for (const [type, arb] of arbs) {
      fc.assert(
        fc.property(arb, (v) => {
          const found: string[] = [];
          sc.scan(v, false, (id: Id) => found.push(ID_NAMES[id]));
          const def = typeDefinition(type);
          // CLASSIFIER.md: a value gets one type, tried in this order (an 18-digit JCB card
          // number can also carry a valid USCC check char: it is a USCC then).
          const first = PRECEDENCE.find((t) => typeDefinition(t).validate?.(v) === true);
          return def.validate?.(v) === true && first !== undefined && found.includes(first);
        }),
        { numRuns: 300 },
      );
    }
    // The counterexample fast-check found once: a Luhn-valid JCB number that is also a USCC.
    const both = '352867123377048043';
    const foundBoth: string[] = [];
    sc.scan(both, false, (id: Id) => foundBoth.push(ID_NAMES[id]));
    expect([
      typeDefinition('BANK_CARD').validate?.(both),
      typeDefinition('CN_USCC').validate?.(both),
      foundBoth,
    ]).toEqual([true, true, ['CN_USCC']]);
    expect(typeDefinition('CN_RESIDENT_ID').consentKey?.('11010519491231002x')).toBe(
      '11010519491231002X',
    );
    expect(typeDefinition('CN_MOBILE').consentKey?.('+86 138-1234-5678')).toBe('13812345678');
    expect(typeDefinition('EMAIL').consentKey?.('Zhang@Example.COM')).toBe('zhang@example.com');
    expect(typeDefinition('BANK_CARD').consentKey?.('6222 0212 3456 7890')).toBe(
      '6222021234567890',
    );
    expect(typeDefinition('ADDRESS').consentKey).toBeNull();
  });
});
