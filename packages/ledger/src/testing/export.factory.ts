// Test-only helpers (excluded from the build): realistic entries, exports and signed heads.
import { toHex } from '../encoding.js';
import { entryLeafHash, type LedgerEntry } from '../ledger-entry.js';
import { MerkleFrontier } from '../merkle-frontier.js';
import { generateSigningKey, signTreeHead, type SigningKey } from '../node/tree-head-signer.js';
import type { SignedTreeHead } from '../tree-head.js';

export function makeEntry(seq: number, salt = ''): LedgerEntry {
  return {
    seq,
    at: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
    actor: { userId: `user-${seq % 7}`, organizationId: `org-${seq % 3}`, role: 'PROVIDER' },
    action: seq % 2 === 0 ? 'dataset.published' : 'consent.attached',
    subject: { type: 'Dataset', id: `ds-${salt}${seq}` },
    data: {
      rows: seq * 10,
      note: `entry ${seq} ✓`,
      tags: ['a', 'b'],
      reviewed: seq % 3 === 0,
      parent: null,
    },
  };
}

export interface ExportRecord {
  seq: number;
  entry: LedgerEntry;
  leafHash: string;
}

export function makeRecords(n: number, salt = ''): ExportRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const entry = makeEntry(i + 1, salt);
    return { seq: i + 1, entry, leafHash: toHex(entryLeafHash(entry)) };
  });
}

export const toLines = (records: readonly unknown[]): string[] =>
  records.map((r) => JSON.stringify(r));

export function rootOf(records: readonly ExportRecord[], size = records.length): string {
  const frontier = new MerkleFrontier();
  for (const record of records.slice(0, size)) frontier.append(entryLeafHash(record.entry));
  return toHex(frontier.root());
}

let sharedKey: SigningKey | undefined;
export const testKey = (): SigningKey => (sharedKey ??= generateSigningKey());

export function headFor(
  records: readonly ExportRecord[],
  size = records.length,
  key = testKey(),
): SignedTreeHead {
  return signTreeHead(key.privateKeyPem, {
    treeSize: size,
    rootHash: rootOf(records, size),
    timestamp: '2025-06-01T00:00:00.000Z',
  });
}
