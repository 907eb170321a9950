/**
 * Per-column remediation transforms (pure): validating a request against the current
 * version's report, and turning each row of the parent version into a row of the derived one.
 * Google DLP's de-identification transforms are the model: drop, mask, salted hash,
 * generalise, plus a row filter keeping only the rows consent covers.
 */
import { createHash, createHmac } from 'node:crypto';
import {
  isAddress,
  isBankCard,
  isEmail,
  isMobile,
  isPassport,
  isResidentId,
  isStockAccount,
  maskValue,
  normaliseIdentifier,
  type ClassificationReport,
  type ColumnReport,
  type PiiType,
} from '@eastlake/classifier';
import { RemediationException, RemediationExceptionCode } from './exceptions/remediation.exception.js';

export const TRANSFORM_KINDS = ['DROP', 'MASK', 'HASH', 'GENERALISE', 'COVERED_SUBSET'] as const;
export type TransformKind = (typeof TRANSFORM_KINDS)[number];

/**
 * How GENERALISE coarsens a value: a date to its YEAR; a birth date or an age to a ten-year
 * AGE_BAND (`30-39`, `90+`); an address to its DISTRICT (province, city and district, no street);
 * coordinates rounded to two decimals (about 1 km) or REMOVEd.
 */
export const GENERALISE_MODES = ['YEAR', 'AGE_BAND', 'DISTRICT', 'ROUND_COORDINATES', 'REMOVE'] as const;
export type GeneraliseMode = (typeof GENERALISE_MODES)[number];

/** One transform as requested, stored with the version and in the ledger (nulls, never undefined). */
export interface ColumnTransform {
  kind: TransformKind;
  /** The column it applies to; null for COVERED_SUBSET, which filters rows. */
  column: string | null;
  mode: GeneraliseMode | null;
  /** COVERED_SUBSET only: the purpose the kept rows' consent must list (lower-case). */
  purpose: string | null;
}

export interface TransformRequest {
  kind: TransformKind;
  column?: string | null;
  mode?: GeneraliseMode | null;
  purpose?: string | null;
}

/** Types whose values key a consent record (CLASSIFIER.md "Consent"), with their validators. */
const KEYED: ReadonlyArray<[PiiType, (v: string) => boolean]> = [
  ['CN_RESIDENT_ID', (v) => isResidentId(v)],
  ['CN_MOBILE', isMobile],
  ['EMAIL', isEmail],
  ['BANK_CARD', isBankCard],
  ['CN_PASSPORT', isPassport],
  ['STOCK_ACCOUNT', (v) => isStockAccount(v, true)],
];

const HELD = 0.6;

function bad(reason: RemediationExceptionCode, message: string): never {
  throw new RemediationException(reason, message);
}

/** Checks a request against the report and returns it in its stored form. */
export function validateTransforms(report: ClassificationReport, requested: readonly TransformRequest[]): ColumnTransform[] {
  if (requested.length === 0) bad(RemediationExceptionCode.INVALID_TRANSFORM, 'give at least one transform');
  const names = new Set(report.columns.map((c) => c.name));
  const seen = new Set<string>();
  let subsets = 0;
  const out: ColumnTransform[] = [];
  for (const t of requested) {
    const column = t.column?.trim() || null;
    const mode = t.mode ?? null;
    const purpose = t.purpose?.trim().toLowerCase() || null;
    if (t.kind === 'COVERED_SUBSET') {
      if (column) bad(RemediationExceptionCode.INVALID_TRANSFORM, 'COVERED_SUBSET filters rows: give a purpose, not a column');
      if (!purpose) bad(RemediationExceptionCode.INVALID_TRANSFORM, 'COVERED_SUBSET needs the purpose the consent must list');
      if (mode) bad(RemediationExceptionCode.INVALID_TRANSFORM, 'only GENERALISE takes a mode');
      if (++subsets > 1) bad(RemediationExceptionCode.INVALID_TRANSFORM, 'give COVERED_SUBSET at most once');
      out.push({ kind: t.kind, column: null, mode: null, purpose });
      continue;
    }
    if (!column) bad(RemediationExceptionCode.INVALID_TRANSFORM, `${t.kind} needs a column`);
    if (!names.has(column)) {
      throw new RemediationException(RemediationExceptionCode.UNKNOWN_COLUMN, `the current version has no column named "${column}"`, { column });
    }
    if (seen.has(column)) bad(RemediationExceptionCode.INVALID_TRANSFORM, `column "${column}" has more than one transform`);
    seen.add(column);
    if (purpose) bad(RemediationExceptionCode.INVALID_TRANSFORM, 'only COVERED_SUBSET takes a purpose');
    if (t.kind === 'GENERALISE' && !mode) {
      bad(RemediationExceptionCode.INVALID_TRANSFORM, `GENERALISE of "${column}" needs a mode (${GENERALISE_MODES.join(', ')})`);
    }
    if (t.kind !== 'GENERALISE' && mode) bad(RemediationExceptionCode.INVALID_TRANSFORM, 'only GENERALISE takes a mode');
    out.push({ kind: t.kind, column, mode: t.kind === 'GENERALISE' ? mode : null, purpose: null });
  }
  const dropped = out.filter((t) => t.kind === 'DROP').length;
  if (report.columns.length > 0 && dropped === report.columns.length) {
    bad(RemediationExceptionCode.INVALID_TRANSFORM, 'dropping every column leaves nothing to list');
  }
  return out;
}

