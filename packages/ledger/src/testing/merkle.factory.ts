// Test-only helpers (excluded from the build).
import { fromHex, utf8Bytes } from '../encoding.js';
import { hashChildren, hashLeaf } from '../hasher.js';

/** The RFC 6962 test leaves used by certificate-transparency-go and transparency-dev/merkle. */
export const RFC6962_LEAVES_HEX = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

export const rfc6962LeafHashes = (): Uint8Array[] =>
  RFC6962_LEAVES_HEX.map((h) => hashLeaf(fromHex(h)));

/** `n` distinct leaf hashes; `salt` gives a different (rewritten) history. */
export function leafHashes(n: number, salt = ''): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => hashLeaf(utf8Bytes(`leaf ${salt}${i}`)));
}

/** MTH by the literal recursive definition of RFC 9162 §2.1.1: the naive reference. */
export function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** Copy of `hash` with bit `bit` (0–255) flipped. */
export function flipBit(hash: Uint8Array, bit: number): Uint8Array {
  const copy = hash.slice();
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}
