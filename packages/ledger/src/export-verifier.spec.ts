import { describe, expect, it } from '@jest/globals';
import { toHex } from './encoding.js';
import {
  ExportProblem,
  ExportVerifier,
  verifyExport,
  type ExportVerification,
} from './export-verifier.js';
import { entryLeafHash } from './ledger-entry.js';
import { generateSigningKey } from './node/tree-head-signer.js';
import {
  headFor,
  makeRecords,
  rootOf,
  testKey,
  toLines,
  type ExportRecord,
} from './testing/export.factory.js';

const records = makeRecords(40);
const head = headFor(records);

const verify = (
  lines: string[],
  h = head,
  trustedPublicKey?: string,
): Promise<ExportVerification> => verifyExport(lines, h, { trustedPublicKey });

function failure(result: ExportVerification) {
  if (result.ok) throw new Error('expected the export to be rejected');
  return result;
}

describe('verifyExport', () => {
  it('verifies an untouched export and reports the signed root', async () => {
    const result = await verify(toLines(records), head, testKey().publicKeyPem);
    expect(result).toEqual({ ok: true, treeSize: 40, rootHash: head.rootHash, entries: 40 });
  });

  it('accepts an async stream, CRLF-free blank lines and entries after the signed size', async () => {
    async function* stream() {
      for (const line of toLines(makeRecords(45))) yield line;
      yield '';
    }
    const result = await verifyExport(stream(), head);
    expect(result).toEqual({ ok: true, treeSize: 40, rootHash: head.rootHash, entries: 45 });
  });

  it('accepts upper-case leaf hashes and rejects a leafHash that is not hex', async () => {
    const upper = records.map((r) => ({ ...r, leafHash: r.leafHash.toUpperCase() }));
    expect(await verify(toLines(upper))).toMatchObject({ ok: true });
    const bad = records.map((r) => (r.seq === 3 ? { ...r, leafHash: 'zz' } : r));
    expect(failure(await verify(toLines(bad)))).toMatchObject({
      problem: ExportProblem.MALFORMED_RECORD,
      seq: 3,
    });
  });

  it('verifies the empty ledger against a head of size 0', async () => {
    const empty = headFor([], 0);
    expect(await verify([], empty)).toMatchObject({ ok: true, treeSize: 0, entries: 0 });
    expect(empty.rootHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('edited payload → leaf hash mismatch at that seq', async () => {
    const edited = structuredClone(records);
    edited[16].entry.data.rows = 999;
    const result = failure(await verify(toLines(edited)));
    expect(result).toMatchObject({ problem: ExportProblem.LEAF_HASH_MISMATCH, seq: 17, line: 17 });
    expect(result.message).toMatch(/leaf hash mismatch/);
  });

  it('deleted row → seq discontinuity at the missing seq', async () => {
    const deleted = records.filter((r) => r.seq !== 23);
    const result = failure(await verify(toLines(deleted)));
    expect(result).toMatchObject({ problem: ExportProblem.SEQ_DISCONTINUITY, seq: 23 });
    expect(result.message).toBe(
      'sequence discontinuity: expected seq 23, found seq 24 (entry missing or out of order)',
    );
  });

  it('reordered pair → seq discontinuity at the first swapped seq', async () => {
    const reordered = records.slice();
    [reordered[9], reordered[10]] = [reordered[10], reordered[9]];
    expect(failure(await verify(toLines(reordered)))).toMatchObject({
      problem: ExportProblem.SEQ_DISCONTINUITY,
      seq: 10,
    });
  });

  it('reordered pair with renumbered records → entry.seq mismatch', async () => {
    const reordered: ExportRecord[] = records.slice();
    [reordered[9], reordered[10]] = [
      { ...reordered[10], seq: 10 },
      { ...reordered[9], seq: 11 },
    ];
    expect(failure(await verify(toLines(reordered)))).toMatchObject({
      problem: ExportProblem.ENTRY_SEQ_MISMATCH,
      seq: 10,
    });
  });

  it('truncated tail → fewer entries than treeSize, naming the first missing seq', async () => {
    const result = failure(await verify(toLines(records.slice(0, 31))));
    expect(result).toMatchObject({ problem: ExportProblem.TRUNCATED, seq: 32 });
    expect(result.message).toMatch(/ends after 31 entries but the signed head covers 40/);
  });

  it('rewritten history with recomputed hashes → root mismatch against the earlier signed head', async () => {
    const rewritten = records.map((r) => {
      if (r.seq !== 5) return r;
      const entry = { ...r.entry, data: { ...r.entry.data, rows: 0 } };
      return { ...r, entry, leafHash: toHex(entryLeafHash(entry)) };
    });
    const result = failure(await verify(toLines(rewritten)));
    expect(result).toMatchObject({ problem: ExportProblem.ROOT_MISMATCH, seq: null });
    expect(result.message).toContain(`the signed head says ${head.rootHash}`);
    expect(result.message).toContain(rootOf(rewritten));
  });

  it('an entirely different history re-signed by another key fails against the pinned key', async () => {
    const other = makeRecords(40, 'other');
    const forgedHead = headFor(other, 40, generateSigningKey());
    expect(await verify(toLines(other), forgedHead)).toMatchObject({ ok: true }); // self-consistent…
    expect(failure(await verify(toLines(other), forgedHead, testKey().publicKeyPem))).toMatchObject(
      {
        problem: ExportProblem.BAD_SIGNATURE,
      },
    );
  });

  it('bad signature → rejected before reading entries', async () => {
    const tampered = { ...head, treeSize: 39, rootHash: rootOf(records, 39) };
    const result = failure(await verify(toLines(records), tampered));
    expect(result).toMatchObject({ problem: ExportProblem.BAD_SIGNATURE, seq: null });
    expect(result.message).toMatch(/bad signature/);
  });

  it('reports the FIRST problem when there are several', async () => {
    const broken = structuredClone(records);
    broken[30].entry.action = 'x.y';
    broken.splice(5, 1);
    expect(failure(await verify(toLines(broken)))).toMatchObject({
      problem: ExportProblem.SEQ_DISCONTINUITY,
      seq: 6,
    });
  });

  it.each([
    [
      'a line that is not JSON',
      (lines: string[]) => lines.splice(3, 1, '{"seq": 4,'),
      ExportProblem.NOT_JSON,
      null,
    ],
    [
      'a record without leafHash',
      (lines: string[]) => lines.splice(3, 1, JSON.stringify({ seq: 4, entry: records[3].entry })),
      ExportProblem.MALFORMED_RECORD,
      4,
    ],
    [
      'a float in the entry',
      (lines: string[]) => lines.splice(3, 1, lines[3].replace('"rows":40', '"rows":40.5')),
      ExportProblem.INVALID_ENTRY,
      4,
    ],
    [
      'entry.seq differing from seq',
      (lines: string[]) =>
        lines.splice(3, 1, lines[3].replace('"entry":{"seq":4', '"entry":{"seq":5')),
      ExportProblem.ENTRY_SEQ_MISMATCH,
      4,
    ],
  ])('%s is reported', async (_name, mutate, problem, seq) => {
    const lines = toLines(records);
    mutate(lines);
    expect(lines[3]).not.toBe(toLines(records)[3]);
    expect(failure(await verify(lines))).toMatchObject({ problem, seq });
  });

  it('keeps the first failure once found (incremental API)', () => {
    const verifier = new ExportVerifier(head);
    const lines = toLines(records);
    expect(verifier.addLine(lines[0])).toBeUndefined();
    expect(verifier.addLine(lines[2])).toMatchObject({
      problem: ExportProblem.SEQ_DISCONTINUITY,
      seq: 2,
    });
    expect(verifier.addLine(lines[1])).toMatchObject({ seq: 2 });
    expect(verifier.finish()).toMatchObject({ ok: false, seq: 2 });
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    await verifyExport(toLines(records), head, {
      onProgress: (n) => seen.push(n),
      progressEvery: 10,
    });
    expect(seen).toEqual([10, 20, 30, 40]);
  });

  it('hands each accepted leaf to onLeaf and exposes the running root', () => {
    const leaves: string[] = [];
    const verifier = new ExportVerifier(head, { onLeaf: (leaf) => leaves.push(toHex(leaf)) });
    const lines = toLines(records);
    for (const [i, line] of lines.slice(0, 10).entries()) {
      verifier.addLine(line);
      expect(verifier.rootHash).toBe(rootOf(records.slice(0, i + 1)));
    }
    expect(leaves).toEqual(records.slice(0, 10).map((r) => toHex(entryLeafHash(r.entry))));
    // A rejected line hands nothing on.
    verifier.addLine(lines[12]);
    expect(leaves).toHaveLength(10);
  });
});
