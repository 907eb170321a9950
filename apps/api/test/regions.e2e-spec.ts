import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { corpusFile } from './utils/fixtures.util.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

const REQUEST = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id status reasons reasonCodes } }`;

interface RequestView {
  status: string;
  reasons: string[];
  reasonCodes: string[];
}

/**
 * Regions are hierarchical and cross-border means leaving the PRC mainland (PIPL Art.
 * 38–39): a listing's region is where its data subjects are, a request's region is where
 * the buyer will process the data.
 */
describe('regions and cross-border (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let hubei: string;
  let china: string;
  let weather: string;

  const list = async (title: string, region: string, file: string, manifest?: string) => {
    const id = await createDataset(t, provider.token, { title, region });
    expect((await putFile(t, provider.token, id, corpusFile(file))).status).toBe(201);
    await waitForClassification(t, provider.token, id);
    if (manifest) {
      const res = await t.http().put(`/api/datasets/${id}/consents`).set('authorization', `Bearer ${provider.token}`).set('content-type', 'text/csv').send(corpusFile(manifest));
      expect(res.status).toBe(201);
      expect((await waitForClassification(t, provider.token, id)).status).toBe('TRADEABLE');
    }
    const pub = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token);
    expect(pub.data?.publishDataset.status).toBe('PUBLISHED');
    return id;
  };
  const request = async (datasetId: string, region: string, purpose = 'marketing') =>
    (await t.gql<{ requestAccess: RequestView }>(REQUEST, { input: { datasetId, purpose, durationDays: 30, region } }, buyer.token)).data!.requestAccess;

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    hubei = await list('wine customers, Hubei', 'CN-HB', 'wine_customers.csv', 'wine_customers.consent.csv');
    china = await list('wine customers, China', 'CN', 'wine_customers.csv', 'wine_customers.consent.csv');
    weather = await list('Wuhan weather', 'CN-HB', 'weather_wuhan.csv');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('CN on a CN-HB listing is domestic', async () => {
    expect(await request(hubei, 'CN')).toMatchObject({ status: 'PENDING', reasonCodes: [] });
  });

  it('CN-HB on a CN listing is domestic, and so is another province', async () => {
    expect(await request(china, 'CN-HB')).toMatchObject({ status: 'PENDING', reasonCodes: [] });
    expect(await request(hubei, 'CN-BJ')).toMatchObject({ status: 'PENDING', reasonCodes: [] });
  });

  it('HK and US are cross-border: below 100,000 people a year no mechanism is needed (CAC 2024 Provisions Art. 5 (6))', async () => {
    // Refusals for want of a mechanism, with the figures, are in trade-compliance.e2e-spec.ts.
    for (const region of ['HK', 'US', 'CN-HK', 'TW']) {
      expect(await request(hubei, region)).toMatchObject({ status: 'PENDING', reasonCodes: [] });
    }
  });

  it('lets data without personal information be processed anywhere', async () => {
    expect(await request(weather, 'US', 'forecasting')).toMatchObject({ status: 'PENDING', reasonCodes: [] });
  });

  it('says which purposes are consented when refusing another one', async () => {
    const res = await request(hubei, 'CN', 'insurance');
    expect(res.reasonCodes).toEqual(['PURPOSE_NOT_CONSENTED']);
    expect(res.reasons[0]).toContain('marketing, research');
  });

  it('filters the catalogue by region hierarchically', async () => {
    const ids = async (region: string) =>
      (await t.gql<{ datasets: { edges: Array<{ node: { id: string } }> } }>(`query($r: String) { datasets(first: 100, filter: { region: $r }) { edges { node { id } } } }`, { r: region }, buyer.token)).data!.datasets.edges.map((e) => e.node.id);
    expect(await ids('CN')).toEqual(expect.arrayContaining([hubei, china, weather]));
    const inHubei = await ids('CN-HB');
    expect(inHubei).toEqual(expect.arrayContaining([hubei, weather]));
    expect(inHubei).not.toContain(china);
    expect(await ids('HK')).toEqual([]);
  });
});
