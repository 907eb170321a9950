import { describe, expect, it } from '@jest/globals';
import { toHex } from './encoding.js';
import { entryLeafHash } from './ledger-entry.js';
import { MerkleTree } from './merkle-tree.js';
import {
  isConsistencyProofDocument,
  parseConsistencyProofDocument,
  parseInclusionProofDocument,
  verifyConsistencyProofDocument,
  verifyInclusionProofDocument,
} from './proof-document.js';
import { generateSigningKey } from './node/tree-head-signer.js';
import { headFor, makeRecords, testKey } from './testing/export.factory.js';

const records = makeRecords(21);
const tree = MerkleTree.fromLeafHashes(records.map((r) => entryLeafHash(r.entry)));
const head = headFor(records);

function proofFor(seq: number, size = 21) {
  return {
    leafIndex: seq - 1,
    treeSize: size,
    entry: records[seq - 1].entry,
    auditPath: tree.inclusionProof(seq - 1, size).map(toHex),
    rootHash: toHex(tree.root(size)),
  };
}

describe('inclusion proof documents', () => {
  it('verifies an entry against the root in the file (unsigned) and against a signed head', () => {
    expect(verifyInclusionProofDocument(proofFor(13))).toEqual({
      ok: true,
      leafIndex: 12,
      treeSize: 21,
      leafHash: records[12].leafHash,
      rootHash: head.rootHash,
      signed: false,
    });
    const { rootHash: _omitted, ...withoutRoot } = proofFor(13);
    expect(verifyInclusionProofDocument(withoutRoot, head, testKey().publicKeyPem)).toMatchObject({
      ok: true,
      signed: true,
    });
  });

  it('accepts a bare leafHash instead of the entry', () => {
    const { entry: _entry, ...doc } = proofFor(21);
    expect(verifyInclusionProofDocument({ ...doc, leafHash: records[20].leafHash })).toMatchObject({
      ok: true,
    });
  });

  it('fails for an edited entry, a wrong leafHash, or an entry at the wrong index', () => {
    const edited = proofFor(5);
    edited.entry = { ...edited.entry, action: 'grant.revoked' };
    expect(verifyInclusionProofDocument(edited)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/different root/),
    });
    expect(
      verifyInclusionProofDocument({ ...proofFor(5), leafHash: records[6].leafHash }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/hashes to/) });
    expect(verifyInclusionProofDocument({ ...proofFor(5), leafIndex: 5 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/entry.seq 5 does not match leafIndex 5/),
    });
  });

  it('binds the proof to the signed head: size, root and signature', () => {
    const older = proofFor(3, 12);
    expect(verifyInclusionProofDocument(older)).toMatchObject({ ok: true });
    expect(verifyInclusionProofDocument(older, head)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/tree size 12, the signed head is for 21/),
    });
    expect(
      verifyInclusionProofDocument({ ...proofFor(3), rootHash: toHex(tree.root(12)) }, head),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/not the signed root/) });
    expect(
      verifyInclusionProofDocument(proofFor(3), head, generateSigningKey().publicKeyPem),
    ).toMatchObject({ ok: false, message: 'bad signature on the tree head' });
  });

  it('fails for a tampered audit path', () => {
    const doc = proofFor(8);
    doc.auditPath[1] = doc.auditPath[1].replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(verifyInclusionProofDocument(doc, head)).toMatchObject({ ok: false });
  });

  it.each([
    ['not an object', [], /must be a JSON object/],
    ['a negative leafIndex', { ...proofFor(2), leafIndex: -1 }, /leafIndex/],
    ['a bad auditPath', { ...proofFor(2), auditPath: ['xyz'] }, /auditPath/],
    [
      'neither entry nor leafHash',
      { leafIndex: 0, treeSize: 1, auditPath: [], rootHash: head.rootHash },
      /needs "entry" or "leafHash"/,
    ],
  ])('refuses a malformed document: %s', (_name, doc, message) => {
    expect(() => parseInclusionProofDocument(doc)).toThrow(message);
  });

  it('needs a rootHash when no head is given', () => {
    const { rootHash: _omitted, ...doc } = proofFor(2);
    expect(() => verifyInclusionProofDocument(doc)).toThrow(/needs "rootHash"/);
  });
});

describe('consistency proof documents', () => {
  const oldHead = headFor(records, 12);
  const doc = {
    fromSize: 12,
    toSize: 21,
    fromRoot: toHex(tree.root(12)),
    toRoot: toHex(tree.root(21)),
    consistencyPath: tree.consistencyProof(12, 21).map(toHex),
  };

  it('is told apart from an inclusion proof', () => {
    expect(isConsistencyProofDocument(doc)).toBe(true);
    expect(isConsistencyProofDocument(proofFor(2))).toBe(false);
  });

  it('verifies with roots in the file, and against two signed heads', () => {
    expect(verifyConsistencyProofDocument(doc)).toEqual({
      ok: true,
      fromSize: 12,
      fromRoot: doc.fromRoot,
      toSize: 21,
      toRoot: doc.toRoot,
      signed: false,
    });
    const { fromRoot: _a, toRoot: _b, ...bare } = doc;
    expect(
      verifyConsistencyProofDocument(bare, oldHead, head, testKey().publicKeyPem),
    ).toMatchObject({ ok: true, signed: true });
  });

  it('detects a rewritten history between two signed heads', () => {
    const rewritten = makeRecords(21, 'rewritten');
    const forgedTree = MerkleTree.fromLeafHashes(rewritten.map((r) => entryLeafHash(r.entry)));
    const forgedHead = headFor(rewritten);
    const forged = {
      fromSize: 12,
      toSize: 21,
      consistencyPath: forgedTree.consistencyProof(12, 21).map(toHex),
    };
    expect(verifyConsistencyProofDocument(forged, oldHead, forgedHead)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/root1/),
    });
    expect(verifyConsistencyProofDocument(doc, oldHead, forgedHead)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not the signed root/),
    });
  });

  it('binds sizes to the heads and checks their signatures', () => {
    expect(verifyConsistencyProofDocument({ ...doc, fromSize: 11 }, oldHead)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/fromSize is 11, the signed head is for 12/),
    });
    expect(
      verifyConsistencyProofDocument(doc, oldHead, head, generateSigningKey().publicKeyPem),
    ).toMatchObject({ ok: false, message: 'bad signature on the old tree head' });
    const path = doc.consistencyPath.slice();
    path[0] = path[1];
    expect(verifyConsistencyProofDocument({ ...doc, consistencyPath: path })).toMatchObject({
      ok: false,
    });
  });

  it('refuses malformed documents', () => {
    expect(() => parseConsistencyProofDocument({ ...doc, toSize: 'x' })).toThrow(/toSize/);
    expect(() => parseConsistencyProofDocument({ ...doc, consistencyPath: ['00'] })).toThrow(
      /consistencyPath/,
    );
    const { fromRoot: _omitted, ...noRoot } = doc;
    expect(() => verifyConsistencyProofDocument(noRoot)).toThrow(/needs "fromRoot"/);
  });
});
