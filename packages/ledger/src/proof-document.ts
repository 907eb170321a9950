import { hashFromHex, isHashHex, toHex } from './encoding.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { entryLeafHash, type LedgerEntry } from './ledger-entry.js';
import { assertConsistency, assertInclusion } from './proof-verifier.js';
import { verifyTreeHeadSignature, type SignedTreeHead } from './tree-head.js';

/**
 * A self-contained inclusion proof file (see README "Proof file"). `leafIndex` is 0-based
 * (`seq - 1`). Give `entry` (its leaf hash is recomputed), `leafHash`, or both (they must
 * agree). `rootHash` may be left out when the proof is checked against a signed head.
 */
export interface InclusionProofDocument {
  leafIndex: number;
  treeSize: number;
  entry?: LedgerEntry;
  leafHash?: string;
  auditPath: string[];
  rootHash?: string;
}

/** A proof that held. `signed` tells whether the root was authenticated by a signed head. */
export interface ProofSuccess {
  ok: true;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  signed: boolean;
}

/** Why a proof did not hold. */
export interface ProofFailure {
  ok: false;
  message: string;
}

function invalid(why: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_PROOF, `proof file: ${why}`);
}

/**
 * Validates the shape of an inclusion proof document.
 * @throws LedgerException `INVALID_PROOF` naming the bad field.
 */
export function parseInclusionProofDocument(value: unknown): InclusionProofDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid('must be a JSON object');
  const doc = value as Record<string, unknown>;
  for (const key of ['leafIndex', 'treeSize'] as const) {
    const n = doc[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      invalid(`${key} must be a non-negative integer`);
  }
  if (!Array.isArray(doc.auditPath) || !doc.auditPath.every(isHashHex)) {
    invalid('auditPath must be an array of 64-character hex hashes');
  }
  if (doc.entry === undefined && doc.leafHash === undefined) invalid('needs "entry" or "leafHash"');
  if (doc.leafHash !== undefined && !isHashHex(doc.leafHash))
    invalid('leafHash must be 64 hex characters');
  if (doc.rootHash !== undefined && !isHashHex(doc.rootHash))
    invalid('rootHash must be 64 hex characters');
  if (doc.entry !== undefined && (typeof doc.entry !== 'object' || doc.entry === null)) {
    invalid('entry must be an object');
  }
  return doc as unknown as InclusionProofDocument;
}

/**
 * Verifies an inclusion proof document, optionally against a signed tree head: then the
 * head's signature must hold (against `trustedPublicKey` when given) and the proof's
 * treeSize and rootHash must be the head's. Without a head the root in the document is
 * taken on trust and `signed` is false.
 * @throws LedgerException when the document is malformed (see {@link parseInclusionProofDocument}).
 */
export function verifyInclusionProofDocument(
  value: unknown,
  head?: SignedTreeHead,
  trustedPublicKey?: string,
): ProofSuccess | ProofFailure {
  const doc = parseInclusionProofDocument(value);
  let leafHash = doc.leafHash?.toLowerCase();
  if (doc.entry !== undefined) {
    let fromEntry: string;
    try {
      fromEntry = toHex(entryLeafHash(doc.entry));
    } catch (error) {
      return {
        ok: false,
        message: `invalid entry: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (leafHash !== undefined && leafHash !== fromEntry) {
      return {
        ok: false,
        message: `the entry hashes to ${fromEntry}, not to the leafHash ${leafHash}`,
      };
    }
    if (doc.entry.seq !== doc.leafIndex + 1) {
      return {
        ok: false,
        message: `entry.seq ${doc.entry.seq} does not match leafIndex ${doc.leafIndex} (seq = leafIndex + 1)`,
      };
    }
    leafHash = fromEntry;
  }
  let rootHash = doc.rootHash?.toLowerCase();
  if (head) {
    if (!verifyTreeHeadSignature(head, trustedPublicKey)) {
      return { ok: false, message: 'bad signature on the tree head' };
    }
    if (doc.treeSize !== head.treeSize) {
      return {
        ok: false,
        message: `the proof is for tree size ${doc.treeSize}, the signed head is for ${head.treeSize}`,
      };
    }
    if (rootHash !== undefined && rootHash !== head.rootHash.toLowerCase()) {
      return {
        ok: false,
        message: `the proof's rootHash ${rootHash} is not the signed root ${head.rootHash}`,
      };
    }
    rootHash = head.rootHash.toLowerCase();
  }
  if (rootHash === undefined) invalid('needs "rootHash" when no signed head is given');
  try {
    assertInclusion(
      doc.leafIndex,
      doc.treeSize,
      hashFromHex(leafHash, 'leafHash'),
      doc.auditPath.map((h, i) => hashFromHex(h, `auditPath[${i}]`)),
      hashFromHex(rootHash, 'rootHash'),
    );
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return {
    ok: true,
    leafIndex: doc.leafIndex,
    treeSize: doc.treeSize,
    leafHash: leafHash as string,
    rootHash,
    signed: head !== undefined,
  };
}

/**
 * A consistency proof file (see README "Proof file"): the tree of `toSize` leaves extends
 * the tree of `fromSize` leaves. Roots may be left out when signed heads supply them.
 */
export interface ConsistencyProofDocument {
  fromSize: number;
  toSize: number;
  fromRoot?: string;
  toRoot?: string;
  consistencyPath: string[];
}

/** A consistency proof that held; `signed` tells whether both roots came from signed heads. */
export interface ConsistencySuccess {
  ok: true;
  fromSize: number;
  fromRoot: string;
  toSize: number;
  toRoot: string;
  signed: boolean;
}

/** True when `value` looks like a consistency proof document rather than an inclusion one. */
export function isConsistencyProofDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'consistencyPath' in value;
}

