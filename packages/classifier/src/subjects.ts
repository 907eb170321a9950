import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { subjectKeyFor } from './consent.js';
import {
  isBankCard,
  isEmail,
  isMobile,
  isPassport,
  isResidentId,
  isStockAccount,
} from './detect/validators.js';
import { readTable } from './input/read-table.js';
import type { ClassificationReport, PiiType } from './types.js';

/** Identifier types that name a data subject (the consent model's subject keys). */
const KEYED: Partial<Record<PiiType, (v: string) => boolean>> = {
  CN_RESIDENT_ID: (v) => isResidentId(v),
  BANK_CARD: isBankCard,
  CN_MOBILE: isMobile,
  EMAIL: isEmail,
  CN_PASSPORT: isPassport,
  STOCK_ACCOUNT: (v) => isStockAccount(v, true),
};

/**
 * Streams a classified file and calls `onKey` with the subject key (SHA-256 of the
 * normalised identifier) of every valid identifier in the columns that hold one. Only
 * keys leave this function, never the identifiers.
 * @returns the number of rows read.
 */
export async function forEachSubjectKey(
  path: string,
  report: ClassificationReport,
  onKey: (subjectKey: string) => void,
): Promise<number> {
  const keyed = report.columns.map((c) => {
    const held = c.types.find((t) => t.ratio >= 0.6 && KEYED[t.type as PiiType]);
    return held ? { type: held.type as PiiType, valid: KEYED[held.type as PiiType]! } : null;
  });
  if (!keyed.some(Boolean)) return 0;
  let rows = 0;
  await readTable(createReadStream(path, { highWaterMark: 1 << 20 }), (await stat(path)).size, {
    columns() {},
    row(values) {
      rows++;
      for (let i = 0; i < keyed.length; i++) {
        const k = keyed[i];
        const v = values[i];
        if (k && v && k.valid(v)) onKey(subjectKeyFor(k.type, v));
      }
    },
    warning() {},
    isHeader(first) {
      return (
        report.columns.length > 0 && first.every((f, i) => report.columns[i]?.name === f.trim())
      );
    },
  });
  return rows;
}
