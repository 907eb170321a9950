import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HASH_SIZE,
  entryLeafHash,
  fromHex,
  hashLeafUtf8,
  openSignedNote,
  parseCheckpoint,
  parseEntryBundle,
  parseSignedNote,
  parseVerifierKey,
  tilePath,
  tilesForTreeSize,
  toHex,
  treeHashFromTiles,
  verifyConsistency,
  verifyCosignature,
  type LedgerEntry,
  type TileReader,
} from '@eastlake/ledger';
import { ed25519SeedFromPem, generateSigningKey, verifierKeyOfSeed } from '@eastlake/ledger/node';
import { SYSTEM_ACTOR } from '../src/modules/ledger/ledger-actor.js';
import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginRegulator, type TestAccount } from './factories/accounts.factory.js';

const ORIGIN = 'eastlake.test/ledger';
const witnessBin = join(dirname(fileURLToPath(import.meta.url)), '../../../packages/ledger/bin/eastlake-witness.js');
const verifyBin = join(dirname(fileURLToPath(import.meta.url)), '../../../packages/ledger/bin/eastlake-verify.js');

/** Runs `eastlake-verify` without blocking this process (it fetches tiles from the test server). */
function runVerify(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [verifyBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts a real `eastlake-witness` process on a free port; resolves with its URL and key. */
function startWitness(name: string, logKey: string): Promise<{ url: string; key: string; process: ChildProcess }> {
  const state = join(mkdtempSync(join(tmpdir(), 'eastlake-e2e-witness-')), 'state.json');
  const child = spawn(process.execPath, [witnessBin, '--state', state, '--name', name, '--log', logKey, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`eastlake-witness exited ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /verifier key: (\S+)/.exec(out)?.[1];
      if (url && key) resolve({ url, key, process: child });
    });
  });
}

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function appendEntries(t: TestApp, n: number): Promise<void> {
  const ledger = t.app.get(LedgerService);
  for (let i = 0; i < n; i += 50) {
    await t.dataSource.transaction((m) =>
      ledger.appendMany(m, Array.from({ length: Math.min(50, n - i) }, (_, j) => ({ action: 'test.c2sp', actor: SYSTEM_ACTOR, subject: { type: 'T', id: String(i + j) } }))),
    );
  }
  await ledger.flush();
}

function httpTileReader(t: TestApp): TileReader {
  return {
    readTiles: (tiles) =>
      Promise.all(
        tiles.map(async (c) => {
          const res = await t.http().get(`/api/ledger/${tilePath(c)}`).buffer(true);
          return res.status === 200 ? new Uint8Array(res.body as Buffer) : undefined;
        }),
      ),
  };
}

describe('ledger C2SP endpoints (e2e)', () => {
  let t: TestApp;
  let regulator: TestAccount;
  const signingKey = generateSigningKey();

  beforeAll(async () => {
    t = await createTestApp({ LEDGER_ORIGIN: ORIGIN, LEDGER_SIGNING_KEY: signingKey.privateKeyPem });
    regulator = await loginRegulator(t);
    await appendEntries(t, 600);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('serves the verifier key of the checkpoint signature', async () => {
    const res = await t.http().get('/api/ledger/verifier-key');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe(`${verifierKeyOfSeed(ORIGIN, ed25519SeedFromPem(signingKey.privateKeyPem))}\n`);
    expect(parseVerifierKey(res.text.trim())).toMatchObject({ name: ORIGIN, type: 0x01 });
  });

  it('serves a public checkpoint signed by that key, matching the signed tree head', async () => {
    const res = await t.http().get('/api/ledger/checkpoint');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const key = parseVerifierKey((await t.http().get('/api/ledger/verifier-key')).text.trim());
    const { text } = openSignedNote(res.text, [key]);
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint.origin).toBe(ORIGIN);
    const head = (await t.http().get('/api/ledger/head').set('authorization', `Bearer ${regulator.token}`)).body as { treeSize: number; rootHash: string };
    expect(checkpoint.treeSize).toBe(head.treeSize);
    expect(toHex(checkpoint.rootHash)).toBe(head.rootHash);
    // An edited checkpoint does not open.
    expect(() => openSignedNote(res.text.replace(`\n${checkpoint.treeSize}\n`, `\n${checkpoint.treeSize + 1}\n`), [key])).toThrow();
  });

  it('serves public hash tiles that rebuild the checkpoint root and equal a recomputation from the export', async () => {
    const { text } = parseSignedNote((await t.http().get('/api/ledger/checkpoint')).text);
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint.treeSize).toBeGreaterThan(512);
    const reader = httpTileReader(t);
    expect(toHex(await treeHashFromTiles(reader, checkpoint.treeSize))).toBe(toHex(checkpoint.rootHash));
    const lines = (await t.http().get('/api/ledger/export').set('authorization', `Bearer ${regulator.token}`)).text.split('\n').filter(Boolean);
    const leaves = lines.slice(0, checkpoint.treeSize).map((l) => entryLeafHash((JSON.parse(l) as { entry: LedgerEntry }).entry));
    const tiles = tilesForTreeSize(checkpoint.treeSize);
    expect(tiles.map((c) => tilePath(c))).toEqual(expect.arrayContaining(['tile/0/000', 'tile/0/001', 'tile/1/000.p/2']));
    const level0 = await reader.readTiles(tiles.filter((c) => c.level === 0));
    const joined = Buffer.concat(level0.map((d) => Buffer.from(d as Uint8Array)));
    expect(toHex(joined)).toBe(toHex(Buffer.concat(leaves.map((l) => Buffer.from(l)))));
    const res = await t.http().get('/api/ledger/tile/0/000');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['cache-control']).toMatch(/immutable/);
  });

  it('answers 400 to a malformed tile path and 404 to a tile it does not have', async () => {
    const bad = await t.http().get('/api/ledger/tile/0/1');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/not a C2SP tile path/);
    expect((await t.http().get('/api/ledger/tile/0/x001/000')).status).toBe(404);
    expect((await t.http().get('/api/ledger/tile/5/000.p/3')).status).toBe(404);
  });

  it('serves entry bundles to regulators only, each entry hashing to its level-0 tile hash', async () => {
    expect((await t.http().get('/api/ledger/tile/entries/000')).status).toBe(401);
    const buyer = await login(t, 'buyer@demo.eastlake');
    expect((await t.http().get('/api/ledger/tile/entries/000').set('authorization', `Bearer ${buyer.token}`)).status).toBe(403);
    const res = await t.http().get('/api/ledger/tile/entries/001.p/10').set('authorization', `Bearer ${regulator.token}`).buffer(true);
    expect(res.status).toBe(200);
    const entries = parseEntryBundle(new Uint8Array(res.body as Buffer));
    expect(entries).toHaveLength(10);
    const tile = new Uint8Array((await t.http().get('/api/ledger/tile/0/001.p/10').buffer(true)).body as Buffer);
    entries.forEach((e, i) => {
      const text = new TextDecoder().decode(e);
      expect((JSON.parse(text) as LedgerEntry).seq).toBe(256 + i + 1);
      expect(toHex(hashLeafUtf8(text))).toBe(toHex(tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)));
    });
    expect((await t.http().get('/api/ledger/tile/entries/x009/000').set('authorization', `Bearer ${regulator.token}`)).status).toBe(404);
  });

  it('passes eastlake-verify over HTTP, which catches a tile tampered with in the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eastlake-e2e-verify-'));
    const checkpointFile = join(dir, 'checkpoint.txt');
    writeFileSync(checkpointFile, (await t.http().get('/api/ledger/checkpoint')).text);
    const { port } = (t.app.getHttpServer() as { address(): { port: number } }).address();
    const prefix = `http://127.0.0.1:${port}/api/ledger`;
    const vkey = (await t.http().get('/api/ledger/verifier-key')).text.trim();
    const ok = await runVerify(['--checkpoint', checkpointFile, '--verifier-key', vkey, '--tiles', prefix]);
    expect(ok.stderr).toMatch(/^note: signed by eastlake\.test\/ledger/);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^verified checkpoint eastlake\.test\/ledger at size \d+/);
    const [row] = (await t.dataSource.query(`SELECT data FROM ledger_tiles WHERE level = 0 AND idx = 1`)) as Array<{ data: Buffer }>;
    const forged = Buffer.from(row.data);
    forged[40] ^= 1;
    const setTile = (data: Buffer) =>
      t.dataSource.transaction(async (m) => {
        await m.query(`ALTER TABLE ledger_tiles DISABLE TRIGGER USER`);
        await m.query(`UPDATE ledger_tiles SET data = $1 WHERE level = 0 AND idx = 1`, [data]);
        await m.query(`ALTER TABLE ledger_tiles ENABLE TRIGGER USER`);
      });
    await setTile(forged);
    try {
      const bad = await runVerify(['--checkpoint', checkpointFile, '--verifier-key', vkey, '--tiles', prefix]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/^eastlake-verify: FAILED hash 1 of tile\/1\/000\.p\/\d+ is not the root of tile\/0\/001/);
      const verdict = await t.gql<{ verifyLedger: { ok: boolean; problem: string } }>(`{ verifyLedger { ok problem } }`, {}, regulator.token);
      expect(verdict.data?.verifyLedger).toEqual({ ok: false, problem: 'tile/0/001 does not match the stored entries' });
    } finally {
      await setTile(row.data);
    }
    expect((await runVerify(['--checkpoint', checkpointFile, '--verifier-key', vkey, '--tiles', prefix])).status).toBe(0);
  });

  it('serves GraphQL proofs from the tiles that verify against checkpoints', async () => {
    const first = parseCheckpoint(parseSignedNote((await t.http().get('/api/ledger/checkpoint')).text).text);
    await appendEntries(t, 300);
    const second = parseCheckpoint(parseSignedNote((await t.http().get('/api/ledger/checkpoint')).text).text);
    expect(second.treeSize).toBe(first.treeSize + 300);
    const res = await t.gql<{ ledgerConsistencyProof: { proof: string[] } }>(
      `query($a: Int!, $b: Int!) { ledgerConsistencyProof(fromSize: $a, toSize: $b) { proof } }`,
      { a: first.treeSize, b: second.treeSize },
      regulator.token,
    );
    expect(verifyConsistency(first.treeSize, second.treeSize, res.data!.ledgerConsistencyProof.proof.map(fromHex), first.rootHash, second.rootHash)).toBe(true);
    const witnesses = await t.http().get('/api/ledger/witnesses');
    expect(witnesses.body).toMatchObject({ origin: ORIGIN, quorum: 0, witnesses: [] });
  });
});

