import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { LedgerException, LedgerExceptionCode } from '../ledger.exception.js';
import { toBase64 } from '../encoding.js';
import {
  publicKeyFromSpkiPem,
  treeHeadMessage,
  type SignedTreeHead,
  type TreeHead,
} from '../tree-head.js';

/** An Ed25519 key pair as PEM: PKCS#8 private key, SPKI public key. */
export interface SigningKey {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Generates a fresh Ed25519 key pair for signing tree heads (Node only). */
export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * The SPKI PEM public key of an Ed25519 PKCS#8 PEM private key.
 * @throws LedgerException `INVALID_KEY` when the key is not Ed25519.
 */
export function publicKeyPemOf(privateKeyPem: string): string {
  let pem: string;
  try {
    const key = createPrivateKey(privateKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    pem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new LedgerException(
      LedgerExceptionCode.INVALID_KEY,
      'the private key is not an Ed25519 PKCS#8 PEM',
    );
  }
  publicKeyFromSpkiPem(pem);
  return pem;
}

/**
 * Signs a tree head with Ed25519 over the canonical JSON of `{rootHash, timestamp,
 * treeSize}` and returns it in the contract shape, public key included (Node only).
 * @throws LedgerException when the head or the key is malformed.
 */
export function signTreeHead(privateKeyPem: string, head: TreeHead): SignedTreeHead {
  const message = treeHeadMessage(head);
  const publicKey = publicKeyPemOf(privateKeyPem);
  const signature = sign(null, message, createPrivateKey(privateKeyPem));
  return {
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    signature: toBase64(signature),
    publicKey,
  };
}
