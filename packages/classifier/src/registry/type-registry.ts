/**
 * The registry of types (after Presidio's recognizer registry): every type the classifier
 * reports is defined here once — how its values are found (detector), how one value is
 * validated, the category a column holding it gets, its label in reasons, its preview mask,
 * the normalisation of its consent subject key, its exposure class (2017 SPC/SPP
 * interpretation Art. 5 tier), and whether it is a direct identifier. Categories, reasons,
 * exposure, masks, consent, subject keys and previews read from this table.
 *
 * The streaming hot path stays hand-written for speed (one pass of the identifier scanner
 * over each value, the column profile's text detectors); `detector` names the part of it
 * that finds the type, and registry.spec.ts checks the two agree.
 */
import { Id } from '../detect/identifier-scanner.js';
import { isPersonNameValue } from '../detect/names.js';
import {
  isBankCard,
  isEmail,
  isHexDigest,
  isIpv4,
  isIpv6,
  isMobile,
  isPassport,
  isResidentId,
  isStockAccount,
  isUscc,
  mobileDigits,
} from '../detect/validators.js';
import {
  isAddress,
  isGender,
  isHealthValue,
  isPostalCode,
  parseAge,
} from '../detect/value-detectors.js';
import type { Category, PiiType } from '../types.js';

/** How a type's values are found. */
export type Detector =
  /** Value level: tokens the identifier scanner reports as these kinds. */
  | { readonly kind: 'scanner'; readonly ids: readonly Id[] }
  /**
   * Column level: a column holds the type when ≥ 60 % of its values pass `value` (with the
   * header hint named in `hint`, if any); `rule` says what else the column needs.
   */
  | {
      readonly kind: 'column';
      readonly value: ((v: string) => boolean) | null;
      readonly hint: string | null;
      readonly rule: string;
    };

/** Exposure class: the item count of the 2017 SPC/SPP interpretation Art. 5 that applies. */
export type ExposureTier = 50 | 500 | 5000;

export interface TypeDefinition {
  readonly type: PiiType;
  /** What the values are, in a provider's words (reason messages). */
  readonly label: string;
  readonly detector: Detector;
  /** Validates one value on its own; null when the type needs its column (or row) to tell. */
  readonly validate: ((value: string) => boolean) | null;
  /** The category a column holding the type gets; null: none of its own (OPAQUE is a reason). */
  readonly category: Category | null;
  /**
   * A direct identifier (CLASSIFIER.md: the types of SENSITIVE and DIRECT_IDENTIFIER except
   * HEALTH, MINOR and GEO_TRACE): scattered values count, and its rows need consent.
   */
  readonly directIdentifier: boolean;
  /**
   * The normalised form of a trimmed value whose SHA-256 is its consent `subject_key`; null
   * for types that cannot key a consent record.
   */
  readonly consentKey: ((trimmed: string) => string | null) | null;
  /** Masks one trimmed value for previews. */
  readonly mask: (trimmed: string) => string;
  /** Masked in previews wherever a column holds the type. */
  readonly maskedInPreview: boolean;
  readonly exposureTier: ExposureTier;
  /** Describes a person: not reported for group tables (their rows describe groups). */
  readonly personLevel: boolean;
}

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

const COMPOUND =
  /^(欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|轩辕|令狐|端木|西门|南宫|独孤|呼延|赫连|澹台|申屠|钟离|闻人|万俟|司空)/;

const upper = (v: string): string => v.toUpperCase();
const someStars = (v: string): string => stars(Math.min(v.length, 8));
const keepEnds = (v: string): string =>
  v.length > 4 ? v[0] + stars(v.length - 3) + v.slice(-2) : stars(v.length);

const scanner = (...ids: Id[]): Detector => ({ kind: 'scanner', ids });
const column = (
  value: ((v: string) => boolean) | null,
  hint: string | null,
  rule: string,
): Detector => ({ kind: 'column', value, hint, rule });

