import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { LOGIN } from './factories/accounts.factory.js';

/** A production server behind a proxy on this host: TRUST_PROXY=loopback. */
describe('production hardening: trusted proxy, no explorer, every alias counted (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    t = await createTestApp({
      NODE_ENV: 'production',
      SEED_DEMO: 'false',
      JWT_SECRET: 'a-production-secret-of-our-own',
      LEDGER_SIGNING_KEY: key,
      TRUST_PROXY: 'loopback',
      LOGIN_MAX_FAILURES_PER_IP: '3',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '100',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const attempt = (ip: string, n: number) =>
    t
      .http()
      .post('/graphql')
      .set('x-forwarded-for', ip)
      .send({ query: LOGIN, variables: { input: { email: `nobody-${n}@example.test`, password: 'wrong-password' } } })
      .then((res) => codeOf({ status: res.status, ...(res.body as object) }));

  it('limits sign-in failures per client address from X-Forwarded-For when the proxy is trusted', async () => {
    // Four clients behind the proxy, one failure each: nobody is limited (untrusted, they would be one address).
    for (let i = 0; i < 4; i++) expect(await attempt(`203.0.113.${i + 1}`, i)).toBe('UNAUTHENTICATED');
    // One client failing again and again is.
    for (let i = 0; i < 2; i++) expect(await attempt('203.0.113.1', 10 + i)).toBe('UNAUTHENTICATED');
    expect(await attempt('203.0.113.1', 20)).toBe('TOO_MANY_REQUESTS');
    expect(await attempt('203.0.113.2', 21)).toBe('UNAUTHENTICATED');
  });

  it('never serves the GraphQL explorer in production', async () => {
    const page = await t.http().get('/graphql').set('accept', 'text/html');
    expect(page.text ?? '').not.toContain('graphql-explorer');
    expect(page.headers['content-type'] ?? '').not.toContain('text/html');
    expect((await t.http().get('/graphql-explorer/init.js')).status).toBe(404);
  });

  it('counts __typename aliases against the alias limit', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const res = await t.http().post('/graphql').send({ query });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded, found 1000/);
    expect(res.body.data).toBeUndefined();
    const few = await t.http().post('/graphql').send({ query: '{ a: __typename b: __typename }' });
    expect(few.body).toEqual({ data: { a: 'Query', b: 'Query' } });
  });
});
