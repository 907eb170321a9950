import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { KEYABLE_TYPES, sha256Hex } from './consent.js';
import { headerHints } from './detect/column-hints.js';
import { decodeEncoded, Encoded } from './detect/encoded.js';
import { ID_NAMES, IdentifierScanner, type Id } from './detect/identifier-scanner.js';
import { dateNumber } from './detect/validators.js';
import { readTable } from './input/read-table.js';
import type { ClassificationReport, PiiType } from './types.js';

/** Identifier types that name a data subject (the consent model's subject keys). */
const KEYED: ReadonlySet<PiiType> = new Set<PiiType>(KEYABLE_TYPES);

/**
 * Streams a classified file and calls `onKey` with the subject key (SHA-256 of the
 * normalised identifier) of every valid identifier in the columns that hold one. Only
 * keys leave this function, never the identifiers. Values are read as the classifier reads
 * them (v2: NFKC and zero-width normalisation, grouped and 15-digit IDs, base64-wrapped text),
 * so the keys are those a consent manifest must list.
 * @returns the number of rows read.
 */
export async function forEachSubjectKey(
  path: string,
  report: ClassificationReport,
  onKey: (subjectKey: string) => void,
): Promise<number> {
  const keyed = report.columns.map((c) => {
    const held = c.types.find((t) => t.ratio >= 0.6 && KEYED.has(t.type));
    return held ? { type: held.type, account: headerHints(c.name).account } : null;
  });
  if (!keyed.some(Boolean)) return 0;
  const scanner = new IdentifierScanner(dateNumber(new Date()));
  let rows = 0;
  let want: PiiType = 'CN_RESIDENT_ID';
  const sink = (id: Id, norm: string): void => {
    if (ID_NAMES[id] === want) onKey(sha256Hex(norm));
  };
  await readTable(createReadStream(path, { highWaterMark: 1 << 20 }), (await stat(path)).size, {
    columns() {},
    row(values, extras) {
      rows++;
      const visit = (i: number, raw: string | undefined): void => {
        const k = keyed[i];
        const v = raw?.trim();
        if (!k || !v) return;
        want = k.type;
        scanner.scan(v, k.account, sink);
        const text = scanner.normalised ?? v;
        if (text.length >= 16) {
          const dec = decodeEncoded(text);
          if (dec.kind === Encoded.TEXT) scanner.scan(dec.text, k.account, sink);
        }
      };
      for (let i = 0; i < keyed.length; i++) visit(i, values[i]);
      if (extras) for (const [i, v] of extras) visit(i, v);
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
