import type { Readable } from 'node:stream';
import type { ColumnReport } from '@eastlake/classifier';

/**
 * Targeted-fraud risk: lists that pair a way to reach a person (mobile, e-mail, address) with
 * what picks the victim — old age (the "health wine" frauds on the elderly) or a shareholding
 * (fake stock-tip frauds on shareholders). Pure rules over the classifier's columns; an AGE
 * column counts when its values reach 60 (a sample of the file is read for that).
 */

export type FraudPattern = 'ELDERLY_CONTACTS' | 'SHAREHOLDER_CONTACTS';

export const CONTACT_TYPES: readonly string[] = ['CN_MOBILE', 'EMAIL', 'ADDRESS'];
export const OLD_AGE_FROM = 60;
/** Headers that name a holding of shares or securities (as the classifier's hints: ASCII and Chinese). */
export const SHAREHOLDING_HEADER = /持股|股数|股份|股东|证券|股票|shares?\b|share_?holding|holdings?\b|securities|stock/i;

export interface FraudRisk {
  pattern: FraudPattern;
  contactColumns: string[];
  targetColumns: string[];
  message: string;
}

const typed = (c: ColumnReport, types: readonly string[]) => c.types.some((t) => types.includes(t.type));

/**
 * The pattern a version matches, or null. `maxAge(column)` reads the largest age in a sample of an
 * AGE column (null when it cannot be read: then the column counts, the higher risk when in doubt).
 */
export async function fraudRiskOf(columns: readonly ColumnReport[], maxAge: (column: string) => Promise<number | null>): Promise<FraudRisk | null> {
  const contact = columns.filter((c) => typed(c, CONTACT_TYPES)).map((c) => c.name);
  if (contact.length === 0) return null;
  const shares = columns.filter((c) => typed(c, ['STOCK_ACCOUNT']) || (SHAREHOLDING_HEADER.test(c.name) && !contact.includes(c.name))).map((c) => c.name);
  if (shares.length) {
    return {
      pattern: 'SHAREHOLDER_CONTACTS',
      contactColumns: contact,
      targetColumns: shares,
      message: `pairs contact details (${contact.join(', ')}) with shareholdings (${shares.join(', ')}): the material of fake stock-tip frauds on shareholders`,
    };
  }
  const old: string[] = columns.filter((c) => typed(c, ['BIRTH_DATE'])).map((c) => c.name);
  for (const c of columns.filter((col) => typed(col, ['AGE']))) {
    const max = await maxAge(c.name);
    if (max === null || max >= OLD_AGE_FROM) old.push(c.name);
  }
  if (old.length) {
    return {
      pattern: 'ELDERLY_CONTACTS',
      contactColumns: contact,
      targetColumns: old,
      message: `pairs contact details (${contact.join(', ')}) with age or birth date (${old.join(', ')}), people aged ${OLD_AGE_FROM} or more among them: the material of frauds on the elderly (fake health wine and supplements)`,
    };
  }
  return null;
}

const SAMPLE_BYTES = 256 * 1024;

/** The largest whole age in the first 256 KB of a CSV/TSV (header row) or NDJSON file, for `column`; null when unreadable. */
export async function maxAgeInSample(stream: Readable, column: string): Promise<number | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      chunks.push(b);
      size += b.length;
      if (size >= SAMPLE_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  const lines = Buffer.concat(chunks).subarray(0, SAMPLE_BYTES).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  if (size >= SAMPLE_BYTES) lines.pop(); // a cut last line
  let values: unknown[];
  if (lines[0]?.trimStart().startsWith('{')) {
    values = lines.filter((l) => l.trim()).map((l) => {
      try {
        return (JSON.parse(l) as Record<string, unknown>)[column];
      } catch {
        return undefined;
      }
    });
  } else {
    const delimiter = [',', '\t', ';', '|'].find((d) => (lines[0] ?? '').split(d).map((h) => h.trim().replace(/^"|"$/g, '')).includes(column));
    if (!delimiter) return null;
    const index = lines[0]!.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '')).indexOf(column);
    values = lines.slice(1).map((l) => l.split(delimiter)[index]?.trim().replace(/^"|"$/g, ''));
  }
  const ages = values.map((v) => Number(v)).filter((n) => Number.isFinite(n) && n >= 0 && n < 130);
  return ages.length ? Math.floor(Math.max(...ages)) : null;
}
