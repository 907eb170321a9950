import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createProvider, login, loginAdmin, type TestAccount } from './factories/accounts.factory.js';
import { ALL_RIGHTS } from './factories/datasets.factory.js';

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email role disabledAt organization { id name kind } } }`;
const CHANGE_ROLE = `mutation($u: ID!, $r: Role!) { changeUserRole(userId: $u, role: $r) { id role } }`;
const DISABLE = `mutation($u: ID!, $why: String!) { disableUser(userId: $u, reason: $why) { id disabledAt } }`;
const ENABLE = `mutation($u: ID!) { enableUser(userId: $u) { id disabledAt } }`;
const CREATE_DATASET = `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token } }`;

describe('admin account management (e2e)', () => {
  let t: TestApp;
  let admin: TestAccount;
  let demoProvider: TestAccount;
  const password = 'a-long-enough-password';

  const ledgerOf = async (subjectId: string) =>
    (await t.gql<{ ledgerEntries: Array<{ entry: { action: string; data: Record<string, unknown> } }> }>(`query($s: ID!) { ledgerEntries(subjectId: $s) { entry } }`, { s: subjectId }, admin.token)).data!.ledgerEntries.map(
      (e) => e.entry,
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    demoProvider = await login(t, 'provider@demo.eastlake');
  });
  afterAll(() => t?.close());

  it('creates a user in an existing organization picked by id; a taken name is a CONFLICT, a misfit role is refused', async () => {
    const orgs = await t.gql<{ organizations: Array<{ id: string; name: string; kind: string }> }>(`{ organizations(kind: PROVIDER) { id name kind } }`, {}, admin.token);
    expect(orgs.data!.organizations.every((o) => o.kind === 'PROVIDER')).toBe(true);
    const org = orgs.data!.organizations.find((o) => o.id === demoProvider.organizationId)!;
    const byName = await t.gql<{ organizations: Array<{ id: string }> }>(`query($s: String) { organizations(search: $s) { id } }`, { s: org.name.slice(1, 6).toUpperCase() }, admin.token);
    expect(byName.data!.organizations.map((o) => o.id)).toContain(org.id);

    const created = await t.gql<{ createUser: { id: string; role: string; organization: { id: string } } }>(
      CREATE_USER,
      { input: { email: 'Analyst@Provider.test', password, role: 'PROVIDER', organizationId: org.id } },
      admin.token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createUser).toMatchObject({ role: 'PROVIDER', organization: { id: org.id } });
    const analyst = await login(t, 'analyst@provider.test', password);
    expect(analyst.organizationId).toBe(org.id);
    const ds = await t.gql(CREATE_DATASET, { input: { title: 'By the new analyst', description: 'x', region: 'CN', provenance: 'COLLECTED', rights: ALL_RIGHTS } }, analyst.token);
    expect(ds.errors).toBeUndefined();
    expect((await ledgerOf(created.data!.createUser.id)).map((e) => e.action)).toContain('user.created');

    const taken = await t.gql(CREATE_USER, { input: { email: 'dup@provider.test', password, role: 'PROVIDER', organizationName: org.name } }, admin.token);
    expect(codeOf(taken)).toBe('CONFLICT');
    const misfit = await t.gql(CREATE_USER, { input: { email: 'misfit@provider.test', password, role: 'REGULATOR', organizationId: org.id } }, admin.token);
    expect(codeOf(misfit)).toBe('BAD_USER_INPUT');
    expect(misfit.errors![0].message).toContain('PROVIDER or BUYER');
    const users = await t.gql<{ users: Array<{ email: string }> }>(`{ users(search: "analyst@") { email } }`, {}, admin.token);
    expect(users.data!.users.map((u) => u.email)).toEqual(['analyst@provider.test']);
  });

  it('changes a role within what the organization allows; the new role applies to live tokens', async () => {
    const p = await createProvider(t);
    const changed = await t.gql<{ changeUserRole: { role: string } }>(CHANGE_ROLE, { u: p.userId, r: 'BUYER' }, admin.token);
    expect(changed.data!.changeUserRole.role).toBe('BUYER');
    expect(codeOf(await t.gql(CREATE_DATASET, { input: { title: 'x', description: 'x', region: 'CN', provenance: 'COLLECTED', rights: ALL_RIGHTS } }, p.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CHANGE_ROLE, { u: p.userId, r: 'ADMIN' }, admin.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CHANGE_ROLE, { u: admin.userId, r: 'ADMIN' }, admin.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CHANGE_ROLE, { u: p.userId, r: 'PROVIDER' }, demoProvider.token))).toBe('FORBIDDEN');
    expect((await ledgerOf(p.userId)).find((e) => e.action === 'user.role_changed')!.data).toMatchObject({ from: 'PROVIDER', to: 'BUYER' });
  });

  it('disables an account: its token and sign-ins are refused with a clear error, all ledgered; enabling restores it', async () => {
    const p = await createProvider(t);
    expect(codeOf(await t.gql(DISABLE, { u: p.userId, why: '  ' }, admin.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(DISABLE, { u: p.userId, why: 'left the company' }, demoProvider.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(DISABLE, { u: admin.userId, why: 'oops' }, admin.token))).toBe('FORBIDDEN');
    const disabled = await t.gql<{ disableUser: { disabledAt: string | null } }>(DISABLE, { u: p.userId, why: 'left the company' }, admin.token);
    expect(disabled.data!.disableUser.disabledAt).not.toBeNull();

    const live = await t.gql(`{ me { id } }`, {}, p.token);
    expect(codeOf(live)).toBe('UNAUTHENTICATED');
    expect(live.errors![0].message).toContain('disabled');
    const refused = await t.gql(LOGIN, { input: { email: p.email, password: p.password } });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].extensions!.reason).toBe('ACCOUNT_DISABLED');
    expect(refused.errors![0].message).toContain('disabled by a platform admin');
    // A wrong password does not reveal that the account exists and is disabled.
    expect(codeOf(await t.gql(LOGIN, { input: { email: p.email, password: 'wrong-password-123' } }))).toBe('UNAUTHENTICATED');

    expect((await t.gql<{ enableUser: { disabledAt: string | null } }>(ENABLE, { u: p.userId }, admin.token)).data!.enableUser.disabledAt).toBeNull();
    expect((await t.gql<{ login: { token: string } }>(LOGIN, { input: { email: p.email, password: p.password } })).data!.login.token).toBeTruthy();
    const actions = (await ledgerOf(p.userId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.disabled', 'auth.login_refused', 'user.enabled']));
    expect((await ledgerOf(p.userId)).find((e) => e.action === 'user.disabled')!.data).toMatchObject({ reason: 'left the company' });
  });

  it('records who verified an organization and when', async () => {
    const p = await createProvider(t);
    const before = await t.gql<{ organization: { verified: boolean; verifiedAt: string | null; verifiedBy: string | null } }>(`query($id: ID!) { organization(id: $id) { verified verifiedAt verifiedBy } }`, { id: p.organizationId }, admin.token);
    expect(before.data!.organization).toEqual({ verified: false, verifiedAt: null, verifiedBy: null });
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: p.organizationId }, admin.token);
    const after = await t.gql<{ organization: { verified: boolean; verifiedAt: string | null; verifiedBy: string | null } }>(`query($id: ID!) { organization(id: $id) { verified verifiedAt verifiedBy } }`, { id: p.organizationId }, admin.token);
    expect(after.data!.organization.verified).toBe(true);
    expect(Date.parse(after.data!.organization.verifiedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(after.data!.organization.verifiedBy).toBe('admin@demo.eastlake');
    // The provider sees its own organization's profile but not the admin's email.
    const own = await t.gql<{ organization: { verifiedBy: string | null } }>(`query($id: ID!) { organization(id: $id) { verifiedBy } }`, { id: p.organizationId }, p.token);
    expect(own.data!.organization.verifiedBy).toBeNull();
  });
});
