import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { LOCK_FILE } from '../src/database/data-dir-lock.js';
import { ALL_RIGHTS } from './factories/datasets.factory.js';

const MAIN = join(process.cwd(), 'dist', 'main.js');

interface Server {
  child: ChildProcess;
  pid: number;
  url: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The embedded server (never PostgreSQL: the lock is the embedded folder's), as `npm start` runs it. */
function env(dir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, NODE_OPTIONS: _node, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'development', EASTLAKE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SCRYPT_COST: '1024', LOG_LEVEL: 'info' };
}

function run(dir: string): { child: ChildProcess; out: string[]; err: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN], { env: env(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => err.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, err, exited };
}

async function start(dir: string): Promise<Server> {
  const { child, out, err, exited } = run(dir);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner after 90 s: ${out.join('')} ${err.join('')}`)), 90_000);
    const look = () => {
      const match = /GraphQL\s+(http:\/\/localhost:\d+)\/graphql/.exec(out.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${err.join('')}`));
    });
  });
  return { child, pid: child.pid!, url, stdout: () => out.join(''), exited };
}

async function finish(dir: string): Promise<Finished> {
  const { out, err, exited } = run(dir);
  const code = await exited;
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function gql<T>(server: Server, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function token(server: Server, email: string): Promise<string> {
  const data = await gql<{ login: { token: string } }>(server, `mutation($input: LoginInput!) { login(input: $input) { token } }`, {
    input: { email, password: 'demo-password' },
  });
  return data.login.token;
}

type Entries = Array<{ seq: number; leafHash: string }>;

async function ledger(server: Server, regulator: string): Promise<{ entries: Entries; treeSize: number; rootHash: string }> {
  const entries: Entries = [];
  for (;;) {
    const page = await gql<{ ledgerEntries: Entries }>(
      server,
      `query($after: Int) { ledgerEntries(after: $after, first: 100) { seq leafHash } }`,
      { after: entries.at(-1)?.seq ?? 0 },
      regulator,
    );
    entries.push(...page.ledgerEntries);
    if (page.ledgerEntries.length < 100) break;
  }
  const { ledgerHead } = await gql<{ ledgerHead: { treeSize: number; rootHash: string } }>(server, `{ ledgerHead { treeSize rootHash } }`, {}, regulator);
  return { entries, ...ledgerHead };
}

async function stop(server: Server): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('one process per embedded data folder (e2e, built server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eastlake-lock-e2e-'));
  const running: Server[] = [];
  afterAll(async () => {
    for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second server on the folder, keeps every write of the first, and takes over a stale lock', async () => {
    const first = await start(dir);
    running.push(first);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(first.pid));

    const second = await finish(dir);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `eastlake: the data folder ${dir} is in use by process ${first.pid}: stop that server first, or set EASTLAKE_DATA_DIR to another folder\n`,
    );
    expect(second.stdout).toBe('');

    // Writes through GraphQL and REST, each with its ledger entry.
    const provider = await token(first, 'provider@demo.eastlake');
    const ids: string[] = [];
    for (const title of ['kept one', 'kept two']) {
      const { createDataset } = await gql<{ createDataset: { id: string } }>(
        first,
        `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
        { input: { title, description: 'written while a second server tried to start', region: 'CN', provenance: 'COLLECTED', rights: ALL_RIGHTS } },
        provider,
      );
      ids.push(createDataset.id);
    }
    const upload = await fetch(`${first.url}/api/datasets/${ids[0]}/file`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${provider}`, 'content-type': 'text/csv' },
      body: 'id,city,amount\n1,武汉,10\n2,北京,20\n',
    });
    expect(upload.status).toBe(201);
    for (let i = 0; i < 300; i++) {
      const { dataset } = await gql<{ dataset: { status: string } }>(first, `query($id: ID!) { dataset(id: $id) { status } }`, { id: ids[0] }, provider);
      if (dataset.status !== 'CLASSIFYING') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const regulator = await token(first, 'regulator@demo.eastlake');
    const before = await ledger(first, regulator);
    expect(before.treeSize).toBe(before.entries.length);
    expect(before.entries.map((e) => e.seq)).toEqual(before.entries.map((_, i) => i + 1));

    expect(await stop(first)).toBe(0);
    expect(first.stdout()).toContain('shutting down');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    const again = await start(dir);
    running.push(again);
    const provider2 = await token(again, 'provider@demo.eastlake');
    for (const [i, id] of ids.entries()) {
      const { dataset } = await gql<{ dataset: { title: string; status: string } }>(again, `query($id: ID!) { dataset(id: $id) { title status } }`, { id }, provider2);
      expect(dataset.title).toBe(['kept one', 'kept two'][i]);
    }
    const after = await ledger(again, await token(again, 'regulator@demo.eastlake'));
    expect(after.entries.slice(0, before.entries.length)).toEqual(before.entries);
    expect(after.treeSize).toBeGreaterThanOrEqual(before.treeSize);

    // kill -9 leaves the lock file behind; the next server sees its pid is gone and takes over.
    again.child.kill('SIGKILL');
    await again.exited;
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(again.pid));
    const third = await start(dir);
    running.push(third);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(third.pid));
    const { dataset } = await gql<{ dataset: { title: string } }>(third, `query($id: ID!) { dataset(id: $id) { title } }`, { id: ids[1] }, await token(third, 'provider@demo.eastlake'));
    expect(dataset.title).toBe('kept two');
    expect(await stop(third)).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 300_000);
});