/** The type a column holds (≥ 60 %), else its most frequent type, else null. */
export function typeOfColumn(column: ColumnReport): PiiType | null {
  const types = [...column.types].sort((a, b) => b.ratio - a.ratio);
  return (types.find((t) => t.ratio >= HELD) ?? types[0])?.type ?? null;
}

/** MASK: the masked-preview rules for the column's type; an untyped column keeps only its length's hint. */
export function maskCell(type: PiiType | null, value: string): string {
  if (value.trim() === '') return value;
  return type ? maskValue(type, value) : '*'.repeat(Math.min(value.trim().length, 8));
}

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * HASH: HMAC-SHA-256 keyed with the organization's salt, over the consent subject key for
 * identifier types (SHA-256 of the normalised identifier, as in consent manifests) and over
 * SHA-256 of the trimmed value otherwise. So `hashCell(salt, 'CN_MOBILE', m)` equals
 * HMAC(salt, subject_key(m)): a manifest's keys map onto the tokens with the salt, the same
 * person gets the same token in all the organization's datasets, and without the salt nobody
 * can test a guessed phone number against a token.
 */
export function hashCell(salt: string, type: PiiType | null, value: string): string {
  const v = value.trim();
  if (v === '') return '';
  const normalised = type ? normaliseIdentifier(type, v) : null;
  const inner = sha256Hex(normalised ?? v);
  return createHmac('sha256', Buffer.from(salt, 'hex')).update(inner, 'utf8').digest('hex');
}

const YEAR = /^\s*(\d{4})(?:[-/.年]|\d{4}\b|$)/;

function birthYearMonthDay(v: string): [number, number, number] | null {
  const m = /^\s*(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})/.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1880 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 ? [y, mo, d] : null;
}

function ageBand(age: number): string {
  if (!Number.isFinite(age) || age < 0 || age > 130) return '';
  if (age >= 90) return '90+';
  const lo = Math.floor(age / 10) * 10;
  return `${lo}-${lo + 9}`;
}

/** The administrative prefix of a Chinese address: province, city and district or county. */
const DISTRICT = /^\s*((?:[^\s\d]{1,8}?(?:省|自治区))?(?:[^\s\d]{1,10}?(?:市|自治州|地区|盟))?(?:[^\s\d]{1,8}?(?:区|县|旗|市))?)/;

