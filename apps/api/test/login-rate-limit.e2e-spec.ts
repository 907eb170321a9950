import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, LOGIN } from './factories/accounts.factory.js';

describe('login rate limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '8' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    const victim = await createBuyer(t);
    for (let i = 0; i < 3; i++) {
      const res = await t.gql(LOGIN, { input: { email: victim.email, password: `guess-${i}-xxxxxx` } });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    const locked = await t.gql(LOGIN, { input: { email: victim.email, password: victim.password } });
    expect(codeOf(locked)).toBe('TOO_MANY_REQUESTS');
    expect(locked.errors?.[0].message).toMatch(/try again in \d+ seconds/);
    expect(locked.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // Another account from the same IP is still below the IP limit.
    const other = await createBuyer(t);
    const ok = await t.gql(LOGIN, { input: { email: other.email, password: other.password } });
    expect(ok.errors).toBeUndefined();
  });

  it('limits failures per IP across accounts', async () => {
    // 3 failures so far from this IP; 5 more on different accounts reach 8.
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(LOGIN, { input: { email: `spray-${i}@example.test`, password: 'password-spray' } });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    const fresh = await createBuyer(t);
    const res = await t.gql(LOGIN, { input: { email: fresh.email, password: fresh.password } });
    expect(codeOf(res)).toBe('TOO_MANY_REQUESTS');
  });
});
