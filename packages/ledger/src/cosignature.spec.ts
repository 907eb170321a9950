import { describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { cosignatureMessage, cosignatureTimestamp, signCosignature, verifyCosignature } from './cosignature.js';
import { NoteSignatureType, formatVerifierKey, parseSignatureLines, parseVerifierKey, signNoteText } from './signed-note.js';

// The example of C2SP tlog-cosignature: a cosignature by witness.example.com/w1 at time 1679315147.
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_COSIGNATURE =
  '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';

describe('C2SP tlog-cosignature (cosignature/v1)', () => {
  it('reads the timestamp and key ID of the example', () => {
    const [signature] = parseSignatureLines(SPEC_COSIGNATURE);
    expect(signature.name).toBe('witness.example.com/w1');
    expect(signature.keyId).toBe(0x8d66cf3f);
    expect(signature.signature).toHaveLength(72);
    expect(cosignatureTimestamp(signature)).toBe(1679315147);
  });

  it('signs the message of the spec: header line, time line, then the checkpoint body', () => {
    expect(new TextDecoder().decode(cosignatureMessage(SPEC_BODY, 1679315147))).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it('verifies with the 0x04 key and nothing else', () => {
    const seed = ed25519.utils.randomSecretKey();
    const publicKey = ed25519.getPublicKey(seed);
    const key = parseVerifierKey(formatVerifierKey('witness.example/w1', NoteSignatureType.COSIGNATURE_V1, publicKey));
    const cosignature = signCosignature(SPEC_BODY, 'witness.example/w1', seed, 1700000000);
    expect(verifyCosignature(SPEC_BODY, cosignature, key)).toEqual({ name: 'witness.example/w1', keyId: key.keyId, timestamp: 1700000000 });
    expect(verifyCosignature(SPEC_BODY.replace('20852163', '20852164'), cosignature, key)).toBeUndefined();
    // The same key as a plain Ed25519 note key has another key ID: not a cosignature key.
    const plainKey = parseVerifierKey(formatVerifierKey('witness.example/w1', NoteSignatureType.ED25519, publicKey));
    expect(verifyCosignature(SPEC_BODY, cosignature, plainKey)).toBeUndefined();
    // An edited timestamp breaks the signature.
    const shifted = { ...cosignature, signature: cosignature.signature.slice() };
    shifted.signature[7] ^= 1;
    expect(verifyCosignature(SPEC_BODY, shifted, key)).toBeUndefined();
    // A plain note signature by the same seed is not a cosignature.
    const plain = signNoteText(SPEC_BODY, 'witness.example/w1', seed);
    expect(verifyCosignature(SPEC_BODY, { ...plain, keyId: key.keyId }, key)).toBeUndefined();
  });
});
