import { describe, expect, it } from '@jest/globals';
import { createPublicKey, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64, toBase64 } from './encoding.js';
import { generateSigningKey, publicKeyPemOf, signTreeHead } from './node/tree-head-signer.js';
import {
  parseSignedTreeHead,
  publicKeyFingerprint,
  publicKeyFromSpkiPem,
  spkiPemFromPublicKey,
  treeHeadMessage,
  verifyTreeHeadSignature,
} from './tree-head.js';

const ROOT = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const key = generateSigningKey();
const head = signTreeHead(key.privateKeyPem, {
  treeSize: 8,
  rootHash: ROOT,
  timestamp: '2025-06-01T00:00:00.000Z',
});

describe('signed tree heads', () => {
  it('signs the canonical JSON of {rootHash, timestamp, treeSize}', () => {
    const message = Buffer.from(treeHeadMessage(head)).toString('utf8');
    expect(message).toBe(
      `{"rootHash":"${ROOT}","timestamp":"2025-06-01T00:00:00.000Z","treeSize":8}`,
    );
    // node:crypto agrees the signature covers exactly these bytes.
    expect(
      verify(
        null,
        Buffer.from(message),
        createPublicKey(head.publicKey),
        Buffer.from(head.signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('round-trips: node:crypto signs, the pure @noble verifier accepts', () => {
    expect(head.publicKey).toBe(key.publicKeyPem);
    expect(fromBase64(head.signature)).toHaveLength(64);
    expect(verifyTreeHeadSignature(head)).toBe(true);
    expect(verifyTreeHeadSignature(head, key.publicKeyPem)).toBe(true);
  });

  it('fails with the wrong key, even when the head carries the forger key', () => {
    const other = generateSigningKey();
    expect(verifyTreeHeadSignature(head, other.publicKeyPem)).toBe(false);
    expect(verifyTreeHeadSignature({ ...head, publicKey: other.publicKeyPem })).toBe(false);
    const forged = signTreeHead(other.privateKeyPem, {
      treeSize: 8,
      rootHash: ROOT,
      timestamp: head.timestamp,
    });
    expect(verifyTreeHeadSignature(forged)).toBe(true); // self-consistent…
    expect(verifyTreeHeadSignature(forged, key.publicKeyPem)).toBe(false); // …but not by the pinned key
  });

  it('fails when any signed field changes', () => {
    expect(verifyTreeHeadSignature({ ...head, treeSize: 9 })).toBe(false);
    expect(verifyTreeHeadSignature({ ...head, rootHash: ROOT.replace(/^5/, '6') })).toBe(false);
    expect(verifyTreeHeadSignature({ ...head, timestamp: '2025-06-01T00:00:01.000Z' })).toBe(false);
    const sig = fromBase64(head.signature);
    sig[10] ^= 1;
    expect(verifyTreeHeadSignature({ ...head, signature: toBase64(sig) })).toBe(false);
    expect(verifyTreeHeadSignature({ ...head, signature: 'not base64!' })).toBe(false);
  });

  it('supports epoch-millisecond timestamps', () => {
    const numeric = signTreeHead(key.privateKeyPem, {
      treeSize: 0,
      rootHash: ROOT,
      timestamp: 1717200000000,
    });
    expect(Buffer.from(treeHeadMessage(numeric)).toString()).toContain('"timestamp":1717200000000');
    expect(verifyTreeHeadSignature(numeric)).toBe(true);
  });

  it('parses the SPKI PEM in pure code, agreeing with node:crypto', () => {
    const raw = publicKeyFromSpkiPem(key.publicKeyPem);
    const jwk = createPublicKey(key.publicKeyPem).export({ format: 'jwk' });
    expect(Buffer.from(raw).toString('base64url')).toBe(jwk.x);
    expect(spkiPemFromPublicKey(raw)).toBe(key.publicKeyPem);
    expect(publicKeyFingerprint(key.publicKeyPem)).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKeyPemOf(key.privateKeyPem)).toBe(key.publicKeyPem);
  });

  it('verifies a signature made by @noble too (isomorphic path)', () => {
    const secret = ed25519.utils.randomSecretKey();
    const pem = spkiPemFromPublicKey(ed25519.getPublicKey(secret));
    const unsigned = { treeSize: 3, rootHash: ROOT, timestamp: 'x' };
    const signature = toBase64(ed25519.sign(treeHeadMessage(unsigned), secret));
    expect(verifyTreeHeadSignature({ ...unsigned, signature, publicKey: pem })).toBe(true);
  });

  it.each([
    [
      'a non-Ed25519 key',
      (() => {
        const der = Buffer.from(publicKeyFromSpkiPem(key.publicKeyPem));
        return `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), der]).toString('base64')}\n-----END PUBLIC KEY-----`;
      })(),
      /not an Ed25519/,
    ],
    ['a private key', key.privateKeyPem, /not a PEM "PUBLIC KEY"/],
    ['garbage', 'hello', /not a PEM/],
  ])('refuses %s as a public key', (_name, pem, message) => {
    expect(() => publicKeyFromSpkiPem(pem)).toThrow(message);
  });

  it('validates head shape with field names in the message', () => {
    expect(parseSignedTreeHead(JSON.parse(JSON.stringify(head)))).toEqual(head);
    expect(() => parseSignedTreeHead([])).toThrow(/JSON object/);
    expect(() => parseSignedTreeHead({ ...head, rootHash: undefined })).toThrow(
      /missing "rootHash"|rootHash/,
    );
    expect(() => parseSignedTreeHead({ ...head, treeSize: -1 })).toThrow(/treeSize/);
    expect(() => parseSignedTreeHead({ ...head, treeSize: 1.5 })).toThrow(/treeSize/);
    expect(() => parseSignedTreeHead({ ...head, rootHash: 'abc' })).toThrow(/rootHash/);
    expect(() => parseSignedTreeHead({ ...head, signature: 'AAAA' })).toThrow(/64 bytes/);
    expect(() => parseSignedTreeHead({ ...head, timestamp: true })).toThrow(/timestamp/);
  });
});
