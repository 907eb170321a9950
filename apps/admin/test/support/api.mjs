// Starts the real EastLake API (apps/api/dist/main.js) on embedded PGlite in a fresh temp
// folder, on a free port, and stops it again. Used by the browser tests and by the schema
// script. DATABASE_URL and REDIS_URL are removed so the run never touches shared services.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const API_MAIN = resolve(here, '../../../api/dist/main.js');

export async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * @returns {Promise<{url: string, dataDir: string, output: () => string, stop: () => Promise<void>}>}
 */
export async function startApi({ timeoutMs = 90_000 } = {}) {
  if (!existsSync(API_MAIN)) {
    throw new Error(
      `${API_MAIN} is missing: build the API first (npx turbo run build --filter=@eastlake/api...)`,
    );
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'eastlake-admin-e2e-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', EASTLAKE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_ENV;
  env.LOG_LEVEL = process.env.ADMIN_E2E_API_LOG_LEVEL ?? 'warn';
  env.SCRYPT_COST = '1024';
  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited)
      throw new Error(`the API exited (${JSON.stringify(exited)}) before answering:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer /healthz within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(250);
  }
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      if (!exited) {
        const gone = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs one GraphQL operation; throws on transport errors or GraphQL errors. */
export async function gql(url, query, variables = {}, token) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) {
    throw new Error(
      `GraphQL error: ${body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`,
    );
  }
  return body.data;
}

export async function login(url, email, password = 'demo-password') {
  const data = await gql(url, 'mutation($input: LoginInput!) { login(input: $input) { token } }', {
    input: { email, password },
  });
  return data.login.token;
}
