import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import {
  createBuyer,
  createProvider,
  LOGIN,
  login,
  loginAdmin,
  loginRegulator,
  REGISTER,
  type TestAccount,
} from './factories/accounts.factory.js';

const ME = `{ me { id email role organization { id name kind verified } } }`;

describe('accounts (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('register / login / me', () => {
    it('registers a provider organization, unverified, and signs its first user in', async () => {
      const res = await t.gql<{ register: { token: string; user: { role: string; organization: { kind: string; verified: boolean } } } }>(
        REGISTER,
        { input: { email: '  New.Provider@Example.TEST ', password: 'a-long-password', organizationName: 'Acme Data', kind: 'PROVIDER' } },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.register.user.role).toBe('PROVIDER');
      expect(res.data?.register.user.organization).toMatchObject({ kind: 'PROVIDER', verified: false });

      const me = await t.gql<{ me: { email: string } }>(ME, {}, res.data?.register.token);
      expect(me.data?.me.email).toBe('new.provider@example.test');

      const again = await login(t, 'NEW.provider@example.test', 'a-long-password');
      expect(again.token).toEqual(expect.any(String));
    });

    it('lets every demo account sign in, with a verified organization', async () => {
      for (const [email, role] of [
        ['provider@demo.eastlake', 'PROVIDER'],
        ['provider2@demo.eastlake', 'PROVIDER'],
        ['buyer@demo.eastlake', 'BUYER'],
        ['regulator@demo.eastlake', 'REGULATOR'],
        ['admin@demo.eastlake', 'ADMIN'],
      ]) {
        const account = await login(t, email);
        const me = await t.gql<{ me: { role: string; organization: { verified: boolean } } }>(ME, {}, account.token);
        expect(me.data?.me.role).toBe(role);
        expect(me.data?.me.organization.verified).toBe(true);
      }
    });

    it('refuses a wrong password without saying whether the account exists', async () => {
      const wrong = await t.gql(LOGIN, { input: { email: 'buyer@demo.eastlake', password: 'not-the-password' } });
      const nobody = await t.gql(LOGIN, { input: { email: 'nobody@demo.eastlake', password: 'not-the-password' } });
      expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
      expect(codeOf(nobody)).toBe('UNAUTHENTICATED');
      expect(wrong.errors?.[0].message).toBe(nobody.errors?.[0].message);
    });

    it('refuses a duplicate email with CONFLICT, in any case', async () => {
      const res = await t.gql(REGISTER, {
        input: { email: 'PROVIDER@demo.eastlake', password: 'a-long-password', organizationName: 'Other Org', kind: 'BUYER' },
      });
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.errors?.[0].message).toContain('already exists');
    });

    it('does not let anyone register as a regulator or admin', async () => {
      const res = await t.gql(REGISTER, {
        input: { email: 'sneaky@example.test', password: 'a-long-password', organizationName: 'Sneaky', kind: 'REGULATOR' },
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toContain('kind must be PROVIDER or BUYER');
    });

    it('explains malformed input in words', async () => {
      const res = await t.gql(REGISTER, {
        input: { email: 'not-an-email', password: 'short', organizationName: '   ', kind: 'BUYER' },
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      const message = res.errors?.[0].message ?? '';
      expect(message).toContain('email must be an email address');
      expect(message).toContain('password must be at least 10 characters');
      expect(message).toContain('organizationName must not be blank');
      // A failed registration leaves nothing behind.
      const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM organizations WHERE name = '   '`);
      expect(count[0].n).toBe(0);
    });

    it('rejects a variable of the wrong type as BAD_USER_INPUT', async () => {
      const res = await t.gql(LOGIN, { input: { email: 42 } });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    });

    it('rejects an id that is not an id with a clear message', async () => {
      const admin = await loginAdmin(t);
      const res = await t.gql(`{ organization(id: "1; DROP TABLE users") { id } }`, {}, admin.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toContain('is not a valid id');
    });
  });

  describe('tokens', () => {
    it('needs a token for me', async () => {
      expect(codeOf(await t.gql(ME))).toBe('UNAUTHENTICATED');
    });

    it('rejects a forged token', async () => {
      const buyer = await login(t, 'buyer@demo.eastlake');
      const forged = jwt.sign({}, 'someone-elses-secret-123456', { subject: buyer.userId, issuer: 'eastlake', expiresIn: 600 });
      const res = await t.gql(ME, {}, forged);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].message).toContain('not valid');
    });

    it('rejects an expired token', async () => {
      const buyer = await login(t, 'buyer@demo.eastlake');
      const expired = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 60 }, t.config.jwtSecret, {
        subject: buyer.userId,
        issuer: 'eastlake',
      });
      const res = await t.gql(ME, {}, expired);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].message).toContain('expired');
    });

    it('rejects a malformed Authorization header', async () => {
      const res = await t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', 'Token abc')
        .send({ query: ME });
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('authorization', () => {
    let providerA: TestAccount;
    let providerB: TestAccount;
    let buyer: TestAccount;
    beforeAll(async () => {
      providerA = await createProvider(t);
      providerB = await createProvider(t);
      buyer = await createBuyer(t);
    });

    it("lets a provider read its own organization's users", async () => {
      const res = await t.gql<{ users: Array<{ email: string }> }>(
        `query($org: ID) { users(organizationId: $org) { email } }`,
        { org: providerA.organizationId },
        providerA.token,
      );
      expect(res.data?.users.map((u) => u.email)).toEqual([providerA.email]);
    });

    it("refuses a provider reading another organization's users (FORBIDDEN)", async () => {
      const res = await t.gql(`query($org: ID) { users(organizationId: $org) { email } }`, { org: providerB.organizationId }, providerA.token);
      expect(codeOf(res)).toBe('FORBIDDEN');
      const single = await t.gql(`query($id: ID!) { user(id: $id) { email } }`, { id: providerB.userId }, providerA.token);
      expect(codeOf(single)).toBe('FORBIDDEN');
      const org = await t.gql(`query($id: ID!) { organization(id: $id) { name } }`, { id: providerB.organizationId }, providerA.token);
      expect(codeOf(org)).toBe('FORBIDDEN');
    });

    it('filters list queries in SQL to what the caller may see', async () => {
      const res = await t.gql<{ users: Array<{ email: string }>; organizations: Array<{ id: string }> }>(
        `{ users { email } organizations { id } }`,
        {},
        buyer.token,
      );
      expect(res.data?.users.map((u) => u.email)).toEqual([buyer.email]);
      expect(res.data?.organizations.map((o) => o.id)).toEqual([buyer.organizationId]);
      const regulator = await loginRegulator(t);
      const all = await t.gql<{ users: Array<{ email: string }> }>(`{ users { email } }`, {}, regulator.token);
      expect(all.data?.users.map((u) => u.email)).toEqual(expect.arrayContaining([buyer.email, providerA.email, providerB.email]));
    });

    it('refuses admin-only mutations to a buyer (FORBIDDEN)', async () => {
      const create = await t.gql(
        `mutation { createUser(input: { email: "reg2@example.test", password: "a-long-password", role: REGULATOR, organizationName: "X" }) { id } }`,
        {},
        buyer.token,
      );
      expect(codeOf(create)).toBe('FORBIDDEN');
      const verify = await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`, { id: buyer.organizationId }, buyer.token);
      expect(codeOf(verify)).toBe('FORBIDDEN');
      const role = await t.gql(`mutation($id: ID!) { changeUserRole(userId: $id, role: ADMIN) { role } }`, { id: buyer.userId }, buyer.token);
      expect(codeOf(role)).toBe('FORBIDDEN');
    });

    it('lets an admin create a regulator, who can then sign in', async () => {
      const admin = await loginAdmin(t);
      const res = await t.gql<{ createUser: { role: string; organization: { kind: string; verified: boolean } } }>(
        `mutation { createUser(input: { email: "inspector@example.test", password: "a-long-password", role: REGULATOR, organizationName: "Provincial CAC" }) { role organization { kind verified } } }`,
        {},
        admin.token,
      );
      expect(res.data?.createUser).toEqual({ role: 'REGULATOR', organization: { kind: 'REGULATOR', verified: true } });
      const inspector = await login(t, 'inspector@example.test', 'a-long-password');
      const me = await t.gql<{ me: { role: string } }>(ME, {}, inspector.token);
      expect(me.data?.me.role).toBe('REGULATOR');
    });

    it('lets an admin verify an organization', async () => {
      const admin = await loginAdmin(t);
      const res = await t.gql<{ verifyOrganization: { verified: boolean } }>(
        `mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`,
        { id: buyer.organizationId },
        admin.token,
      );
      expect(res.data?.verifyOrganization.verified).toBe(true);
    });

    it('refuses a role that does not fit the organization, and an admin demoting themselves', async () => {
      const admin = await loginAdmin(t);
      const misfit = await t.gql(`mutation($id: ID!) { changeUserRole(userId: $id, role: REGULATOR) { role } }`, { id: buyer.userId }, admin.token);
      expect(codeOf(misfit)).toBe('BAD_USER_INPUT');
      const self = await t.gql(`mutation($id: ID!) { changeUserRole(userId: $id, role: PROVIDER) { role } }`, { id: admin.userId }, admin.token);
      expect(codeOf(self)).toBe('FORBIDDEN');
    });
  });

  describe('operations', () => {
    it('answers /healthz after checking the database', async () => {
      const res = await t.http().get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', database: 'ok' });
    });

    it('echoes a request id', async () => {
      const res = await t.http().get('/healthz').set('x-request-id', 'trace-123');
      expect(res.headers['x-request-id']).toBe('trace-123');
      const fresh = await t.http().get('/healthz');
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('allows introspection outside production', async () => {
      const res = await t.gql<{ __schema: { queryType: { name: string } } }>(`{ __schema { queryType { name } } }`);
      expect(res.data?.__schema.queryType.name).toBe('Query');
    });
  });
});
