import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, createProvider, loginAdmin, type TestAccount } from './factories/accounts.factory.js';
import { buyAndDeliver, publishConsentedShareholders } from './factories/consented.factory.js';

type Named = { buyerOrgId: string; buyerOrganizationName: string | null };

describe('counterparties by name on requests and grants (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let buyerOrgName: string;

  beforeAll(async () => {
    t = await createTestApp();
    provider = await createProvider(t);
    buyer = await createBuyer(t);
    // Both new organizations verified, so the provider publishes and the buyer is granted.
    const admin = await loginAdmin(t);
    for (const org of [provider.organizationId, buyer.organizationId]) {
      await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: org }, admin.token);
    }
    const id = await publishConsentedShareholders(t, provider.token, 'Named counterparties', 60, 7_000);
    await buyAndDeliver(t, buyer.token, provider.token, id);
    const me = await t.gql<{ me: { organization: { name: string } } }>(`{ me { organization { name } } }`, {}, buyer.token);
    buyerOrgName = me.data!.me.organization.name;
  });
  afterAll(() => t?.close());

  it("the provider reads the buyer organization's name on its requests and grants, not only its id", async () => {
    const res = await t.gql<{ accessRequests: Named[]; grants: Named[] }>(
      `{ accessRequests { buyerOrgId buyerOrganizationName } grants { buyerOrgId buyerOrganizationName } }`,
      {},
      provider.token,
    );
    expect(res.errors).toBeUndefined();
    const fromBuyer = [...res.data!.accessRequests, ...res.data!.grants].filter((r) => r.buyerOrgId === buyer.organizationId);
    expect(fromBuyer.length).toBeGreaterThanOrEqual(2);
    for (const r of fromBuyer) expect(r.buyerOrganizationName).toBe(buyerOrgName);
  });

  it('a buyer sees its own name there', async () => {
    const own = await t.gql<{ accessRequests: Named[] }>(`{ accessRequests { buyerOrgId buyerOrganizationName } }`, {}, buyer.token);
    expect(own.data!.accessRequests.length).toBeGreaterThan(0);
    for (const r of own.data!.accessRequests) expect(r.buyerOrganizationName).toBe(buyerOrgName);
  });
});
