import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { uploadConsentedCustomers } from './factories/consented.factory.js';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const ROWS = 300;

describe('resale detection (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let reseller: TestAccount;
  let regulator: TestAccount;
  let originalId: string;
  const outcomes = new Map<number, { id: string; status: string; reasons: string[] }>();

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    reseller = await login(t, 'provider2@demo.eastlake');
    regulator = await loginRegulator(t);
    const original = await uploadConsentedCustomers(t, provider.token, 'original customers', range(0, ROWS));
    expect(original.status).toBe('TRADEABLE');
    originalId = original.id;
    // Another organization uploads customer lists sharing 0 %, 10 %, 35 % and 100 % of those people.
    for (const share of [0, 10, 35, 100]) {
      const shared = Math.round((ROWS * share) / 100);
      outcomes.set(share, await uploadConsentedCustomers(t, reseller.token, `list sharing ${share}%`, [...range(0, shared), ...range(50_000 + share * 1000, ROWS - shared)]));
    }
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    [0, 'TRADEABLE'],
    [10, 'TRADEABLE'],
    [35, 'IN_REVIEW'],
    [100, 'IN_REVIEW'],
  ])('a list sharing %p %% of its people is %s', (share, status) => {
    const o = outcomes.get(share)!;
    expect(o.status).toBe(status);
    expect(o.reasons.includes('RESALE_SUSPECTED')).toBe(status === 'IN_REVIEW');
  });

  it("names the overlapping listing to reviewers, not to the uploader", async () => {
    const id = outcomes.get(100)!.id;
    const q = `query($id: ID!) { dataset(id: $id) { classification { reasons { code message } } resaleSuspicions { datasetId datasetTitle ownerName overlap } } }`;
    const reviewer = await t.gql<{ dataset: { resaleSuspicions: Array<{ datasetId: string; datasetTitle: string; overlap: number }> } }>(q, { id }, regulator.token);
    expect(reviewer.data!.dataset.resaleSuspicions).toHaveLength(1);
    expect(reviewer.data!.dataset.resaleSuspicions[0]).toMatchObject({ datasetId: originalId, datasetTitle: 'original customers', ownerName: 'Demo Provider Co.' });
    expect(reviewer.data!.dataset.resaleSuspicions[0].overlap).toBeGreaterThan(0.75);
    const uploader = await t.gql(q, { id }, reseller.token);
    expect(codeOf(uploader)).toBe('FORBIDDEN');
    const reasons = await t.gql<{ dataset: { classification: { reasons: Array<{ code: string; message: string }> } } }>(
      `query($id: ID!) { dataset(id: $id) { classification { reasons { code message } } } }`,
      { id },
      reseller.token,
    );
    const resale = reasons.data!.dataset.classification.reasons.find((r) => r.code === 'RESALE_SUSPECTED')!;
    expect(resale.message).not.toContain('original customers');
  });

  it("does not flag an organization's overlap with its own listings", async () => {
    // People no other organization lists: the provider's own second list is not resale.
    const first = await uploadConsentedCustomers(t, provider.token, 'loyalty members', range(200_000, ROWS));
    const again = await uploadConsentedCustomers(t, provider.token, 'loyalty members, again', range(200_000, ROWS));
    expect([first.status, again.status]).toEqual(['TRADEABLE', 'TRADEABLE']);
  });

  it('shows the reseller in the risk flags', async () => {
    const res = await t.gql<{ riskFlags: Array<{ kind: string; organization: { id: string }; count: number }> }>(`{ riskFlags { kind organization { id } count } }`, {}, regulator.token);
    expect(res.data!.riskFlags.filter((f) => f.kind === 'RESALE_SUSPECTED')).toEqual([{ kind: 'RESALE_SUSPECTED', organization: { id: reseller.organizationId }, count: 2 }]);
  });
});
