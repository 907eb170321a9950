import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from './encoding.js';
import { entryLeafHash } from './ledger-entry.js';
import { MerkleTree } from './merkle-tree.js';
import { generateSigningKey } from './node/tree-head-signer.js';
import { headFor, makeRecords, testKey, toLines } from './testing/export.factory.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'eastlake-verify.js');
const dir = mkdtempSync(join(tmpdir(), 'eastlake-verify-'));
const records = makeRecords(30);

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function newestSource(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { withFileTypes: true }).map((d) =>
      d.isDirectory() ? newestSource(join(folder, d.name)) : statSync(join(folder, d.name)).mtimeMs,
    ),
  );
}

beforeAll(() => {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource(join(root, 'src'))) {
    execFileSync(process.execPath, [
      join(root, '../../node_modules/typescript/bin/tsc'),
      '-p',
      join(root, 'tsconfig.build.json'),
    ]);
  }
}, 60_000);

const headPath = write('head.json', JSON.stringify(headFor(records)));
const exportPath = write('export.ndjson', `${toLines(records).join('\n')}\n`);
const keyPath = write('key.pem', testKey().publicKeyPem);

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /); // never a stack trace
}

describe('eastlake-verify EXPORT --head HEAD', () => {
  it('exits 0 and prints the verified count and root', () => {
    const { status, stdout, stderr } = run(exportPath, '--head', headPath, '--public-key', keyPath);
    expect(stdout).toBe(`verified 30 entries, root ${headFor(records).rootHash}\n`);
    expect(stderr).toMatch(/pinned key/);
    expect(status).toBe(0);
  });

  it('accepts CRLF line endings', () => {
    const crlf = write('crlf.ndjson', `${toLines(records).join('\r\n')}\r\n`);
    const { status, stdout } = run(crlf, '--head', headPath);
    expect(stdout).toMatch(/^verified 30 entries/);
    expect(status).toBe(0);
  });

  it('without --public-key still verifies, and says the key was not pinned', () => {
    const { status, stderr } = run(exportPath, '--head', headPath);
    expect(status).toBe(0);
    expect(stderr).toMatch(/pass --public-key/);
  });

  it.each([
    [
      'edited payload',
      () => toLines(records).map((l, i) => (i === 11 ? l.replace('"rows":120', '"rows":121') : l)),
      /^eastlake-verify: FAILED seq 12: leaf hash mismatch/,
    ],
    [
      'deleted row',
      () => toLines(records.filter((r) => r.seq !== 7)),
      /^eastlake-verify: FAILED seq 7: sequence discontinuity/,
    ],
    [
      'truncated tail',
      () => toLines(records.slice(0, 25)),
      /^eastlake-verify: FAILED seq 26: export ends after 25 entries/,
    ],
    [
      'rewritten history',
      () => toLines(makeRecords(30, 'rewritten')),
      /^eastlake-verify: FAILED root mismatch/,
    ],
  ])('exits 1 on %s, naming the first bad seq on one stderr line', (name, lines, pattern) => {
    const file = write(`${name.replace(/ /g, '-')}.ndjson`, `${lines().join('\n')}\n`);
    const { status, stdout, stderr } = run(file, '--head', headPath);
    expectOneLine(stderr, pattern);
    expect(stdout).toBe('');
    expect(status).toBe(1);
  });

  it('exits 1 on a bad signature or a head signed by another key', () => {
    const tampered = write(
      'tampered-head.json',
      JSON.stringify({ ...headFor(records), treeSize: 29 }),
    );
    const a = run(exportPath, '--head', tampered);
    expectOneLine(a.stderr, /FAILED bad signature/);
    expect(a.status).toBe(1);
    const other = write('other-key.pem', generateSigningKey().publicKeyPem);
    const b = run(exportPath, '--head', headPath, '--public-key', other);
    expectOneLine(b.stderr, /FAILED bad signature/);
    expect(b.status).toBe(1);
  });

  it.each([
    [
      'a missing export file',
      () => [join(dir, 'nope.ndjson'), '--head', headPath],
      /cannot read export .*nope\.ndjson: no such file/,
    ],
    [
      'a missing head file',
      () => [exportPath, '--head', join(dir, 'nope.json')],
      /cannot read head .*: no such file/,
    ],
    [
      'a head that is not JSON',
      () => [exportPath, '--head', write('bad-head.json', 'not json')],
      /head .* is not valid JSON/,
    ],
    [
      'a head missing a field',
      () => [exportPath, '--head', write('partial-head.json', '{"treeSize":1}')],
      /is not a signed tree head: tree head is missing "rootHash"/,
    ],
    [
      'an export that is not JSON',
      () => [write('text.ndjson', 'hello\n'), '--head', headPath],
      /line 1 is not valid JSON/,
    ],
    ['missing --head', () => [exportPath], /missing --head HEAD\.json/],
    ['no arguments', () => [], /missing EXPORT\.ndjson/],
    [
      'an unknown option',
      () => [exportPath, '--head', headPath, '--fast'],
      /Unknown option '--fast'/,
    ],
    [
      'a directory as export',
      () => [dir, '--head', headPath],
      /cannot read export .*: is a directory/,
    ],
  ])('exits 2 with one clear line on %s', (_name, args, pattern) => {
    const { status, stdout, stderr } = run(...args());
    expectOneLine(stderr, pattern);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  it('prints usage on --help', () => {
    const { status, stdout } = run('--help');
    expect(stdout).toMatch(/^usage: eastlake-verify EXPORT\.ndjson --head HEAD\.json/);
    expect(status).toBe(0);
  });
});

describe('eastlake-verify --proof PROOF', () => {
  const tree = MerkleTree.fromLeafHashes(records.map((r) => entryLeafHash(r.entry)));
  const proof = {
    leafIndex: 8,
    treeSize: 30,
    entry: records[8].entry,
    auditPath: tree.inclusionProof(8).map(toHex),
    rootHash: toHex(tree.root()),
  };

  it('exits 0 for a valid proof, with or without a head', () => {
    const file = write('proof.json', JSON.stringify(proof));
    const plain = run('--proof', file);
    expect(plain.stdout).toBe(
      `verified inclusion of seq 9 (leaf 8) in tree of size 30, root ${proof.rootHash}\n`,
    );
    expect(plain.stderr).toMatch(/not authenticated/);
    expect(plain.status).toBe(0);
    const signed = run('--proof', file, '--head', headPath, '--public-key', keyPath);
    expect(signed.stderr).toMatch(/pinned key/);
    expect(signed.status).toBe(0);
  });

  it('exits 1 for a tampered entry or a proof for another tree size', () => {
    const tampered = write(
      'proof-tampered.json',
      JSON.stringify({ ...proof, entry: { ...proof.entry, action: 'x.y' } }),
    );
    const a = run('--proof', tampered);
    expectOneLine(a.stderr, /FAILED the proof leads to a different root hash/);
    expect(a.status).toBe(1);
    const smaller = {
      ...proof,
      treeSize: 20,
      auditPath: tree.inclusionProof(8, 20).map(toHex),
      rootHash: toHex(tree.root(20)),
    };
    const b = run('--proof', write('proof-20.json', JSON.stringify(smaller)), '--head', headPath);
    expectOneLine(b.stderr, /FAILED the proof is for tree size 20, the signed head is for 30/);
    expect(b.status).toBe(1);
  });

  it('exits 2 for an unreadable or malformed proof file', () => {
    const a = run('--proof', write('proof-bad.json', '{'));
    expectOneLine(a.stderr, /proof .* is not valid JSON/);
    expect(a.status).toBe(2);
    const b = run(
      '--proof',
      write('proof-shape.json', JSON.stringify({ ...proof, auditPath: 'x' })),
    );
    expectOneLine(b.stderr, /proof file: auditPath must be an array/);
    expect(b.status).toBe(2);
  });
});

describe('eastlake-verify --proof CONSISTENCY', () => {
  const tree = MerkleTree.fromLeafHashes(records.map((r) => entryLeafHash(r.entry)));
  const oldHeadPath = write('old-head.json', JSON.stringify(headFor(records, 17)));
  const proof = {
    fromSize: 17,
    toSize: 30,
    consistencyPath: tree.consistencyProof(17, 30).map(toHex),
  };

  it('exits 0 when the new signed head extends the old one', () => {
    const file = write('consistency.json', JSON.stringify(proof));
    const { status, stdout } = run(
      '--proof',
      file,
      '--old-head',
      oldHeadPath,
      '--head',
      headPath,
      '--public-key',
      keyPath,
    );
    expect(stdout).toBe(
      `verified consistency: tree of size 17 (root ${toHex(tree.root(17))}) is a prefix of tree of size 30 (root ${toHex(tree.root())})\n`,
    );
    expect(status).toBe(0);
  });

  it('exits 1 when history was rewritten between the heads', () => {
    const rewritten = makeRecords(30, 'fork');
    const forkTree = MerkleTree.fromLeafHashes(rewritten.map((r) => entryLeafHash(r.entry)));
    const forkHead = write('fork-head.json', JSON.stringify(headFor(rewritten)));
    const file = write(
      'fork-consistency.json',
      JSON.stringify({ ...proof, consistencyPath: forkTree.consistencyProof(17, 30).map(toHex) }),
    );
    const { status, stderr } = run('--proof', file, '--old-head', oldHeadPath, '--head', forkHead);
    expectOneLine(stderr, /^eastlake-verify: FAILED the proof does not lead to root1/);
    expect(status).toBe(1);
  });

  it('exits 2 when --old-head is used without a consistency proof', () => {
    const { status, stderr } = run(exportPath, '--head', headPath, '--old-head', oldHeadPath);
    expectOneLine(stderr, /--old-head needs --proof/);
    expect(status).toBe(2);
  });
});