/** Every type, in report order. */
export const TYPE_REGISTRY: readonly TypeDefinition[] = [
  {
    type: 'CN_RESIDENT_ID',
    label: 'resident ID numbers',
    detector: scanner(Id.RESIDENT_ID, Id.RESIDENT_ID15),
    validate: (v) => isResidentId(v),
    category: 'SENSITIVE',
    directIdentifier: true,
    consentKey: upper,
    mask: (v) =>
      v.length === 18 ? v.slice(0, 6) + stars(8) + v.slice(14).toUpperCase() : stars(v.length),
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'CN_USCC',
    label: 'unified social credit codes',
    detector: scanner(Id.USCC),
    validate: isUscc,
    category: 'ENTERPRISE',
    directIdentifier: false,
    consentKey: null,
    mask: (v) => v, // enterprise information, not personal
    maskedInPreview: false,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'BANK_CARD',
    label: 'bank card numbers',
    detector: scanner(Id.BANK_CARD),
    validate: isBankCard,
    category: 'SENSITIVE',
    directIdentifier: true,
    consentKey: (v) => v.replace(/\D/g, ''),
    mask: (v) => {
      const d = v.replace(/\D/g, '');
      return d.slice(0, 4) + stars(d.length - 8) + d.slice(-4);
    },
    maskedInPreview: true,
    exposureTier: 50, // credit and property information
    personLevel: false,
  },
  {
    type: 'CN_MOBILE',
    label: 'mobile numbers',
    detector: scanner(Id.MOBILE),
    validate: isMobile,
    category: 'DIRECT_IDENTIFIER',
    directIdentifier: true,
    consentKey: (v) => mobileDigits(v.replace(/\D/g, '')),
    mask: (v) => {
      const d = v.replace(/\D/g, '').slice(-11);
      return d.length === 11 ? `${d.slice(0, 3)}****${d.slice(7)}` : stars(v.length);
    },
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'EMAIL',
    label: 'e-mail addresses',
    detector: scanner(Id.EMAIL),
    validate: isEmail,
    category: 'DIRECT_IDENTIFIER',
    directIdentifier: true,
    consentKey: (v) => v.toLowerCase(),
    mask: (v) => {
      const at = v.indexOf('@');
      return at > 0 ? `${v[0]}***${v.slice(at)}` : stars(v.length);
    },
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'CN_PASSPORT',
    label: 'passport numbers',
    detector: scanner(Id.PASSPORT),
    validate: isPassport,
    category: 'DIRECT_IDENTIFIER',
    directIdentifier: true,
    consentKey: upper,
    mask: keepEnds,
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'STOCK_ACCOUNT',
    label: 'securities account numbers',
    detector: scanner(Id.STOCK_ACCOUNT),
    validate: (v) => isStockAccount(v),
    category: 'SENSITIVE',
    directIdentifier: true,
    consentKey: upper,
    mask: keepEnds,
    maskedInPreview: true,
    exposureTier: 50, // credit and property information
    personLevel: false,
  },
  {
    type: 'IP_ADDRESS',
    label: 'IP addresses',
    detector: scanner(Id.IP),
    validate: (v) => isIpv4(v) || isIpv6(v),
    category: 'ONLINE_IDENTIFIER',
    directIdentifier: false,
    consentKey: null,
    mask: (v) => {
      const p = v.split('.');
      return p.length === 4 ? `${p[0]}.${p[1]}.*.*` : stars(v.length);
    },
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'PSEUDONYMOUS_ID',
    label: 'hashed identifiers (digests)',
    detector: scanner(Id.HEX),
    validate: isHexDigest,
    category: 'PSEUDONYMOUS',
    directIdentifier: false,
    consentKey: null,
    mask: (v) => v.slice(0, 6) + '…',
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'PERSON_NAME',
    label: 'personal names',
    detector: column(
      isPersonNameValue,
      'person (name, 姓名, 联系人…) for Latin words',
      '≥ 50 % of the matches distinct; first/last-name pairs count as one column',
    ),
    validate: null,
    category: 'PERSON_NAME',
    directIdentifier: false,
    consentKey: null,
    mask: (v) => {
      if (/^[\u4e00-\u9fff]+$/.test(v)) {
        const m = COMPOUND.exec(v);
        const keep = m ? 2 : 1;
        return v.slice(0, keep) + stars(v.length - keep);
      }
      const sp = v.indexOf(' ');
      return sp > 0 ? `${v[0]}. ${v.slice(sp + 1, sp + 2)}***` : `${v[0]}***`;
    },
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'ADDRESS',
    label: 'street-level addresses',
    detector: column((v) => isAddress(v), null, 'scattered values count as direct identifiers'),
    validate: null,
    category: 'DIRECT_IDENTIFIER',
    directIdentifier: true,
    consentKey: null,
    mask: (v) => {
      const m = /^.*?(?:区|县|市)/.exec(v);
      return (m ? m[0] : '') + '****';
    },
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: false,
  },
  {
    type: 'BIRTH_DATE',
    label: 'birth dates',
    detector: column(
      null,
      'birth (birth, dob, 出生, 生日)',
      'parseBirthDate: a real date, not in the future',
    ),
    validate: null,
    category: 'QUASI_IDENTIFIER',
    directIdentifier: false,
    consentKey: null,
    mask: (v) => (/^\d{4}/.test(v) ? `${v.slice(0, 4)}-**-**` : '****'),
    maskedInPreview: true,
    exposureTier: 5000,
    personLevel: true,
  },
  {
    type: 'AGE',
    label: 'ages',
    detector: column(
      (v) => parseAge(v) !== null,
      'age (age, 年龄)',
      'integers 0–130, bands, decimals',
    ),
    validate: null,
    category: 'QUASI_IDENTIFIER',
    directIdentifier: false,
    consentKey: null,
    mask: someStars,
    maskedInPreview: false,
    exposureTier: 5000,
    personLevel: true,
  },
  {
    type: 'GENDER',
    label: 'genders',
    detector: column(isGender, 'gender (gender, sex, 性别)', 'M/F/男/女…'),
    validate: null,
    category: 'QUASI_IDENTIFIER',
    directIdentifier: false,
    consentKey: null,
    mask: someStars,
    maskedInPreview: false,
    exposureTier: 5000,
    personLevel: true,
  },
  {
    type: 'POSTAL_CODE',
    label: 'postal codes',
    detector: column(isPostalCode, 'postal (postcode, zip, 邮编)', '6 digits, first digit 0–8'),
    validate: null,
    category: 'QUASI_IDENTIFIER',
    directIdentifier: false,
    consentKey: null,
    mask: (v) => v.slice(0, 2) + stars(v.length - 2),
    maskedInPreview: false,
    exposureTier: 5000,
    personLevel: true,
  },
  {
    type: 'MINOR',
    label: 'data of children under 14',
    detector: column(
      null,
      null,
      'a BIRTH_DATE or AGE column where ≥ 10 rows (or every row) describe a person under 14',
    ),
    validate: null,
    category: 'SENSITIVE',
    directIdentifier: false,
    consentKey: null,
    mask: someStars,
    maskedInPreview: false,
    exposureTier: 5000,
    personLevel: true,
  },
  {
    type: 'HEALTH',
    label: 'health conditions',
    detector: column(
      (v) => isHealthValue(v, false),
      'health / diagnosis (condition, 病情, dx, icd, 诊断…) for bare codes and suffix words',
      'ICD-10 codes and condition terms',
    ),
    validate: null,
    category: 'SENSITIVE',
    directIdentifier: false,
    consentKey: null,
    mask: someStars,
    maskedInPreview: true,
    exposureTier: 500, // health information
    personLevel: true,
  },
  {
    type: 'GEO_TRACE',
    label: 'location traces',
    detector: column(
      null,
      null,
      'row level: coordinates + timestamp + an entity with ≥ 3 distinct points',
    ),
    validate: null,
    category: 'SENSITIVE',
    directIdentifier: false,
    consentKey: null,
    mask: someStars,
    maskedInPreview: false,
    exposureTier: 50, // whereabouts
    personLevel: true,
  },
  {
    type: 'OPAQUE',
    label: 'opaque encoded values',
    detector: column(
      null,
      null,
      '≥ 60 % base64/hex values that decode to no text and are no digest, ≥ 90 % distinct',
    ),
    validate: null,
    category: null,
    directIdentifier: false,
    consentKey: null,
    mask: someStars,
    maskedInPreview: false,
    exposureTier: 5000,
    personLevel: false,
  },
];

