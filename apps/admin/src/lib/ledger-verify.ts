// In-browser checks of the audit ledger with @eastlake/ledger (the same code as the
// offline `eastlake-verify`): the head's Ed25519 signature, each chosen entry's leaf hash
// and inclusion proof, the consistency of an earlier head kept in this browser, and the
// published C2SP checkpoint's signature and witness cosignatures.
import {
  entryLeafHash,
  fromHex,
  openSignedNote,
  parseCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  publicKeyFingerprint,
  toHex,
  verifyConsistency,
  verifyCosignature,
  verifyInclusion,
  verifyTreeHeadSignature,
  type SignedTreeHead,
} from '@eastlake/ledger';
import { ApiError, apiUrl, request } from '../api/client';
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

/** One witness as the exchange lists it, with what this browser made of its cosignature. */
export interface WitnessRow {
  name: string;
  url: string;
  verifierKey: string;
  /** True when the published checkpoint carries a cosignature by this key that verifies here. */
  cosigned: boolean;
  /** When the witness cosigned (POSIX seconds), if it did. */
  timestamp: number | null;
  /** What the exchange's last publishing attempt got from this witness. */
  problem: string | null;
}

export interface WitnessReport {
  origin: string;
  verifierKey: string;
  quorum: number;
  /** The published checkpoint, or null when none has reached the quorum yet. */
  checkpoint: { treeSize: number; rootHash: string } | null;
  /** Why there is no checkpoint, or why it failed to verify. */
  checkpointProblem: string | null;
  /** The exchange's own note signature on the checkpoint verified in this browser. */
  logSignatureOk: boolean;
  witnesses: WitnessRow[];
  /** Valid cosignatures ≥ quorum. */
  quorumMet: boolean;
}

interface WitnessListing {
  origin: string;
  verifierKey: string;
  quorum: number;
  witnesses: Array<{ name: string; url: string; verifierKey: string }>;
  lastAttempt: { witnesses: Array<{ name: string; cosigned: boolean; problem: string | null }> } | null;
}

async function fetchPublic(path: string): Promise<Response> {
  try {
    return await fetch(apiUrl(path));
  } catch (error) {
    throw new ApiError(describe(error), 'NETWORK');
  }
}

/**
 * Fetches the published C2SP checkpoint and the witness list (both public), then checks in
 * this browser the exchange's note signature and every witness's cosignature/v1 with the
 * keys listed — the same code as `eastlake-verify --checkpoint … --witness …`.
 */
export async function verifyWitnessesInBrowser(): Promise<WitnessReport> {
  const listing = await fetchPublic('/api/ledger/witnesses');
  if (!listing.ok) throw new ApiError(`${listing.status} ${listing.statusText}`, `HTTP_${listing.status}`);
  const info = (await listing.json()) as WitnessListing;
  const attempt = new Map((info.lastAttempt?.witnesses ?? []).map((w) => [w.name, w.problem]));
  const rows: WitnessRow[] = info.witnesses.map((w) => ({ ...w, cosigned: false, timestamp: null, problem: attempt.get(w.name) ?? null }));
  const report: WitnessReport = {
    origin: info.origin,
    verifierKey: info.verifierKey,
    quorum: info.quorum,
    checkpoint: null,
    checkpointProblem: null,
    logSignatureOk: false,
    witnesses: rows,
    quorumMet: false,
  };
  const response = await fetchPublic('/api/ledger/checkpoint');
  const body = await response.text();
  if (!response.ok) {
    try {
      report.checkpointProblem = (JSON.parse(body) as { message?: string }).message ?? `${response.status}`;
    } catch {
      report.checkpointProblem = `${response.status} ${response.statusText}`;
    }
    return report;
  }
  let text: string;
  try {
    text = openSignedNote(body, [parseVerifierKey(info.verifierKey)]).text;
    const checkpoint = parseCheckpoint(text);
    report.checkpoint = { treeSize: checkpoint.treeSize, rootHash: toHex(checkpoint.rootHash) };
    report.logSignatureOk = checkpoint.origin === info.origin;
  } catch (error) {
    report.checkpointProblem = describe(error);
    return report;
  }
  const signatures = parseSignedNote(body).signatures;
  for (const row of rows) {
    try {
      const key = parseVerifierKey(row.verifierKey);
      for (const signature of signatures) {
        const cosignature = verifyCosignature(text, signature, key);
        if (cosignature) {
          row.cosigned = true;
          row.timestamp = cosignature.timestamp;
          break;
        }
      }
    } catch (error) {
      row.problem = describe(error);
    }
  }
  report.quorumMet = report.logSignatureOk && rows.filter((r) => r.cosigned).length >= info.quorum;
  return report;
}
