import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { entryLeafHash, merkleTreeHash, toHex, type LedgerEntry } from '@eastlake/ledger';
import { CORPUS } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createProvider, login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { uploadDataset } from './factories/datasets.factory.js';
import { buyAndDeliver, publishConsentedShareholders } from './factories/consented.factory.js';


interface Flag {
  kind: string;
  organization: { id: string; name: string };
  count: number;
  threshold: number;
  message: string;
  piiType: string | null;
}

describe('regulator audit views (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let provider2: TestAccount;
  let provider3: TestAccount;
  let buyer: TestAccount;
  let regulator: TestAccount;
  const started = new Date();
  let formulaDatasetId: string;

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    provider2 = await login(t, 'provider2@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
    const admin = await loginAdmin(t);
    provider3 = await createProvider(t);
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: provider3.organizationId }, admin.token);
    // One buyer receives personal information from three providers.
    formulaDatasetId = await publishConsentedShareholders(t, provider.token, '=HYPERLINK("http://evil.example","click")');
    await buyAndDeliver(t, buyer.token, provider.token, formulaDatasetId);
    await buyAndDeliver(t, buyer.token, provider2.token, await publishConsentedShareholders(t, provider2.token, 'holders two', 20, 10_000));
    await buyAndDeliver(t, buyer.token, provider3.token, await publishConsentedShareholders(t, provider3.token, 'holders three', 20, 20_000));
    // provider2 keeps uploading what cannot be listed.
    for (let i = 0; i < 3; i++) await uploadDataset(t, provider2.token, join(CORPUS, 'shareholders.csv'), `raw shareholders ${i}`);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('flags a buyer past a tier, a buyer with many providers and a provider with repeated untradeable uploads', async () => {
    const res = await t.gql<{ riskFlags: Flag[] }>(`{ riskFlags { kind organization { id name } count threshold message piiType } }`, {}, regulator.token);
    const flags = res.data!.riskFlags;
    const exposure = flags.find((f) => f.kind === 'BUYER_EXPOSURE_TIER' && f.piiType === 'STOCK_ACCOUNT');
    expect(exposure).toMatchObject({ organization: { id: buyer.organizationId }, count: 100, threshold: 50 });
    expect(exposure!.message).toContain('2017 SPC/SPP');
    expect(flags.find((f) => f.kind === 'BUYER_MANY_PROVIDERS')).toMatchObject({ organization: { id: buyer.organizationId }, count: 3, threshold: 3 });
    const untradeable = flags.find((f) => f.kind === 'PROVIDER_REPEATED_UNTRADEABLE');
    // Three raw uploads, plus the consented dataset's first verdict (before its manifest).
    expect(untradeable).toMatchObject({ organization: { id: provider2.organizationId }, count: 4, threshold: 3 });
    // Nobody else is flagged, but for targeted-fraud material: every shareholder list (mobiles with
    // securities accounts) flags its owner, and the buyer that acquired them.
    const fraud = flags.filter((f) => f.kind.startsWith('TARGETED_FRAUD_'));
    expect(new Set(fraud.filter((f) => f.kind === 'TARGETED_FRAUD_LISTING').map((f) => f.organization.id))).toEqual(new Set([provider.organizationId, provider2.organizationId, provider3.organizationId]));
    expect(new Set(fraud.filter((f) => f.kind === 'TARGETED_FRAUD_BUYER').map((f) => f.organization.id))).toEqual(new Set([buyer.organizationId]));
    expect(new Set(flags.filter((f) => !f.kind.startsWith('TARGETED_FRAUD_')).map((f) => f.organization.id))).toEqual(new Set([buyer.organizationId, provider2.organizationId]));
  });

  it('counts a version delivered twice to one buyer once, and adds other versions', async () => {
    const grant = (await t.gql<{ grants: Array<{ id: string; datasetId: string }> }>(`{ grants { id datasetId } }`, {}, buyer.token)).data!.grants.find((g) => g.datasetId === formulaDatasetId)!;
    const url = (await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: grant.id }, buyer.token)).data!.issueDownloadToken.url;
    expect((await t.http().get(url).set('authorization', `Bearer ${buyer.token}`)).status).toBe(200);
    const rows = await t.dataSource.query(`SELECT pii_type, items::int AS items, tier FROM buyer_exposure WHERE buyer_org_id = $1 ORDER BY pii_type`, [buyer.organizationId]);
    // 60 + 20 + 20 people from three deliveries; the repeated delivery adds nothing.
    expect(rows).toEqual([
      { pii_type: 'CN_MOBILE', items: 100, tier: 5000 },
      { pii_type: 'STOCK_ACCOUNT', items: 100, tier: 50 },
    ]);
  });

  it('lists transactions with filters', async () => {
    const all = await t.gql<{ transactions: Array<{ kind: string; buyerOrgId: string; providerOrgId: string; status: string; rows: number | null }> }>(
      `{ transactions { kind id at datasetId datasetTitle buyerOrgId buyerName providerOrgId providerName status purpose rows } }`,
      {},
      regulator.token,
    );
    const kinds = all.data!.transactions.map((x) => x.kind);
    expect(kinds.filter((k) => k === 'DELIVERY')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'GRANT')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'REQUEST')).toHaveLength(3);
    const mine = await t.gql<{ transactions: Array<{ providerOrgId: string; kind: string }> }>(
      `query($o: ID) { transactions(organizationId: $o, kind: DELIVERY) { providerOrgId kind } }`,
      { o: provider3.organizationId },
      regulator.token,
    );
    expect(mine.data!.transactions).toEqual([{ providerOrgId: provider3.organizationId, kind: 'DELIVERY' }]);
    const none = await t.gql<{ transactions: unknown[] }>(`query($f: DateTime) { transactions(from: $f) { id } }`, { f: new Date(Date.now() + 3600_000).toISOString() }, regulator.token);
    expect(none.data!.transactions).toEqual([]);
  });

  it('reports a period with the ledger root at its end', async () => {
    const to = new Date();
    const res = await t.gql<{ complianceReport: { verdicts: Array<{ key: string; count: number }>; reasonCodes: Array<{ key: string; count: number }>; decisions: Array<{ key: string; count: number }>; deliveries: number; ledgerTreeSize: number; ledgerRootHash: string } }>(
      `query($f: DateTime!, $t: DateTime!) { complianceReport(from: $f, to: $t) { verdicts { key count } reasonCodes { key count } decisions { key count } deliveries ledgerTreeSize ledgerRootHash } }`,
      { f: started.toISOString(), t: to.toISOString() },
      regulator.token,
    );
    const r = res.data!.complianceReport;
    expect(r.deliveries).toBe(4);
    expect(r.decisions).toEqual([{ key: 'APPROVED', count: 3 }]);
    expect(r.verdicts.find((v) => v.key === 'UNTRADEABLE')!.count).toBeGreaterThanOrEqual(3);
    expect(r.reasonCodes.map((c) => c.key)).toContain('SENSITIVE_IDENTIFIER');
    const lines = (await t.http().get('/api/ledger/export').set('authorization', `Bearer ${regulator.token}`)).text.trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { entry: LedgerEntry });
    const upTo = entries.filter((e) => new Date(e.entry.at) < to).length;
    expect(r.ledgerTreeSize).toBe(upTo);
    expect(r.ledgerRootHash).toBe(toHex(merkleTreeHash(entries.slice(0, upTo).map((e) => entryLeafHash(e.entry)))));
    const bad = await t.gql(`{ complianceReport(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { deliveries } }`, {}, regulator.token);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });

  it('exports CSV with formula injection neutralised, and JSON', async () => {
    const csv = await t.http().get('/api/regulator/transactions?format=csv').set('authorization', `Bearer ${regulator.token}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.text).not.toMatch(/(^|,)"=HYPERLINK/m);
    const json = await t.http().get(`/api/regulator/transactions?datasetId=${formulaDatasetId}`).set('authorization', `Bearer ${regulator.token}`);
    expect(json.body.every((x: { datasetId: string }) => x.datasetId === formulaDatasetId)).toBe(true);
    const report = await t.http().get(`/api/regulator/compliance-report?from=${started.toISOString()}&to=${new Date().toISOString()}&format=csv`).set('authorization', `Bearer ${regulator.token}`);
    expect(report.text.split('\r\n')[0]).toBe('"group","key","count"');
    expect(report.text).toContain('"deliveries","","4"');
    expect((await t.http().get('/api/regulator/transactions?format=xlsx').set('authorization', `Bearer ${regulator.token}`)).status).toBe(400);
  });

  it('is closed to providers and buyers', async () => {
    expect(codeOf(await t.gql(`{ riskFlags { kind } }`, {}, buyer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(`{ transactions { id } }`, {}, provider.token))).toBe('FORBIDDEN');
    expect((await t.http().get('/api/regulator/transactions').set('authorization', `Bearer ${buyer.token}`)).status).toBe(403);
  });
});
