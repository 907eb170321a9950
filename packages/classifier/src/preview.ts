import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { maskValue } from './mask.js';
import { readTable } from './input/read-table.js';
import { typesWhere } from './registry/type-registry.js';
import type { ClassificationReport, PiiType } from './types.js';

/** First rows of a dataset with personal information masked, for owners and reviewers. */
export interface MaskedPreview {
  columns: string[];
  rows: string[][];
}

/** Types whose values are masked wherever a column holds them. */
const MASKED: ReadonlySet<PiiType> = new Set<PiiType>(typesWhere((d) => d.maskedInPreview));

// Free text can hide identifiers the column does not hold: mask every long digit run
// and every email-like token (over-masking an order number is the safe mistake).
const LONG_DIGITS = /\d[\d -]{5,}\d/g;
const EMAIL_LIKE = /[^\s@,;]+@[^\s@,;]+/g;

function maskFreeText(value: string): string {
  return value
    .replace(EMAIL_LIKE, (m) => `${m[0]}***${m.slice(m.indexOf('@'))}`)
    .replace(LONG_DIGITS, (m) =>
      m.replace(/\D/g, '').length >= 7
        ? `${m.slice(0, 3)}${'*'.repeat(m.length - 5)}${m.slice(-2)}`
        : m,
    );
}

class Enough extends Error {}

/**
 * Reads the first `limit` rows of a file already classified and masks them with the
 * report: a column holding an identifier, name or sensitive type is masked by type
 * (`420107********123X`, `138****5678`, `张*`); other columns get long digit runs and
 * emails masked.
 */
export async function previewFile(
  path: string,
  report: ClassificationReport,
  limit = 20,
): Promise<MaskedPreview> {
  const size = (await stat(path)).size;
  const columns: string[] = [];
  const rows: string[][] = [];
  const maskers = report.columns.map((c) => {
    const held = c.types.find((t) => t.ratio >= 0.6 && MASKED.has(t.type as PiiType));
    return held
      ? (v: string) => (v.trim() === '' ? v : maskValue(held.type as PiiType, v))
      : maskFreeText;
  });
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    await readTable(source, size, {
      columns(names) {
        columns.splice(0, columns.length, ...names);
      },
      row(values) {
        rows.push(columns.map((_, i) => (maskers[i] ?? maskFreeText)(values[i] ?? '')));
        if (rows.length >= limit) throw new Enough();
      },
      warning() {},
      isHeader(first) {
        return (
          report.columns.length > 0 && first.every((f, i) => report.columns[i]?.name === f.trim())
        );
      },
    });
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
  } finally {
    source.destroy();
  }
  return { columns, rows };
}
