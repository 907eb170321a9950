import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * RFC 9162 §2.1 hashing: SHA-256 with one-byte domain separation, so a leaf can never be
 * presented as an interior node (or the reverse).
 */

/** Which SHA-256 implementation hashes the tree; both give identical results. */
export type Sha256Implementation = 'node' | 'noble';

/** Minimal view of `node:crypto` we use, so this module never imports it statically. */
interface NodeHash {
  update(data: Uint8Array): NodeHash;
  digest(): Uint8Array;
}
interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeHash;
}

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

function loadNodeCrypto(): NodeCrypto | undefined {
  // `process.getBuiltinModule` (Node ≥ 20.16) loads node:crypto synchronously without a
  // static import, so browser bundles keep working and fall back to @noble/hashes.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  return typeof mod?.createHash === 'function' ? mod : undefined;
}

const nodeCrypto = loadNodeCrypto();

type Concat3 = (a: Uint8Array, b: Uint8Array, c?: Uint8Array) => Uint8Array;

function nodeHasher(crypto: NodeCrypto): Concat3 {
  return (a, b, c) => {
    const h = crypto.createHash('sha256').update(a).update(b);
    if (c) h.update(c);
    const digest = h.digest();
    // A plain Uint8Array view (no copy): Buffer#slice would alias instead of copying.
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
  };
}

const nobleHasher: Concat3 = (a, b, c) => {
  const h = nobleSha256.create().update(a).update(b);
  if (c) h.update(c);
  return h.digest();
};

let hash3: Concat3 = nodeCrypto ? nodeHasher(nodeCrypto) : nobleHasher;
let active: Sha256Implementation = nodeCrypto ? 'node' : 'noble';

/**
 * Picks the SHA-256 implementation. By default `node:crypto` is used when running on Node
 * (faster for large exports) and `@noble/hashes` elsewhere (browsers).
 * @throws Error when `'node'` is asked for outside Node.
 */
export function useSha256Implementation(implementation: Sha256Implementation): void {
  if (implementation === 'node') {
    if (!nodeCrypto) throw new Error('node:crypto is not available in this runtime');
    hash3 = nodeHasher(nodeCrypto);
  } else {
    hash3 = nobleHasher;
  }
  active = implementation;
}

/** The SHA-256 implementation currently in use. */
export function sha256Implementation(): Sha256Implementation {
  return active;
}

/** Plain SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  return hash3(data, new Uint8Array(0));
}

/** RFC 9162 leaf hash: `SHA-256(0x00 ‖ data)`. */
export function hashLeaf(data: Uint8Array): Uint8Array {
  return hash3(LEAF_PREFIX, data);
}

/** RFC 9162 interior node hash: `SHA-256(0x01 ‖ left ‖ right)`. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return hash3(NODE_PREFIX, left, right);
}

/** Merkle tree hash of the empty tree: `SHA-256("")`. */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}
