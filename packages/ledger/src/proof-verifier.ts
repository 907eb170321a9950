import { bytesEqual, HASH_SIZE } from './encoding.js';
import { emptyRoot, hashChildren } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
import { half, isOdd, isPowerOfTwo } from './tree-math.js';

function reject(why: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_PROOF, why);
}

function assertHashes(what: string, hashes: readonly Uint8Array[]): void {
  hashes.forEach((h, i) => {
    if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
      reject(`${what}[${i}] is not a 32-byte hash`);
    }
  });
}

function assertHash(what: string, hash: Uint8Array): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE)
    reject(`${what} is not a 32-byte hash`);
}

function assertIndex(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) reject(`${what} must be a non-negative integer`);
}

/**
 * Root implied by an inclusion proof, computed exactly as RFC 9162 §2.1.3.2 (steps 1–5,
 * without the final root comparison). The proof must have exactly the length the tree
 * shape demands, so a truncated or padded path — e.g. an interior node passed off as a
 * leaf — is rejected.
 * @throws LedgerException `INVALID_PROOF` with the reason.
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  assertIndex('leafIndex', leafIndex);
  assertIndex('treeSize', treeSize);
  if (leafIndex >= treeSize) reject(`leafIndex ${leafIndex} is not in a tree of size ${treeSize}`);
  assertHash('leafHash', leafHash);
  assertHashes('proof', proof);
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) reject(`proof is too long for leaf ${leafIndex} in a tree of size ${treeSize}`);
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) reject(`proof is too short for leaf ${leafIndex} in a tree of size ${treeSize}`);
  return r;
}

/**
 * Checks an RFC 9162 inclusion proof and throws with the reason when it does not hold.
 * @throws LedgerException `INVALID_PROOF`
 */
export function assertInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  assertHash('root', root);
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  if (!bytesEqual(computed, root)) reject('the proof leads to a different root hash');
}

/**
 * True when `proof` shows that `leafHash` is leaf `leafIndex` of the tree of size
 * `treeSize` whose root is `root` (RFC 9162 §2.1.3.2). Never throws.
 *
 * `treeSize` and `root` must come from the same trusted (signed) tree head.
 */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  try {
    assertInclusion(leafIndex, treeSize, leafHash, proof, root);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks an RFC 9162 §2.1.4.2 consistency proof (the tree of size `size2` with root
 * `root2` extends the tree of size `size1` with root `root1`) and throws with the reason
 * when it does not hold. Every node that feeds the old root also feeds the new one, so
 * forged middle nodes cannot satisfy both. Edge cases: `size1 == size2` needs an empty
 * proof and equal roots; `size1 == 0` needs an empty proof and `root1 = SHA-256("")`.
 * @throws LedgerException `INVALID_PROOF`
 */
export function assertConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  assertIndex('size1', size1);
  assertIndex('size2', size2);
  assertHash('root1', root1);
  assertHash('root2', root2);
  assertHashes('proof', proof);
  if (size2 < size1) reject(`size2 ${size2} is smaller than size1 ${size1}`);
  if (size1 === size2) {
    if (proof.length !== 0) reject('a proof between equal sizes must be empty');
    if (!bytesEqual(root1, root2)) reject('equal sizes but different roots');
    return;
  }
  if (size1 === 0) {
    if (proof.length !== 0) reject('a proof from the empty tree must be empty');
    if (!bytesEqual(root1, emptyRoot())) reject('root1 is not the empty tree hash');
    return;
  }
  // RFC 9162 §2.1.4.2, steps 1–7.
  if (proof.length === 0) reject('proof is empty');
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) reject(`proof is too long for sizes ${size1} → ${size2}`);
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) reject(`proof is too short for sizes ${size1} → ${size2}`);
  if (!bytesEqual(fr, root1)) reject('the proof does not lead to root1');
  if (!bytesEqual(sr, root2)) reject('the proof does not lead to root2');
}

/**
 * True when `proof` shows that the tree (`size2`, `root2`) is an append-only extension of
 * the tree (`size1`, `root1`) (RFC 9162 §2.1.4.2). Never throws.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  try {
    assertConsistency(size1, size2, proof, root1, root2);
    return true;
  } catch {
    return false;
  }
}
