/**
 * Consent manifests (CLASSIFIER.md "Consent"): subject keys, record validity, and loading
 * a manifest CSV into a lookup of the records valid for one purpose.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ClassifierError, ClassifierErrorCode } from './errors.js';
import { CsvTokenizer } from './input/csv-tokenizer.js';
import { sniffDelimiter } from './input/read-table.js';
import { typeDefinition, typesWhere } from './registry/type-registry.js';
import type { PiiType } from './types.js';

/** Types whose values can key a consent record (those with a consent-key normalisation in the registry). */
export const KEYABLE_TYPES: readonly PiiType[] = typesWhere((d) => d.consentKey !== null);

/**
 * Normalises a direct identifier as CLASSIFIER.md prescribes (resident ID: 18 chars
 * upper-case; mobile: its 11 digits; email: trimmed lower-case; card: digits only;
 * passport and stock account: upper-case): the registry's consent-key normalisation of the
 * trimmed value. Returns null for other types.
 */
export function normaliseIdentifier(type: PiiType, value: string): string | null {
  const key = typeDefinition(type).consentKey;
  return key === null ? null : key(value.trim());
}

/**
 * The manifest `subject_key` of an identifier: lowercase hex SHA-256 of its normalised
 * form. Throws a `ClassifierError` (USAGE) for types that do not key consent.
 */
export function subjectKeyFor(type: PiiType, value: string): string {
  const n = normaliseIdentifier(type, value);
  if (n === null)
    throw new ClassifierError(
      ClassifierErrorCode.USAGE,
      `${type} values cannot key a consent record`,
    );
  return sha256Hex(n);
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** true/false/1/0/yes/no in any case; anything else is null. */
export function parseBool(v: string): boolean | null {
  const t = v.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  return null;
}

export interface ConsentRecord {
  subject_key: string;
  purposes: string;
  third_party: string;
  sensitive_separate: string;
  expires_at: string;
  revoked_at: string;
}

/** Splits a purposes cell: `marketing;research`, `marketing, research`, `marketing|research`. */
export function parsePurposes(v: string): string[] {
  return v
    .split(/[;,|]/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * A record is valid for `purpose` when third_party is true, it lists the purpose,
 * expires_at is after `now`, and revoked_at is empty or after `now`. Unparseable dates
 * and booleans make a record invalid (a careful reading: no consent is assumed).
 */
export function isRecordValid(r: ConsentRecord, purpose: string, now: Date): boolean {
  if (parseBool(r.third_party) !== true) return false;
  if (!parsePurposes(r.purposes).includes(purpose.trim().toLowerCase())) return false;
  const exp = Date.parse(r.expires_at.trim());
  if (Number.isNaN(exp) || exp <= now.getTime()) return false;
  const rev = r.revoked_at.trim();
  if (rev) {
    const t = Date.parse(rev);
    if (Number.isNaN(t) || t <= now.getTime()) return false;
  }
  return true;
}

/** Valid records by subject key: value true when `sensitive_separate` is also true. */
export type ConsentIndex = Map<string, boolean>;

const REQUIRED = [
  'subject_key',
  'purposes',
  'third_party',
  'sensitive_separate',
  'expires_at',
  'revoked_at',
] as const;

/** Loads a manifest (UTF-8 CSV with the six columns, any order) for one purpose. */
export async function loadConsent(
  path: string,
  purpose: string,
  now: Date,
): Promise<{ index: ConsentIndex; records: number; valid: number }> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ClassifierError(
      code === 'ENOENT' ? ClassifierErrorCode.NOT_FOUND : ClassifierErrorCode.UNREADABLE,
      code === 'ENOENT'
        ? `consent manifest not found: ${path}`
        : code === 'EISDIR'
          ? `consent manifest is a directory: ${path}`
          : `cannot read consent manifest ${path} (${code ?? 'error'})`,
    );
  }
  const delim = sniffDelimiter(text.slice(0, 65536)) ?? ',';
  let header: string[] | null = null;
  let idx: number[] = [];
  const index: ConsentIndex = new Map();
  let records = 0;
  let valid = 0;
  const tok = new CsvTokenizer(delim.charCodeAt(0), {
    row(fields) {
      if (header === null) {
        header = fields.map((f) => f.trim().toLowerCase());
        idx = REQUIRED.map((k) => (header as string[]).indexOf(k));
        const missing = REQUIRED.filter((_, i) => idx[i] < 0);
        if (missing.length) {
          throw new ClassifierError(
            ClassifierErrorCode.INVALID_CONSENT,
            `consent manifest ${path} lacks column(s): ${missing.join(', ')}`,
          );
        }
        return;
      }
      records++;
      const get = (i: number): string => fields[idx[i]] ?? '';
      const r: ConsentRecord = {
        subject_key: get(0).trim().toLowerCase(),
        purposes: get(1),
        third_party: get(2),
        sensitive_separate: get(3),
        expires_at: get(4),
        revoked_at: get(5),
      };
      if (!isRecordValid(r, purpose, now)) return;
      valid++;
      const sep = parseBool(r.sensitive_separate) === true;
      index.set(r.subject_key, (index.get(r.subject_key) ?? false) || sep);
    },
    warn() {
      // malformed lines simply fail validation
    },
  });
  tok.feed(text);
  tok.end();
  if (header === null)
    throw new ClassifierError(
      ClassifierErrorCode.INVALID_CONSENT,
      `consent manifest ${path} is empty`,
    );
  return { index, records, valid };
}
