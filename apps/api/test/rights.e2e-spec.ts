import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { corpusFile } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, type TestAccount } from './factories/accounts.factory.js';
import { putFile, waitForClassification } from './factories/datasets.factory.js';

const WEATHER = corpusFile('weather_wuhan.csv');
const ALL_RIGHTS = { holding: true, processing: true, operation: true };
const CREATE = `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id rights { holding processing operation } } }`;

describe('ownership rights and onward transfer ("Data 20 Articles") (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let acquirer: TestAccount;
  let buyer: TestAccount;
  let sourceId: string;

  const create = async (account: TestAccount, input: Record<string, unknown>) => {
    const res = await t.gql<{ createDataset: { id: string } }>(`mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`, {
      input: { title: 'weather', region: 'CN', provenance: 'COLLECTED', rights: ALL_RIGHTS, ...input },
    }, account.token);
    const id = res.data!.createDataset.id;
    expect((await putFile(t, account.token, id, WEATHER)).status).toBe(201);
    expect((await waitForClassification(t, account.token, id)).status).toBe('TRADEABLE');
    return id;
  };
  const publish = (account: TestAccount, id: string) => t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, account.token);
  const grantTo = async (account: TestAccount, onward: boolean) => {
    const req = await t.gql<{ requestAccess: { id: string; status: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "forecasting", durationDays: 365, region: "CN" }) { id status } }`,
      { d: sourceId },
      account.token,
    );
    expect(req.data!.requestAccess.status).toBe('PENDING');
    const decided = await t.gql<{ decideAccessRequest: { grant: { id: string; onwardTransfer: boolean; policy: { prohibition: unknown[] } } } }>(
      `mutation($id: ID!, $o: Boolean) { decideAccessRequest(id: $id, approve: true, allowOnwardTransfer: $o) { grant { id onwardTransfer policy } } }`,
      { id: req.data!.requestAccess.id, o: onward },
      provider.token,
    );
    return decided.data!.decideAccessRequest.grant;
  };

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    acquirer = await login(t, 'provider2@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    sourceId = await create(provider, { title: 'source weather' });
    expect((await publish(provider, sourceId)).data!.publishDataset.status).toBe('PUBLISHED');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('requires the rights declaration: nothing is assumed', async () => {
    const none = await t.gql(CREATE, { input: { title: 'no rights', region: 'CN', provenance: 'COLLECTED' } }, provider.token);
    expect(codeOf(none)).toBe('BAD_USER_INPUT');
    const partial = await t.gql(CREATE, { input: { title: 'half', region: 'CN', provenance: 'COLLECTED', rights: { holding: true } } }, provider.token);
    expect(codeOf(partial)).toBe('BAD_USER_INPUT');
    expect(partial.errors![0].message).toMatch(/processing|operation/);
    const declared = await t.gql<{ createDataset: { rights: Record<string, boolean> } }>(
      CREATE,
      { input: { title: 'declared', region: 'CN', provenance: 'COLLECTED', rights: { holding: true, processing: false, operation: false } } },
      provider.token,
    );
    expect(declared.data!.createDataset.rights).toEqual({ holding: true, processing: false, operation: false });
  });

  it('needs the product operation right to publish', async () => {
    const id = await create(provider, { rights: { holding: true, processing: true, operation: false } });
    const res = await publish(provider, id);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toContain('product operation right');
  });

  it('refuses a request for your own dataset, as data', async () => {
    const res = await t.gql<{ requestAccess: { status: string; reasonCodes: string[] } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "forecasting", durationDays: 1, region: "CN" }) { status reasonCodes } }`,
      { d: sourceId },
      provider.token,
    );
    expect(res.data!.requestAccess).toEqual({ status: 'REFUSED', reasonCodes: ['OWN_DATASET'] });
  });

  it('refuses to publish acquired data that names no grant', async () => {
    const res = await publish(acquirer, await create(acquirer, { provenance: 'ACQUIRED' }));
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toContain('must name the grant');
  });

  it('refuses to resell under a grant without onward transfer', async () => {
    const grant = await grantTo(acquirer, false);
    expect(grant.onwardTransfer).toBe(false);
    expect(grant.policy.prohibition).toEqual([{ action: 'distribute' }, { action: 'transfer' }]);
    const res = await publish(acquirer, await create(acquirer, { provenance: 'DERIVED', parentGrantId: grant.id }));
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toContain('does not allow onward transfer');
  });

  it("refuses someone else's grant", async () => {
    const grant = await grantTo(buyer, true);
    const res = await publish(acquirer, await create(acquirer, { provenance: 'ACQUIRED', parentGrantId: grant.id }));
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toContain('not made to your organization');
  });

  it('publishes acquired data under a grant that allows onward transfer, until that grant is revoked', async () => {
    const grant = await grantTo(acquirer, true);
    expect(grant.policy.prohibition).toEqual([]);
    const id = await create(acquirer, { provenance: 'ACQUIRED', parentGrantId: grant.id });
    await t.gql(`mutation($id: ID!) { revokeGrant(id: $id, reason: "contract ended") { status } }`, { id: grant.id }, provider.token);
    const refused = await publish(acquirer, id);
    expect(refused.errors![0].message).toContain('REVOKED');
    const fresh = await grantTo(acquirer, true);
    const id2 = await create(acquirer, { provenance: 'ACQUIRED', parentGrantId: fresh.id });
    expect((await publish(acquirer, id2)).data!.publishDataset.status).toBe('PUBLISHED');
  });
});
