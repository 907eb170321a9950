// In-browser checks of the audit ledger with @eastlake/ledger (the same code as the
// offline `eastlake-verify`): the head's Ed25519 signature, each chosen entry's leaf hash
// and inclusion proof, and the consistency of an earlier head kept in this browser.
import {
  entryLeafHash,
  fromHex,
  publicKeyFingerprint,
  toHex,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHeadSignature,
  type SignedTreeHead,
} from '@eastlake/ledger';
import { request } from '../api/client';
import {
  LedgerConsistencyProofDocument,
  LedgerHeadDocument,
  LedgerInclusionProofDocument,
  type LedgerEntriesQuery,
  type SignedHeadFragment,
} from '../graphql/generated';

export type LedgerRow = LedgerEntriesQuery['ledgerEntries'][number];

export type CheckKind = 'signature' | 'trustedKey' | 'leafHash' | 'inclusion' | 'consistency';

export interface Check {
  kind: CheckKind;
  ok: boolean;
  /** Entry seq for leaf/inclusion checks, sizes for consistency. */
  subject: string;
  detail: string;
}

export interface VerificationReport {
  ok: boolean;
  head: SignedHeadFragment;
  checks: Check[];
  /** The head kept in the browser before this run (null on the first run). */
  previous: SignedHeadFragment | null;
}

const KEPT_HEAD = 'eastlake.ledger.trustedHead';

export function keptHead(): SignedHeadFragment | null {
  try {
    const raw = window.localStorage.getItem(KEPT_HEAD);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SignedHeadFragment>;
    if (typeof value.treeSize !== 'number' || typeof value.rootHash !== 'string') return null;
    return value as SignedHeadFragment;
  } catch {
    return null;
  }
}

export function keepHead(head: SignedHeadFragment | null): void {
  try {
    if (head) window.localStorage.setItem(KEPT_HEAD, JSON.stringify(head));
    else window.localStorage.removeItem(KEPT_HEAD);
  } catch {
    // not kept
  }
}

export function fingerprint(pem: string): string {
  try {
    return publicKeyFingerprint(pem);
  } catch {
    return '—';
  }
}

function signed(head: SignedHeadFragment): SignedTreeHead {
  return {
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    signature: head.signature,
    publicKey: head.publicKey,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Verifies `entries` against a freshly fetched signed head, and that head against the one
 * kept in this browser. On success the new head is kept, so the next run proves the log
 * only grew from here.
 */
export async function verifyInBrowser(entries: readonly LedgerRow[]): Promise<VerificationReport> {
  const previous = keptHead();
  const { ledgerHead: head } = await request(LedgerHeadDocument);
  const checks: Check[] = [];
  const root = fromHex(head.rootHash);

  checks.push({
    kind: 'signature',
    ok: verifyTreeHeadSignature(signed(head)),
    subject: `#${head.treeSize}`,
    detail: fingerprint(head.publicKey),
  });
  if (previous) {
    // Trust on first use: the key that signed the kept head must sign the new one.
    checks.push({
      kind: 'trustedKey',
      ok:
        verifyTreeHeadSignature(signed(head), previous.publicKey) &&
        verifyTreeHeadSignature(signed(previous)),
      subject: fingerprint(previous.publicKey),
      detail: fingerprint(head.publicKey),
    });
  }

  for (const row of entries) {
    const leafIndex = row.seq - 1;
    let local: Uint8Array | null = null;
    try {
      local = entryLeafHash(row.entry);
      checks.push({
        kind: 'leafHash',
        ok: toHex(local) === row.leafHash.toLowerCase(),
        subject: String(row.seq),
        detail: toHex(local),
      });
    } catch (error) {
      checks.push({
        kind: 'leafHash',
        ok: false,
        subject: String(row.seq),
        detail: describe(error),
      });
    }
    if (row.seq > head.treeSize) {
      checks.push({
        kind: 'inclusion',
        ok: false,
        subject: String(row.seq),
        detail: `> ${head.treeSize}`,
      });
      continue;
    }
    try {
      const { ledgerInclusionProof: p } = await request(LedgerInclusionProofDocument, {
        seq: row.seq,
        treeSize: head.treeSize,
      });
      const ok =
        local !== null &&
        p.leafIndex === leafIndex &&
        verifyInclusion(leafIndex, head.treeSize, local, p.auditPath.map(fromHex), root);
      checks.push({
        kind: 'inclusion',
        ok,
        subject: String(row.seq),
        detail: `${p.auditPath.length}`,
      });
    } catch (error) {
      checks.push({
        kind: 'inclusion',
        ok: false,
        subject: String(row.seq),
        detail: describe(error),
      });
    }
  }

  if (previous) {
    const subject = `${previous.treeSize} → ${head.treeSize}`;
    if (previous.treeSize > head.treeSize) {
      checks.push({ kind: 'consistency', ok: false, subject, detail: 'shrunk' });
    } else {
      try {
        const { ledgerConsistencyProof: p } = await request(LedgerConsistencyProofDocument, {
          fromSize: previous.treeSize,
          toSize: head.treeSize,
        });
        const ok = verifyConsistency(
          previous.treeSize,
          head.treeSize,
          p.proof.map(fromHex),
          fromHex(previous.rootHash),
          root,
        );
        checks.push({ kind: 'consistency', ok, subject, detail: `${p.proof.length}` });
      } catch (error) {
        checks.push({ kind: 'consistency', ok: false, subject, detail: describe(error) });
      }
    }
  }

  const ok = checks.length > 0 && checks.every((c) => c.ok);
  if (ok) keepHead(head);
  return { ok, head, checks, previous };
}
