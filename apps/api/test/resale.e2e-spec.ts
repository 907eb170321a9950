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

  it('does not count the listing a dataset was acquired from under its own grant, but does under a grant made to someone else', async () => {
    const publish = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: originalId }, provider.token);
    expect(publish.data!.publishDataset.status).toBe('PUBLISHED');
    const grantTo = async (account: TestAccount): Promise<string> => {
      const req = await t.gql<{ requestAccess: { id: string } }>(
        `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "marketing", durationDays: 30, region: "CN" }) { id } }`,
        { d: originalId },
        account.token,
      );
      const decided = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(
        `mutation($id: ID!) { decideAccessRequest(id: $id, approve: true, allowOnwardTransfer: true) { grant { id } } }`,
        { id: req.data!.requestAccess.id },
        provider.token,
      );
      return decided.data!.decideAccessRequest.grant.id;
    };
    const own = await grantTo(reseller);
    const acquired = await uploadConsentedCustomers(t, reseller.token, 'acquired customers', range(0, ROWS), { provenance: 'ACQUIRED', parentGrantId: own });
    expect(acquired).toMatchObject({ status: 'TRADEABLE' });
    expect(acquired.reasons).not.toContain('RESALE_SUSPECTED');
    // Naming a grant the buyer holds exempts nothing: the same people are resale suspects again.
    const buyer = await login(t, 'buyer@demo.eastlake');
    const theirs = await grantTo(buyer);
    const borrowed = await uploadConsentedCustomers(t, reseller.token, 'customers under a borrowed grant', range(0, ROWS), { provenance: 'ACQUIRED', parentGrantId: theirs });
    expect(borrowed.status).toBe('IN_REVIEW');
    expect(borrowed.reasons).toContain('RESALE_SUSPECTED');
    const rows: Array<{ title: string; acquired_from_dataset_id: string | null }> = await t.dataSource.query(
      `SELECT title, acquired_from_dataset_id FROM datasets WHERE id = ANY($1) ORDER BY title`,
      [[acquired.id, borrowed.id]],
    );
    expect(rows).toEqual([
      { title: 'acquired customers', acquired_from_dataset_id: originalId },
      { title: 'customers under a borrowed grant', acquired_from_dataset_id: null },
    ]);
  });
});