/** GENERALISE one value; what cannot be read in `mode` becomes empty (the safe mistake). */
export function generaliseCell(mode: GeneraliseMode, value: string, now: Date): string {
  const v = value.trim();
  if (v === '') return '';
  switch (mode) {
    case 'YEAR': {
      const m = YEAR.exec(v);
      return m ? m[1] : '';
    }
    case 'AGE_BAND': {
      const birth = birthYearMonthDay(v);
      if (birth) {
        const [y, mo, d] = birth;
        let age = now.getUTCFullYear() - y;
        if (now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d)) age--;
        return ageBand(age);
      }
      const n = /^\d{1,3}(?:\.\d+)?$/.test(v) ? Number(v) : NaN;
      return ageBand(n);
    }
    case 'DISTRICT': {
      const m = DISTRICT.exec(v);
      return m && m[1] ? m[1] : '';
    }
    case 'ROUND_COORDINATES':
      return v.replace(/-?\d+\.\d+/g, (n) => Number(n).toFixed(2));
    case 'REMOVE':
      return '';
  }
}

/** What the covered subset needs to know about one row of the parent version. */
export interface RowSubjects {
  /** Subject keys of the row's direct identifiers (SHA-256 of the normalised value). */
  keys: string[];
  /** The row holds a direct identifier (or a street address), so it needs consent. */
  needsConsent: boolean;
  /** The row has a value in a SENSITIVE column: its consent must be separate. */
  sensitive: boolean;
}

/** A compiled request: the output header, a row projection, and the row's consent subjects. */
export interface RowPlan {
  outputNames: string[];
  project(values: readonly string[]): string[];
  subjects(values: readonly string[]): RowSubjects;
  subset: { purpose: string } | null;
}

export function compilePlan(report: ClassificationReport, transforms: readonly ColumnTransform[], salt: string, now: Date): RowPlan {
  const byColumn = new Map(transforms.filter((t) => t.column).map((t) => [t.column!, t]));
  const cells: Array<((v: string) => string) | null> = report.columns.map((c) => {
    const t = byColumn.get(c.name);
    const type = typeOfColumn(c);
    if (!t) return (v) => v;
    switch (t.kind) {
      case 'DROP':
        return null;
      case 'MASK':
        return (v) => maskCell(type, v);
      case 'HASH':
        return (v) => hashCell(salt, type, v);
      case 'GENERALISE':
        return (v) => generaliseCell(t.mode!, v, now);
      default:
        return (v) => v;
    }
  });
  const kept = cells.map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
  const keyed = report.columns
    .map((c, index) => ({ index, types: KEYED.filter(([type]) => c.types.some((t) => t.type === type && t.matches > 0)) }))
    .filter((c) => c.types.length > 0);
  const addresses = report.columns.map((c, i) => (c.types.some((t) => t.type === 'ADDRESS' && t.matches > 0) ? i : -1)).filter((i) => i >= 0);
  const sensitive = report.columns.map((c, i) => (c.category === 'SENSITIVE' ? i : -1)).filter((i) => i >= 0);
  const subset = transforms.find((t) => t.kind === 'COVERED_SUBSET');
  return {
    outputNames: kept.map((i) => report.columns[i].name),
    project: (values) => kept.map((i) => cells[i]!(values[i] ?? '')),
    subjects(values) {
      const keys: string[] = [];
      for (const c of keyed) {
        const v = values[c.index]?.trim();
        if (!v) continue;
        for (const [type, valid] of c.types) {
          if (!valid(v)) continue;
          const n = normaliseIdentifier(type, v);
          if (n !== null) keys.push(sha256Hex(n));
          break;
        }
      }
      const needsConsent = keys.length > 0 || addresses.some((i) => isAddress(values[i]?.trim() ?? ''));
      return { keys, needsConsent, sensitive: sensitive.some((i) => (values[i]?.trim() ?? '') !== '') };
    },
    subset: subset ? { purpose: subset.purpose! } : null,
  };
}

/**
 * Whether a row stays in the covered subset: rows that need no consent stay; others need a
 * valid record for one of their keys (`valid` maps a key to its `sensitive_separate`), which
 * must be separate consent when the row holds sensitive information.
 */
export function isCovered(row: RowSubjects, valid: ReadonlyMap<string, boolean>): boolean {
  if (!row.needsConsent) return true;
  return row.keys.some((k) => valid.has(k) && (!row.sensitive || valid.get(k) === true));
}

/** RFC 4180 CSV: a field is quoted when it holds a comma, quote or line break. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\n';
}
