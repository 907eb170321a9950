import { createPrivateKey, randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64 } from '../encoding.js';
import { LedgerException, LedgerExceptionCode } from '../ledger.exception.js';
import { NoteSignatureType, formatVerifierKey } from '../signed-note.js';

/**
 * The 32-byte Ed25519 secret seed inside a PKCS#8 PEM private key (the tree-head
 * signing key), for signing notes (Node only).
 * @throws LedgerException `INVALID_KEY` when the key is not Ed25519.
 */
export function ed25519SeedFromPem(privateKeyPem: string): Uint8Array {
  try {
    const key = createPrivateKey(privateKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    const jwk = key.export({ format: 'jwk' }) as { d?: string };
    const b64 = (jwk.d ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const seed = fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    if (seed.length !== 32) throw new Error('bad seed');
    return seed;
  } catch {
    throw new LedgerException(LedgerExceptionCode.INVALID_KEY, 'the private key is not an Ed25519 PKCS#8 PEM');
  }
}

/** The note verifier key (`<name>+<id>+<base64>`) of an Ed25519 seed for signature type `type`. */
export function verifierKeyOfSeed(name: string, seed: Uint8Array, type: NoteSignatureType = NoteSignatureType.ED25519): string {
  return formatVerifierKey(name, type, ed25519.getPublicKey(seed));
}

/** A fresh random Ed25519 seed (e.g. a witness key). */
export function generateEd25519Seed(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}
