import { describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64 } from './encoding.js';
import { LedgerException } from './ledger.exception.js';
import {
  NoteSignatureType,
  formatSignedNote,
  formatVerifierKey,
  noteKeyId,
  openSignedNote,
  parseSignedNote,
  parseVerifierKey,
  signNoteText,
} from './signed-note.js';

// Known answers from golang.org/x/mod/sumdb/note (note.go doc example and note_test.go).
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
// From transparency-dev/formats note tests: an Ed25519 key whose base64 holds a '+', and a cosignature/v1 key.
const PLUS_VKEY = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6';
const COSIG_VKEY = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';

function peterSeed(): Uint8Array {
  const material = fromBase64(PETER_SKEY.split('+').slice(4).join('+'));
  expect(material[0]).toBe(0x01);
  return material.slice(1);
}

describe('C2SP signed-note', () => {
  it('reproduces the Go sumdb/note example byte for byte', () => {
    const signature = signNoteText(PETER_TEXT, 'PeterNeumann', peterSeed());
    expect(formatSignedNote(PETER_TEXT, [signature])).toBe(PETER_NOTE);
  });

  it('derives the verifier key of the example from its private key', () => {
    const publicKey = ed25519.getPublicKey(peterSeed());
    expect(formatVerifierKey('PeterNeumann', NoteSignatureType.ED25519, publicKey)).toBe(PETER_VKEY);
    expect(noteKeyId('PeterNeumann', NoteSignatureType.ED25519, publicKey)).toBe(0xc74f20a3);
  });

  it('opens the example with its verifier key and rejects an edited text', () => {
    const key = parseVerifierKey(PETER_VKEY);
    expect(openSignedNote(PETER_NOTE, [key]).text).toBe(PETER_TEXT);
    expect(() => openSignedNote(PETER_NOTE.replace('cryptography', 'cryptographY'), [key])).toThrow(/does not verify/);
  });

  it('ignores signatures of unknown keys, and rejects a note without a trusted one', () => {
    const other = ed25519.utils.randomSecretKey();
    const otherKey = parseVerifierKey(formatVerifierKey('PeterNeumann', NoteSignatureType.ED25519, ed25519.getPublicKey(other)));
    // Same name, different key ID: ignored, so nothing trusted verifies.
    expect(() => openSignedNote(PETER_NOTE, [otherKey])).toThrow(/no signature by a trusted key/);
    const both = formatSignedNote(PETER_TEXT, [signNoteText(PETER_TEXT, 'PeterNeumann', other), parseSignedNote(PETER_NOTE).signatures[0]]);
    expect(openSignedNote(both, [parseVerifierKey(PETER_VKEY)]).verified).toHaveLength(1);
  });

  it('parses verifier keys of type 0x01 (with a "+" in the base64) and 0x04, checking the key ID', () => {
    expect(parseVerifierKey(PLUS_VKEY)).toMatchObject({ name: 'TEST', keyId: 0x7997405c, type: NoteSignatureType.ED25519 });
    expect(parseVerifierKey(COSIG_VKEY)).toMatchObject({ name: 'remora.n621.de', keyId: 0xda77ade7, type: NoteSignatureType.COSIGNATURE_V1 });
    expect(() => parseVerifierKey(COSIG_VKEY.replace('da77ade7', 'da77ade8'))).toThrow(/does not match/);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow(LedgerException);
    expect(() => parseVerifierKey(`${PETER_VKEY}A`)).toThrow(LedgerException);
  });

  it('parses a note whose text has blank lines (signatures follow the last one)', () => {
    const text = 'Ognuno sta solo\n\ned è subito sera.\n';
    const seed = ed25519.utils.randomSecretKey();
    const note = formatSignedNote(text, [signNoteText(text, 'quasimodo.example/salvatore', seed)]);
    const key = parseVerifierKey(formatVerifierKey('quasimodo.example/salvatore', NoteSignatureType.ED25519, ed25519.getPublicKey(seed)));
    expect(openSignedNote(note, [key]).text).toBe(text);
  });

  it.each([
    ['no final newline', PETER_NOTE.slice(0, -1)],
    ['no blank line', PETER_NOTE.replace('\n\n', '\n')],
    ['no signature', `${PETER_TEXT}\n`],
    ['a control character', PETER_NOTE.replace('If', 'I\tf')],
    ['a bad dash', PETER_NOTE.replace('—', '-')],
    ['bad base64', PETER_NOTE.replace('x08go', 'x08g!')],
  ])('rejects a note with %s', (_what, note) => {
    expect(() => openSignedNote(note, [parseVerifierKey(PETER_VKEY)])).toThrow(LedgerException);
  });
});
