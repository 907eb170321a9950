import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCheckpoint } from '../checkpoint.js';
import { verifyCosignature } from '../cosignature.js';
import { MerkleTree } from '../merkle-tree.js';
import { formatSignedNote, parseSignedNote, parseVerifierKey, signNoteText } from '../signed-note.js';
import { leafHashes } from '../testing/merkle.factory.js';
import { postCheckpointToWitness } from '../witness-protocol.js';
import { generateEd25519Seed, verifierKeyOfSeed } from './note-keys.js';
import { startWitnessServer, type RunningWitness, type WitnessStateFile } from './witness-server.js';

const ORIGIN = 'eastlake.test/ledger';
const logSeed = generateEd25519Seed();
const logKey = verifierKeyOfSeed(ORIGIN, logSeed);
const leaves = leafHashes(300);
const tree = MerkleTree.fromLeafHashes(leaves);
const forked = MerkleTree.fromLeafHashes([...leaves.slice(0, 100), ...leafHashes(200, 'fork')]);
const dir = mkdtempSync(join(tmpdir(), 'eastlake-witness-'));
const statePath = join(dir, 'state.json');

function checkpointNote(t: MerkleTree, size: number, seed = logSeed, origin = ORIGIN): string {
  const text = formatCheckpoint({ origin, treeSize: size, rootHash: t.root(size) });
  return formatSignedNote(text, [signNoteText(text, origin, seed)]);
}

describe('eastlake-witness (C2SP tlog-witness add-checkpoint)', () => {
  let witness: RunningWitness;
  const add = (oldSize: number, proof: Uint8Array[], note: string) => postCheckpointToWitness(witness.url, { oldSize, proof, note });

  beforeAll(async () => {
    witness = await startWitnessServer({ statePath, name: 'regulator.test/witness', logs: [logKey], port: 0 });
  });
  afterAll(async () => {
    await witness?.close();
  });

  it('cosigns a first checkpoint, then one with a consistency proof', async () => {
    const key = parseVerifierKey(witness.verifierKey);
    const first = checkpointNote(tree, 100);
    const res = await add(0, [], first);
    expect(res.kind).toBe('cosigned');
    if (res.kind !== 'cosigned') return;
    expect(verifyCosignature(parseSignedNote(first).text, res.signatures[0], key)).toMatchObject({ name: 'regulator.test/witness' });
    const second = await add(100, tree.consistencyProof(100, 200), checkpointNote(tree, 200));
    expect(second.kind).toBe('cosigned');
    // The same checkpoint again is fine (same size, same root).
    expect((await add(200, [], checkpointNote(tree, 200))).kind).toBe('cosigned');
  });

  it('answers 409 with its size when the old size is not the one it cosigned', async () => {
    expect(await add(100, tree.consistencyProof(100, 250), checkpointNote(tree, 250))).toEqual({ kind: 'conflict', witnessSize: 200 });
  });

  it('refuses a rollback', async () => {
    expect(await add(200, [], checkpointNote(tree, 150))).toMatchObject({ kind: 'refused', status: 400 });
    expect(await add(150, [], checkpointNote(tree, 150))).toEqual({ kind: 'conflict', witnessSize: 200 });
  });

  it('refuses a fork: another root at its size, or a proof from a rewritten history', async () => {
    expect(await add(200, [], checkpointNote(forked, 200))).toMatchObject({ kind: 'refused', status: 409 });
    expect(await add(200, forked.consistencyProof(200, 300), checkpointNote(forked, 300))).toMatchObject({ kind: 'refused', status: 422 });
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as WitnessStateFile;
    expect(state.logs[ORIGIN].size).toBe(200);
    expect(state.evidence.map((e) => e.reason)).toEqual([expect.stringMatching(/second root/), expect.stringMatching(/no valid consistency proof/)]);
  });

  it('refuses unknown logs (404) and checkpoints not signed by the log key (403)', async () => {
    expect(await add(0, [], checkpointNote(tree, 10, logSeed, 'other.test/log'))).toMatchObject({ kind: 'refused', status: 404 });
    expect(await add(200, tree.consistencyProof(200, 300), checkpointNote(tree, 300, generateEd25519Seed()))).toMatchObject({ kind: 'refused', status: 403 });
    expect(await add(0, [], 'not a note')).toMatchObject({ kind: 'refused', status: 400 });
  });

  it('remembers what it cosigned across a restart, and keeps its key', async () => {
    const before = witness.verifierKey;
    await witness.close();
    witness = await startWitnessServer({ statePath, logs: [logKey], port: 0 });
    expect(witness.verifierKey).toBe(before);
    expect(await add(0, [], checkpointNote(tree, 300))).toEqual({ kind: 'conflict', witnessSize: 200 });
    expect((await add(200, tree.consistencyProof(200, 300), checkpointNote(tree, 300))).kind).toBe('cosigned');
    expect((statSync(statePath).mode & 0o777).toString(8)).toBe('600');
  });
});

describe('eastlake-witness CLI', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const bin = join(root, 'bin', 'eastlake-witness.js');
  beforeAll(() => {
    const cli = join(root, 'dist', 'witness-cli.js');
    if (!existsSync(cli) || statSync(cli).mtimeMs < statSync(join(root, 'src', 'witness-cli.ts')).mtimeMs || statSync(cli).mtimeMs < statSync(join(root, 'src', 'node', 'witness-server.ts')).mtimeMs) {
      execFileSync(process.execPath, [join(root, '../../node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')]);
    }
  }, 60_000);
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  it('prints help with options, exit codes and examples, and its version', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--state FILE/);
    expect(help.stdout).toMatch(/Exit status/);
    expect(help.stdout).toMatch(/Examples/);
    expect(run('--version').stdout).toMatch(/^eastlake-witness \d+\.\d+\.\d+\n$/);
  });

  it('exits 2 with one line on a usage error', () => {
    for (const args of [[], ['--state', join(dir, 'x.json')], ['--bogus'], ['--state', join(dir, 'x.json'), '--log', 'nonsense']]) {
      const res = run(...args);
      expect(res.status).toBe(2);
      expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('prints the verifier key of a new state file', () => {
    const res = run('--state', join(dir, 'new.json'), '--name', 'w.test/1', '--print-key');
    expect(res.status).toBe(0);
    expect(parseVerifierKey(res.stdout.trim())).toMatchObject({ name: 'w.test/1', type: 0x04 });
  });
});