const BY_TYPE = new Map<PiiType, TypeDefinition>(TYPE_REGISTRY.map((d) => [d.type, d]));

/** What a string that names no type gets (callers outside TypeScript): no key, a generic mask. */
const UNKNOWN: Omit<TypeDefinition, 'type'> = {
  label: 'values',
  detector: column(null, null, 'none'),
  validate: null,
  category: null,
  directIdentifier: false,
  consentKey: null,
  mask: someStars,
  maskedInPreview: false,
  exposureTier: 5000,
  personLevel: false,
};

/** The definition of `type` (every {@link PiiType} has one; registry.spec.ts checks it). */
export function typeDefinition(type: PiiType): TypeDefinition {
  return BY_TYPE.get(type) ?? { ...UNKNOWN, type };
}

/** Categories in precedence order: a column gets the first its held types give (CLASSIFIER.md). */
export const CATEGORY_ORDER: readonly Category[] = [
  'SENSITIVE',
  'DIRECT_IDENTIFIER',
  'PERSON_NAME',
  'QUASI_IDENTIFIER',
  'PSEUDONYMOUS',
  'ONLINE_IDENTIFIER',
  'ENTERPRISE',
];

/** The types whose definitions satisfy `p`, in registry order. */
export function typesWhere(p: (d: TypeDefinition) => boolean): readonly PiiType[] {
  return TYPE_REGISTRY.filter(p).map((d) => d.type);
}

/** The types of one category. */
export function typesOf(category: Category): readonly PiiType[] {
  return typesWhere((d) => d.category === category);
}
