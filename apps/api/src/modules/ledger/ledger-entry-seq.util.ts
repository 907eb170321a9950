import { canonicalEntry, type LedgerEntry } from '@eastlake/ledger';

const SUBJECT_KEY = ',"subject":{';

/**
 * The canonical JSON of a queued entry with its `seq`: `append` wrote the payload as
 * RFC 8785 JSON with the top-level keys action, actor, at, data, subject — `seq` sorts
 * between data and subject, so it is spliced in before the last `,"subject":{` (a quote
 * inside a JSON string is escaped, so that text can only be the top-level key; the
 * subject's own value holds just the strings id and type). Falls back to canonicalising.
 */
export function withSeq(payload: string, entry: LedgerEntry): string {
  const at = payload.lastIndexOf(SUBJECT_KEY);
  if (at < 0 || !payload.startsWith('{"action":')) return canonicalEntry(entry);
  return `${payload.slice(0, at)},"seq":${entry.seq}${payload.slice(at)}`;
}

