import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../src/common/logging/logger.js';
import { redactUrl } from '../src/common/logging/request-logger.middleware.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { LOGIN, login, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, getDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

/** Every JSON line the app logs, kept in memory. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  parsed(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

interface RawResponse {
  status: number;
  body: string;
  ms: number;
}

/**
 * A PUT written by hand on a socket: `sent` bytes of a body whose Content-Length says
 * `declared`; then the client half-closes (`end`) or just waits.
 */
function truncatedPut(port: number, path: string, token: string, sent: Buffer, declared: number, end: boolean): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 20 s: the upload hangs'));
    }, 20_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body, ms: Date.now() - started });
    });
    socket.write(
      `PUT ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer ${token}\r\n` +
        `content-type: text/csv\r\ncontent-length: ${declared}\r\n\r\n`,
    );
    socket.write(sent, () => {
      if (end) socket.end();
    });
  });
}

/** A PUT with no content-type header at all (supertest would add one). */
function putWithoutType(port: number, path: string, token: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Files under the storage folder of one dataset (complete or `.part`), once the server's
 * clean-up had its chance: Node answers a cut-off request before the upload's handler sees it.
 */
async function settledFiles(t: TestApp, datasetId: string): Promise<string[]> {
  for (let i = 0; i < 50 && storedFiles(t, datasetId).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return storedFiles(t, datasetId);
}

/** Files under the storage folder of one dataset (complete or `.part`). */
function storedFiles(t: TestApp, datasetId: string): string[] {
  try {
    return readdirSync(join(t.config.storageDir, 'datasets', datasetId));
  } catch {
    return [];
  }
}

const CSV = 'id,city,amount\n1,武汉,10\n2,北京,20\n3,上海,30\n';

describe('the first hour: uploads, failed jobs, logs and HTTP edges (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let port: number;
  const logs = new LogCapture();
  const adminDist = mkdtempSync(join(tmpdir(), 'eastlake-admin-'));
  const previousAdminDist = process.env.EASTLAKE_ADMIN_DIST;

  beforeAll(async () => {
    writeFileSync(join(adminDist, 'index.html'), '<!doctype html><title>admin</title>');
    process.env.EASTLAKE_ADMIN_DIST = adminDist;
    t = await createTestApp(
      // One job at a time in-process: a failing job below is queued behind a slow one.
      { LOG_LEVEL: 'info', UPLOAD_IDLE_TIMEOUT_MS: '1000', CLASSIFICATION_ATTEMPTS: '2', CLASSIFICATION_CONCURRENCY: '1', LOGIN_MAX_FAILURES_PER_IP: '4' },
      { logger: createLogger('info', { destination: logs }) },
    );
    const address = t.app.getHttpServer().address();
    port = typeof address === 'object' && address ? address.port : 0;
    provider = await login(t, 'provider@demo.eastlake');
  });
  afterAll(async () => {
    await t?.close();
    if (previousAdminDist === undefined) delete process.env.EASTLAKE_ADMIN_DIST;
    else process.env.EASTLAKE_ADMIN_DIST = previousAdminDist;
    rmSync(adminDist, { recursive: true, force: true });
  });

  describe('uploads say what they accept', () => {
    it('refuses a multipart form upload with 415 and the curl command that works, storing nothing', async () => {
      const id = await createDataset(t, provider.token, { title: 'multipart' });
      const res = await t
        .http()
        .put(`/api/datasets/${id}/file`)
        .set('authorization', `Bearer ${provider.token}`)
        .attach('file', Buffer.from(CSV), 'customers.csv');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.message).toContain('multipart/form-data is not accepted');
      expect(res.body.message).toContain(`curl -X PUT --data-binary @data.csv -H 'content-type: text/csv'`);
      expect(res.body.message).toContain(`/api/datasets/${id}/file`);
      const dataset = await getDataset(t, provider.token, id);
      expect(dataset.status).toBe('DRAFT');
      expect(dataset.classificationJob).toBeNull();
      expect(storedFiles(t, id)).toEqual([]);
    });

    it('refuses a multipart consent manifest and a form-encoded one (curl -d) with 415', async () => {
      const id = await createDataset(t, provider.token, { title: 'multipart consent' });
      const multipart = await t
        .http()
        .put(`/api/datasets/${id}/consents`)
        .set('authorization', `Bearer ${provider.token}`)
        .attach('file', Buffer.from('subject_key,purposes\n1,marketing\n'), 'consents.csv');
      expect(multipart.status).toBe(415);
      expect(multipart.body.message).toContain(`--data-binary @consents.csv -H 'content-type: text/csv'`);
      const form = await t
        .http()
        .put(`/api/datasets/${id}/consents`)
        .set('authorization', `Bearer ${provider.token}`)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('subject_key=1');
      expect(form.status).toBe(415);
      expect(form.body.message).toContain('curl sends it for -d and --data-binary unless a content type is given');
      expect(form.body.message).toContain('--data-binary');
    });

    it('lists the accepted types when another one is sent', async () => {
      const id = await createDataset(t, provider.token, { title: 'png' });
      const res = await t
        .http()
        .put(`/api/datasets/${id}/file`)
        .set('authorization', `Bearer ${provider.token}`)
        .set('content-type', 'image/png')
        .send(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      expect(res.status).toBe(415);
      expect(res.body.message).toContain('content type image/png is not accepted');
      for (const type of ['application/octet-stream', 'text/csv', 'text/plain', 'text/tab-separated-values', 'application/json', 'application/x-ndjson']) {
        expect(res.body.message).toContain(type);
      }
    });

    it('takes the raw file under every accepted content type, and without one', async () => {
      const bodies: Array<[string, string]> = [
        ['application/octet-stream', CSV],
        ['text/csv; charset=utf-8', CSV],
        ['text/plain', CSV],
        ['text/tab-separated-values', 'id\tcity\n1\t武汉\n2\t北京\n'],
        ['application/json', '[{"id":1,"city":"武汉"},{"id":2,"city":"北京"}]'],
        ['application/x-ndjson', '{"id":1,"city":"武汉"}\n{"id":2,"city":"北京"}\n'],
      ];
      for (const [type, body] of bodies) {
        const id = await createDataset(t, provider.token, { title: `as ${type}` });
        const res = await t.http().put(`/api/datasets/${id}/file`).set('authorization', `Bearer ${provider.token}`).set('content-type', type).send(body);
        expect([type, res.status]).toEqual([type, 201]);
        expect(res.body.bytes).toBe(Buffer.byteLength(body));
      }
      const id = await createDataset(t, provider.token, { title: 'no content type' });
      const res = await putWithoutType(port, `/api/datasets/${id}/file`, provider.token, Buffer.from(CSV));
      expect(res.status).toBe(201);
      expect(JSON.parse(res.body).bytes).toBe(Buffer.byteLength(CSV));
    });

    it('answers a malformed x-file-name with 400 and a message, and takes a well-encoded one', async () => {
      const id = await createDataset(t, provider.token, { title: 'file name' });
      const bad = await putFile(t, provider.token, id, CSV).set('x-file-name', '%E5%AE%A2%E6%88%B7%ZZ.csv');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('BAD_USER_INPUT');
      expect(bad.body.message).toContain('x-file-name must be percent-encoded UTF-8');
      expect(storedFiles(t, id)).toEqual([]);
      const alias = await putFile(t, provider.token, id, CSV).set('x-filename', '%E5%AE');
      expect(alias.status).toBe(400);
      const good = await putFile(t, provider.token, id, CSV).set('x-file-name', encodeURIComponent('客户.csv'));
      expect(good.status).toBe(201);
      const [row] = await t.dataSource.query(`SELECT file_name FROM dataset_versions WHERE id = $1`, [good.body.versionId]);
      expect(row.file_name).toBe('客户.csv');
    });

    it('ends a body shorter than its Content-Length with a clear 400 when the client closes, storing nothing', async () => {
      const id = await createDataset(t, provider.token, { title: 'short body, closed' });
      const res = await truncatedPut(port, `/api/datasets/${id}/file`, provider.token, Buffer.from(CSV), 10_000, true);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.parse(res.body).message).toContain('fewer bytes than its Content-Length declared');
      const dataset = await getDataset(t, provider.token, id);
      expect(dataset.status).toBe('DRAFT');
      expect(dataset.classificationJob).toBeNull();
      expect(await settledFiles(t, id)).toEqual([]);
    });

    it('ends a stalled upload (Content-Length larger than what is sent, connection left open) with 400 after the idle timeout', async () => {
      const id = await createDataset(t, provider.token, { title: 'short body, open' });
      const res = await truncatedPut(port, `/api/datasets/${id}/file`, provider.token, Buffer.from(CSV), 10_000, false);
      expect(res.status).toBe(400);
      const body = JSON.parse(res.body) as { code: string; message: string };
      expect(body.code).toBe('BAD_USER_INPUT');
      expect(body.message).toContain('the upload stalled: no data for 1000 ms');
      expect(body.message).toContain(`after ${Buffer.byteLength(CSV)} of the 10000 bytes`);
      expect(res.ms).toBeGreaterThanOrEqual(900);
      expect(res.ms).toBeLessThan(10_000);
      const dataset = await getDataset(t, provider.token, id);
      expect(dataset.status).toBe('DRAFT');
      expect(await settledFiles(t, id)).toEqual([]);

      expect((await putFile(t, provider.token, id, CSV)).status).toBe(201);
      await waitForClassification(t, provider.token, id);
      const manifest = await truncatedPut(port, `/api/datasets/${id}/consents`, provider.token, Buffer.from('subject_key,purposes\n'), 5000, false);
      expect(manifest.status).toBe(400);
      expect(manifest.body).toContain('the upload stalled');
    });
  });

  describe('a classification that fails for good', () => {
    it('leaves the dataset DRAFT with the job FAILED and its reason, in the ledger too; a new upload recovers it', async () => {
      // A large first file keeps the in-process queue (one lane here) busy while the second file is removed before its job runs.
      const rows = ['id,city,amount'];
      for (let i = 0; i < 1_500_000; i++) rows.push(`${i},武汉,${i % 1000}`);
      const slow = await createDataset(t, provider.token, { title: 'slow' });
      expect((await putFile(t, provider.token, slow, rows.join('\n') + '\n')).status).toBe(201);

      const id = await createDataset(t, provider.token, { title: 'file lost' });
      const upload = await putFile(t, provider.token, id, CSV);
      expect(upload.status).toBe(201);
      const [row] = await t.dataSource.query(`SELECT storage_key FROM dataset_versions WHERE id = $1`, [upload.body.versionId]);
      rmSync(join(t.config.storageDir, row.storage_key as string));
      // The premise: the second job had not started yet.
      expect((await getDataset(t, provider.token, slow)).classificationJob?.state).not.toBe('COMPLETED');
      expect((await getDataset(t, provider.token, id)).classificationJob?.state).toBe('QUEUED');

      const failed = await waitForClassification(t, provider.token, id, 120_000);
      expect(failed.status).toBe('DRAFT');
      expect(failed.classification).toBeNull();
      expect(failed.classificationJob).toMatchObject({ state: 'FAILED', attempts: 2 });
      expect(failed.classificationJob?.error).toContain('the stored file of version 1 is missing');

      const regulator = await login(t, 'regulator@demo.eastlake');
      const entries = await t.gql<{ ledgerEntries: Array<{ entry: { action: string; data: Record<string, unknown> } }> }>(
        `query($id: ID!) { ledgerEntries(subjectId: $id, first: 50) { entry } }`,
        { id },
        regulator.token,
      );
      const last = entries.data!.ledgerEntries.at(-1)!.entry;
      expect(last.action).toBe('dataset.classification_failed');
      expect(last.data).toMatchObject({ from: 'CLASSIFYING', to: 'DRAFT', versionId: upload.body.versionId });

      expect((await putFile(t, provider.token, id, CSV)).status).toBe(201);
      const recovered = await waitForClassification(t, provider.token, id);
      expect(recovered.status).toBe('TRADEABLE');
      expect(recovered.classificationJob).toMatchObject({ state: 'COMPLETED', error: null });
      await waitForClassification(t, provider.token, slow, 120_000);
    });

    it('keeps the consent-free verdict when only the consent re-run fails, never CLASSIFYING', async () => {
      const id = await createDataset(t, provider.token, { title: 'consent re-run lost its file' });
      const mobiles = ['id,mobile', ...Array.from({ length: 20 }, (_, i) => `${i},1380013${String(8000 + i)}`)].join('\n') + '\n';
      const upload = await putFile(t, provider.token, id, mobiles);
      expect(upload.status).toBe(201);
      const classified = await waitForClassification(t, provider.token, id);
      expect(classified.status).toBe('UNTRADEABLE');
      const [row] = await t.dataSource.query(`SELECT storage_key FROM dataset_versions WHERE id = $1`, [upload.body.versionId]);
      rmSync(join(t.config.storageDir, row.storage_key as string));

      const manifest =
        [
          'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at',
          ...Array.from({ length: 20 }, (_, i) => `${createHash('sha256').update(`subject-${i}`).digest('hex')},marketing,true,true,2099-01-01T00:00:00Z,`),
        ].join('\n') + '\n';
      const attach = await t
        .http()
        .put(`/api/datasets/${id}/consents`)
        .set('authorization', `Bearer ${provider.token}`)
        .set('content-type', 'text/csv')
        .send(Buffer.from(manifest));
      expect([attach.status, attach.body.message]).toEqual([201, undefined]);
      const after = await waitForClassification(t, provider.token, id);
      expect(after.status).toBe('UNTRADEABLE');
      expect(after.classification?.verdict).toBe('UNTRADEABLE');
      expect(after.classificationJob).toMatchObject({ state: 'FAILED' });
      expect(after.classificationJob?.error).toContain('is missing');
    });
  });

  describe('HTTP edges', () => {
    it('redirects / to the admin app and serves a favicon', async () => {
      const root = await t.http().get('/');
      expect(root.status).toBe(302);
      expect(root.headers.location).toBe('/admin/');
      for (const path of ['/favicon.ico', '/favicon.svg']) {
        const icon = await t.http().get(path);
        expect(icon.status).toBe(200);
        expect(icon.headers['content-type']).toContain('image/svg+xml');
        expect(String(icon.body)).toContain('<svg');
      }
    });

    it('sends security headers on every response', async () => {
      for (const res of [await t.http().get('/healthz'), await t.gql('{ __typename }').then(() => t.http().post('/graphql').send({ query: '{ __typename }' })), await t.http().get('/nope')]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('serves the GraphQL explorer from this server to a browser outside production, and GraphQL to programs', async () => {
      const page = await t.http().get('/graphql').set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      const html = page.text;
      const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThan(2);
      for (const url of urls) expect(url).not.toMatch(/^(https?:)?\/\//);
      expect(html).toContain('<base href="/graphql-explorer/">');
      const init = await t.http().get('/graphql-explorer/init.js');
      expect(init.status).toBe(200);
      expect(init.text).toContain("endpointURL: `/graphql`");
      const script = urls.find((u) => u.endsWith('.js') && u !== 'init.js')!;
      expect((await t.http().get(`/graphql-explorer/${script}`)).status).toBe(200);

      const programmatic = await t.http().get('/graphql').query({ query: '{ __typename }' }).set('accept', 'application/json').set('apollo-require-preflight', 'true');
      expect(programmatic.body).toEqual({ data: { __typename: 'Query' } });
      expect((await t.http().post('/graphql').send({ query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('logs a person can read and nobody can replay', () => {
    it('logs one JSON line per request without headers, with the download signature and tokens redacted', async () => {
      const signature = 'c2VjcmV0LXNpZ25hdHVyZS1vZi10aGUtbGluaw';
      const path = `/api/deliveries/0b8e5d52-4b1e-4d0b-9a53-1f7c9a3e2d11.${signature}`;
      await t.http().get(path).set('authorization', `Bearer ${provider.token}`).set('x-request-id', 'redaction-check');
      await t.http().get(`/healthz?token=${signature}`);
      await t.http().post('/graphql').set('authorization', `Bearer ${provider.token}`).send({ operationName: 'Me', query: 'query Me { me { id } }' });

      const all = logs.lines.join('\n');
      expect(all).not.toContain(signature);
      expect(all).not.toContain(provider.token);
      expect(all.toLowerCase()).not.toContain('"headers"');
      const line = logs.parsed().find((l) => (l.req as { id?: string } | undefined)?.id === 'redaction-check')!;
      expect(line).toBeDefined();
      expect(line.req).toEqual({
        id: 'redaction-check',
        method: 'GET',
        url: '/api/deliveries/0b8e5d52-4b1e-4d0b-9a53-1f7c9a3e2d11.[redacted]',
        remoteAddress: expect.any(String),
      });
      expect(line.msg).toMatch(/^GET \/api\/deliveries\/0b8e5d52-4b1e-4d0b-9a53-1f7c9a3e2d11\.\[redacted\] \d{3} \d+ms$/);
      expect(line.res).toEqual({ statusCode: expect.any(Number) });
      const gql = logs.parsed().find((l) => typeof l.msg === 'string' && l.msg.startsWith('POST /graphql (Me) 200'));
      expect(gql).toBeDefined();
    });

    it('redacts download signatures and secret query values in any URL', () => {
      expect(redactUrl('/api/deliveries/abc.def?x=1')).toBe('/api/deliveries/abc.[redacted]?x=1');
      expect(redactUrl('/api/deliveries/abc.def/extra')).toBe('/api/deliveries/abc.[redacted]/extra');
      expect(redactUrl('/x?access_token=s3cret&ok=1')).toBe('/x?access_token=[redacted]&ok=1');
      expect(redactUrl('/api/datasets/abc.def')).toBe('/api/datasets/abc.def');
    });
  });

  // Last: it uses up this address's sign-in failures.
  describe('without TRUST_PROXY', () => {
    it('ignores X-Forwarded-For: every failure counts against the connecting address', async () => {
      const attempt = (ip: string, n: number) =>
        t
          .http()
          .post('/graphql')
          .set('x-forwarded-for', ip)
          .send({ query: LOGIN, variables: { input: { email: `nobody-${n}@example.test`, password: 'wrong-password' } } })
          .then((res) => codeOf({ status: res.status, ...(res.body as object) }));
      for (let i = 0; i < 4; i++) expect(await attempt(`198.51.100.${i + 1}`, i)).toBe('UNAUTHENTICATED');
      expect(await attempt('198.51.100.99', 99)).toBe('TOO_MANY_REQUESTS');
    });
  });
});
