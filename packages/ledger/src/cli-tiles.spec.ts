import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCheckpoint } from './checkpoint.js';
import { signCosignature } from './cosignature.js';
import { fromHex } from './encoding.js';
import { generateEd25519Seed, verifierKeyOfSeed } from './node/note-keys.js';
import { NoteSignatureType, formatSignedNote, signNoteText } from './signed-note.js';
import { makeRecords, toLines } from './testing/export.factory.js';
import { MemoryTileStore, tilePath, tilesForTreeSize } from './tiles.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'eastlake-verify.js');
const dir = mkdtempSync(join(tmpdir(), 'eastlake-verify-tiles-'));
const ORIGIN = 'eastlake.test/ledger';
const records = makeRecords(700);
const store = MemoryTileStore.fromLeafHashes(records.map((r) => fromHex(r.leafHash)));
const logSeed = generateEd25519Seed();
const witnessSeed = generateEd25519Seed();
const logKey = verifierKeyOfSeed(ORIGIN, logSeed);
const witnessKey = verifierKeyOfSeed('regulator.test/w', witnessSeed, NoteSignatureType.COSIGNATURE_V1);

function newestSource(folder: string): number {
  return Math.max(...readdirSync(folder, { withFileTypes: true }).map((d) => (d.isDirectory() ? newestSource(join(folder, d.name)) : statSync(join(folder, d.name)).mtimeMs)));
}

function writeTiles(target: string): void {
  for (const c of tilesForTreeSize(700)) {
    const path = join(target, ...tilePath(c).split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, (store.tile(c.level, c.index) as Uint8Array).subarray(0, c.width * 32));
  }
}

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let checkpointPath: string;
let cosignedPath: string;
const tilesDir = join(dir, 'tiles');
const exportPath = write('export.ndjson', `${toLines(records).join('\n')}\n`);

beforeAll(async () => {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource(join(root, 'src'))) {
    execFileSync(process.execPath, [join(root, '../../node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')]);
  }
  const { treeHashFromTiles } = await import('./tile-proofs.js');
  const body = formatCheckpoint({ origin: ORIGIN, treeSize: 700, rootHash: await treeHashFromTiles(store, 700) });
  checkpointPath = write('checkpoint.txt', formatSignedNote(body, [signNoteText(body, ORIGIN, logSeed)]));
  cosignedPath = write('cosigned.txt', formatSignedNote(body, [signNoteText(body, ORIGIN, logSeed), signCosignature(body, 'regulator.test/w', witnessSeed, 1_700_000_000)]));
  writeTiles(tilesDir);
}, 60_000);

/** A copy of the tiles with one change made by `edit`. */
function tamperedTiles(name: string, edit: (folder: string) => void): string {
  const folder = join(dir, name);
  rmSync(folder, { recursive: true, force: true });
  cpSync(tilesDir, folder, { recursive: true });
  edit(folder);
  return folder;
}

function flipByte(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] ^= 0x01;
  writeFileSync(file, bytes);
}

function expectFailure(res: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(res.status).toBe(1);
  const lines = res.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('eastlake-verify --checkpoint --tiles', () => {
  it('verifies the checkpoint, its tiles and the export', () => {
    const res = run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', tilesDir, exportPath]);
    expect(res.stderr).toMatch(/^note: signed by eastlake\.test\/ledger; no --witness keys given/);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^verified checkpoint eastlake\.test\/ledger at size 700, root [0-9a-f]{64}: 4 tiles, and 700 entries of the export\n$/);
  });

  it('reads the export from standard input with -', () => {
    const res = run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', tilesDir, '-'], readFileSync(exportPath, 'utf8'));
    expect(res.status).toBe(0);
  });

  it('catches a tampered full tile through the level above', () => {
    const folder = tamperedTiles('t1', (f) => flipByte(join(f, 'tile', '0', '001'), 100));
    expectFailure(run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', folder]), /^eastlake-verify: FAILED hash 1 of tile\/1\/000\.p\/2 is not the root of tile\/0\/001/);
  });

  it('catches a tampered partial tile through the root', () => {
    const folder = tamperedTiles('t2', (f) => flipByte(join(f, 'tile', '0', '002.p', '188'), 5));
    expectFailure(run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', folder]), /FAILED the tiles rebuild root [0-9a-f]{64}, the checkpoint says/);
  });

  it('catches a truncated or missing tile', () => {
    const short = tamperedTiles('t3', (f) => writeFileSync(join(f, 'tile', '0', '000'), readFileSync(join(f, 'tile', '0', '000')).subarray(0, 8160)));
    expectFailure(run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', short]), /FAILED tile\/0\/000 is 8160 bytes, a tile of 256 hashes is 8192/);
    const missing = tamperedTiles('t4', (f) => rmSync(join(f, 'tile', '1', '000.p', '2')));
    expectFailure(run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', missing]), /FAILED tile\/1\/000\.p\/2 is missing/);
  });

  it('catches an export whose entry does not match the tiles', () => {
    const edited = records.map((r) => (r.seq === 300 ? { ...r, entry: { ...r.entry, action: 'forged' } } : r));
    const path = write('edited.ndjson', `${toLines(edited).join('\n')}\n`);
    expectFailure(run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', tilesDir, path]), /FAILED seq 300: leaf hash mismatch/);
  });

  it('checks witness cosignatures against the quorum', () => {
    expect(run(['--checkpoint', cosignedPath, '--verifier-key', logKey, '--tiles', tilesDir, '--witness', witnessKey]).status).toBe(0);
    expectFailure(run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', tilesDir, '--witness', witnessKey]), /FAILED 0 of the 1 witness cosignatures needed \(regulator\.test\/w missing or invalid\)/);
    expect(run(['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', tilesDir, '--witness', witnessKey, '--quorum', '0']).status).toBe(0);
  });

  it('refuses a checkpoint not signed by the key', () => {
    const other = verifierKeyOfSeed(ORIGIN, generateEd25519Seed());
    expectFailure(run(['--checkpoint', checkpointPath, '--verifier-key', other, '--tiles', tilesDir]), /FAILED bad signature/);
  });

  it('exits 2 with one line on a usage error', () => {
    for (const args of [
      ['--tiles', tilesDir],
      ['--checkpoint', checkpointPath, '--tiles', tilesDir],
      ['--checkpoint', checkpointPath, '--verifier-key', 'nonsense+00000000+AAAA', '--tiles', tilesDir],
      ['--checkpoint', checkpointPath, '--verifier-key', logKey, '--tiles', tilesDir, '--quorum', '3'],
      ['--checkpoint', '-', '--verifier-key', logKey, '--tiles', tilesDir, '-'],
      ['--checkpoint', join(dir, 'nope.txt'), '--verifier-key', logKey, '--tiles', tilesDir],
    ]) {
      const res = run(args);
      expect({ args, status: res.status }).toEqual({ args, status: 2 });
      expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('prints help with options, exit codes and examples, and its version', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--tiles DIR\|URL/);
    expect(help.stdout).toMatch(/Exit status: 0 verified, 1 verification failed/);
    expect(help.stdout).toMatch(/Examples:/);
    expect(run(['--version']).stdout).toMatch(/^eastlake-verify \d+\.\d+\.\d+\n$/);
  });
});
