import { parse } from 'csv-parse';
import { parseBool, parsePurposes } from '@eastlake/classifier';
import type { Readable } from 'node:stream';
import { BadInputException } from '../../common/errors/domain.exception.js';

export interface ParsedConsentRecord {
  subjectKey: string;
  purposes: string[];
  thirdParty: boolean;
  sensitiveSeparate: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
}

const COLUMNS = ['subject_key', 'purposes', 'third_party', 'sensitive_separate', 'expires_at', 'revoked_at'];
const SUBJECT_KEY = /^[0-9a-fA-F]{64}$/;
export const MAX_PURPOSES = 20;

function date(value: string, line: number, column: string): Date {
  const t = Date.parse(value.trim());
  if (Number.isNaN(t)) throw new BadInputException(`consent manifest line ${line}: ${column} "${value.slice(0, 40)}" is not a date (use ISO-8601, e.g. 2027-12-31T00:00:00Z)`);
  return new Date(t);
}

/**
 * Reads a consent manifest (CLASSIFIER.md "Consent": CSV with subject_key, purposes,
 * third_party, sensitive_separate, expires_at, revoked_at) and validates every record.
 * The first bad line rejects the whole manifest with its line number: nothing is half-kept.
 */
export async function parseConsentManifest(source: Readable): Promise<ParsedConsentRecord[]> {
  const records: ParsedConsentRecord[] = [];
  const parser = source.pipe(
    parse({ bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: false }),
  );
  let line = 1;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (line === 2) {
        const missing = COLUMNS.filter((c) => !(c in row));
        if (missing.length) throw new BadInputException(`consent manifest: missing column(s) ${missing.join(', ')}; expected ${COLUMNS.join(', ')}`);
      }
      const key = row.subject_key;
      if (!SUBJECT_KEY.test(key)) throw new BadInputException(`consent manifest line ${line}: subject_key must be 64 hex characters (a SHA-256), never the identifier itself`);
      const thirdParty = parseBool(row.third_party);
      const sensitiveSeparate = parseBool(row.sensitive_separate);
      if (thirdParty === null) throw new BadInputException(`consent manifest line ${line}: third_party must be true/false/1/0/yes/no`);
      if (sensitiveSeparate === null) throw new BadInputException(`consent manifest line ${line}: sensitive_separate must be true/false/1/0/yes/no`);
      const purposes = parsePurposes(row.purposes);
      if (purposes.length === 0) throw new BadInputException(`consent manifest line ${line}: purposes is empty`);
      records.push({
        subjectKey: key.toLowerCase(),
        purposes,
        thirdParty,
        sensitiveSeparate,
        expiresAt: date(row.expires_at, line, 'expires_at'),
        revokedAt: row.revoked_at ? date(row.revoked_at, line, 'revoked_at') : null,
      });
    }
  } catch (error) {
    if (error instanceof BadInputException) throw error;
    throw new BadInputException(`consent manifest line ${line}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (records.length === 0) throw new BadInputException('consent manifest has no records');
  const purposes = new Set(records.flatMap((r) => r.purposes));
  if (purposes.size > MAX_PURPOSES) throw new BadInputException(`consent manifest names ${purposes.size} purposes; at most ${MAX_PURPOSES} are evaluated`);
  return records;
}
