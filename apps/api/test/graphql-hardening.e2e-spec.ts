import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKey } from '@eastlake/ledger/node';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';

/**
 * Attacks on the GraphQL endpoint, against a production-mode app whose limits are set
 * low enough that this small schema can reach them (the defaults are higher; the rules
 * are the same).
 */
describe('GraphQL hardening (e2e)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-for-tests-only',
      SEED_DEMO: 'false',
      LEDGER_SIGNING_KEY: generateSigningKey().privateKeyPem,
      GRAPHQL_MAX_DEPTH: '2',
      GRAPHQL_MAX_ALIASES: '3',
      GRAPHQL_MAX_COST: '40',
    });
    const res = await t.gql<{ register: { token: string } }>(
      `mutation { register(input: { email: "hardening@example.test", password: "a-long-password", organizationName: "Hardening", kind: BUYER }) { token } }`,
    );
    token = res.data!.register.token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds no demo accounts in production', async () => {
    const res = await t.gql(`mutation { login(input: { email: "admin@demo.eastlake", password: "demo-password" }) { token } }`);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('answers a query within the limits', async () => {
    const res = await t.gql<{ me: { email: string } }>(`{ me { id email } }`, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.email).toBe('hardening@example.test');
  });

  it('rejects a query that is too deep', async () => {
    const res = await t.gql(`{ me { organization { id } } }`, {}, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toMatch(/depth limit of 2 exceeded/i);
    // Fragments do not hide depth.
    const viaFragment = await t.gql(`{ users { ...U } } fragment U on User { organization { id } }`, {}, token);
    expect(viaFragment.errors?.[0].message).toMatch(/depth/i);
  });

  it('rejects too many aliases', async () => {
    const res = await t.gql(`{ a: me { id } b: me { id } c: me { id } d: me { id } }`, {}, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toMatch(/alias/i);
  });

  it('rejects a query that costs too much', async () => {
    const fields = Array.from({ length: 30 }, () => 'id email role createdAt').join(' ');
    const res = await t.gql(`{ me { ${fields} } users { ${fields} } }`, {}, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toMatch(/cost/i);
  });

  it('refuses batched arrays of operations', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body ?? res.text)).toMatch(/batch/i);
  });

  it('turns introspection off in production', async () => {
    const res = await t.gql(`{ __schema { types { name } } }`, {}, token);
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no field suggestions in production', async () => {
    const res = await t.gql(`{ mee { id } }`, {}, token);
    expect(res.errors?.[0].message).toContain('Cannot query field "mee"');
    expect(res.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('never sends a stack trace', async () => {
    const res = await t.gql(`{ mee { id } }`, {}, token);
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.js/);
  });
});