describe('ledger witnesses (e2e, real eastlake-witness processes)', () => {
  const signingKey = generateSigningKey();
  const logKey = verifierKeyOfSeed(ORIGIN, ed25519SeedFromPem(signingKey.privateKeyPem));
  const children: ChildProcess[] = [];
  const apps: TestApp[] = [];
  let w1: { url: string; key: string };

  beforeAll(async () => {
    const started = await startWitness('regulator.test/w1', logKey);
    children.push(started.process);
    w1 = started;
  }, 30_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const child of children) child.kill('SIGTERM');
  });

  it('publishes checkpoints cosigned by the witness, and extends them with consistency proofs from tiles', async () => {
    const t = await createTestApp({ LEDGER_ORIGIN: ORIGIN, LEDGER_SIGNING_KEY: signingKey.privateKeyPem, LEDGER_WITNESSES: `${w1.url} ${w1.key}`, LEDGER_WITNESS_QUORUM: '1' });
    apps.push(t);
    const witnessKey = parseVerifierKey(w1.key);
    const read = async () => {
      const res = await t.http().get('/api/ledger/checkpoint');
      expect(res.status).toBe(200);
      const note = parseSignedNote(res.text);
      const cosignatures = note.signatures.filter((s) => s.name === 'regulator.test/w1');
      expect(cosignatures).toHaveLength(1);
      expect(verifyCosignature(note.text, cosignatures[0], witnessKey)).toBeDefined();
      return parseCheckpoint(note.text);
    };
    const first = await read();
    await appendEntries(t, 300);
    const second = await read();
    expect(second.treeSize).toBe(first.treeSize + 300);
    const status = (await fetch(`${w1.url}/status`).then((r) => r.json())) as { witnessed: Record<string, { size: number; rootHash: string }> };
    expect(status.witnessed[ORIGIN]).toMatchObject({ size: second.treeSize, rootHash: Buffer.from(second.rootHash).toString('base64') });
    const listed = await t.http().get('/api/ledger/witnesses');
    expect(listed.body).toMatchObject({ quorum: 1, witnesses: [{ name: 'regulator.test/w1', url: w1.url, verifierKey: w1.key }], lastAttempt: { published: true } });
  }, 120_000);

  it('refuses to publish without the quorum: one cosignature of 2, a fork the witness rejects, a witness that does not know the log, one that is down', async () => {
    // A fresh witness of this log cosigns: one cosignature, the quorum is 2.
    const w4 = await startWitness('regulator.test/w4', logKey);
    // A witness of another log answers 404.
    const w2 = await startWitness('regulator.test/w2', verifierKeyOfSeed('someone.else/ledger', ed25519SeedFromPem(generateSigningKey().privateKeyPem)));
    children.push(w2.process, w4.process);
    const down = `http://127.0.0.1:${await freePort()}`;
    const t = await createTestApp({
      LEDGER_ORIGIN: ORIGIN,
      LEDGER_SIGNING_KEY: signingKey.privateKeyPem,
      // Same origin and key as the first app, but another history: to w1 this is a fork of the log it saw.
      LEDGER_WITNESSES: `${w4.url} ${w4.key}\n${w1.url} ${w1.key}, ${w2.url} ${w2.key}, ${down} ${verifierKeyOfSeed('down.test/w3', ed25519SeedFromPem(generateSigningKey().privateKeyPem), 0x04)}`,
      LEDGER_WITNESS_QUORUM: '2',
    });
    apps.push(t);
    await appendEntries(t, 400);
    const res = await t.http().get('/api/ledger/checkpoint');
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/no checkpoint has been published yet: 1 of the 2 witness cosignatures needed/);
    expect(await t.dataSource.query(`SELECT * FROM ledger_checkpoints`)).toEqual([]);
    const { lastAttempt } = (await t.http().get('/api/ledger/witnesses')).body as { lastAttempt: { published: boolean; witnesses: Array<{ name: string; cosigned: boolean; problem: string }> } };
    expect(lastAttempt.published).toBe(false);
    expect(lastAttempt.witnesses).toEqual([
      { name: 'regulator.test/w4', cosigned: true, problem: null },
      { name: 'regulator.test/w1', cosigned: false, problem: expect.stringMatching(/HTTP 422|HTTP 409|more than this ledger holds/) },
      { name: 'regulator.test/w2', cosigned: false, problem: expect.stringMatching(/HTTP 404/) },
      { name: 'down.test/w3', cosigned: false, problem: expect.stringMatching(/unreachable/) },
    ]);
    // The witness kept its view of the real log.
    const status = (await fetch(`${w1.url}/status`).then((r) => r.json())) as { witnessed: Record<string, { size: number }> };
    expect(status.witnessed[ORIGIN].size).toBeGreaterThan(0);
  }, 120_000);
});