/**
 * Validates the shape of a consistency proof document.
 * @throws LedgerException `INVALID_PROOF` naming the bad field.
 */
export function parseConsistencyProofDocument(value: unknown): ConsistencyProofDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid('must be a JSON object');
  const doc = value as Record<string, unknown>;
  for (const key of ['fromSize', 'toSize'] as const) {
    const n = doc[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      invalid(`${key} must be a non-negative integer`);
  }
  if (!Array.isArray(doc.consistencyPath) || !doc.consistencyPath.every(isHashHex)) {
    invalid('consistencyPath must be an array of 64-character hex hashes');
  }
  for (const key of ['fromRoot', 'toRoot'] as const) {
    if (doc[key] !== undefined && !isHashHex(doc[key])) invalid(`${key} must be 64 hex characters`);
  }
  return doc as unknown as ConsistencyProofDocument;
}

function rootFrom(
  what: 'from' | 'to',
  size: number,
  root: string | undefined,
  head: SignedTreeHead | undefined,
  trustedPublicKey: string | undefined,
): string | ProofFailure {
  if (!head) {
    if (root === undefined) invalid(`needs "${what}Root" when no signed head is given for it`);
    return root.toLowerCase();
  }
  if (!verifyTreeHeadSignature(head, trustedPublicKey)) {
    return {
      ok: false,
      message: `bad signature on the ${what === 'from' ? 'old' : 'new'} tree head`,
    };
  }
  if (head.treeSize !== size) {
    return {
      ok: false,
      message: `the proof's ${what}Size is ${size}, the signed head is for ${head.treeSize}`,
    };
  }
  const signed = head.rootHash.toLowerCase();
  if (root !== undefined && root.toLowerCase() !== signed) {
    return {
      ok: false,
      message: `the proof's ${what}Root ${root} is not the signed root ${head.rootHash}`,
    };
  }
  return signed;
}

/**
 * Verifies a consistency proof document (RFC 9162 §2.1.4.2), optionally against the signed
 * heads it connects: an older head (`fromHead`) and a newer one (`toHead`).
 * @throws LedgerException when the document is malformed.
 */
export function verifyConsistencyProofDocument(
  value: unknown,
  fromHead?: SignedTreeHead,
  toHead?: SignedTreeHead,
  trustedPublicKey?: string,
): ConsistencySuccess | ProofFailure {
  const doc = parseConsistencyProofDocument(value);
  const fromRoot = rootFrom('from', doc.fromSize, doc.fromRoot, fromHead, trustedPublicKey);
  if (typeof fromRoot !== 'string') return fromRoot;
  const toRoot = rootFrom('to', doc.toSize, doc.toRoot, toHead, trustedPublicKey);
  if (typeof toRoot !== 'string') return toRoot;
  try {
    assertConsistency(
      doc.fromSize,
      doc.toSize,
      doc.consistencyPath.map((h, i) => hashFromHex(h, `consistencyPath[${i}]`)),
      hashFromHex(fromRoot, 'fromRoot'),
      hashFromHex(toRoot, 'toRoot'),
    );
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return {
    ok: true,
    fromSize: doc.fromSize,
    fromRoot,
    toSize: doc.toSize,
    toRoot,
    signed: fromHead !== undefined && toHead !== undefined,
  };
}
