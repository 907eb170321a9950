import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryCountingLogger } from '../src/common/database/query-counting.logger.js';
import { corpusFile } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

const OFFER = `id status classification { verdict } offer { purposes { purpose verdict coveredRows neededRows } region deliveryModes anyPurpose crossBorder }`;

interface OfferView {
  id: string;
  status: string;
  classification: { verdict: string } | null;
  offer: null | {
    purposes: Array<{ purpose: string; verdict: string; coveredRows: number; neededRows: number }>;
    region: string;
    deliveryModes: string[];
    anyPurpose: boolean;
    crossBorder: boolean;
  };
}

/** The manifest with its first record dropped: one row short of full coverage. */
function shortManifest(): Buffer {
  const [header, , ...rest] = corpusFile('wine_customers.consent.csv').toString('utf8').trim().split('\n');
  return Buffer.from([header, ...rest].join('\n') + '\n');
}

describe('Dataset.offer and the purpose filter (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let wine: string;
  let shortWine: string;
  let weather: string;

  const list = async (title: string, file: string, manifest?: Buffer, publish = true) => {
    const id = await createDataset(t, provider.token, { title, region: 'CN-HB' });
    expect((await putFile(t, provider.token, id, corpusFile(file))).status).toBe(201);
    await waitForClassification(t, provider.token, id);
    if (manifest) {
      const res = await t.http().put(`/api/datasets/${id}/consents`).set('authorization', `Bearer ${provider.token}`).set('content-type', 'text/csv').send(manifest);
      expect(res.status).toBe(201);
      await waitForClassification(t, provider.token, id);
    }
    if (publish) {
      const pub = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token);
      expect(pub.data?.publishDataset.status).toBe('PUBLISHED');
    }
    return id;
  };
  const offerOf = async (id: string, token: string) => (await t.gql<{ dataset: OfferView }>(`query($id: ID!) { dataset(id: $id) { ${OFFER} } }`, { id }, token)).data!.dataset;
  const catalogue = async (token: string, filter: Record<string, unknown>) => {
    const res = await t.gql<{ datasets: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(
      `query($f: DatasetFilter) { datasets(first: 100, filter: $f) { totalCount edges { node { id } } } }`,
      { f: filter },
      token,
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.datasets.edges.map((e) => e.node.id);
  };

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    wine = await list('wine customers, consented', 'wine_customers.csv', corpusFile('wine_customers.consent.csv'));
    shortWine = await list('wine customers, one consent short', 'wine_customers.csv', shortManifest(), false);
    weather = await list('Wuhan weather', 'weather_wuhan.csv');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('keeps classification consent-free and shows buyers the terms consent lifts', async () => {
    const view = await offerOf(wine, buyer.token);
    expect(view.status).toBe('PUBLISHED');
    expect(view.classification!.verdict).toBe('UNTRADEABLE');
    expect(view.offer).toMatchObject({ region: 'CN', deliveryModes: ['DOWNLOAD'], anyPurpose: false, crossBorder: false });
    expect(view.offer!.purposes.map((p) => p.purpose)).toEqual(['marketing', 'research']);
    for (const p of view.offer!.purposes) {
      expect(p.verdict).toBe('TRADEABLE');
      expect(p.neededRows).toBeGreaterThan(0);
      expect(p.coveredRows).toBe(p.neededRows);
    }
  });

  it('gives an uncovered purpose UNTRADEABLE with its counts', async () => {
    const view = await offerOf(shortWine, provider.token);
    expect(view.status).toBe('UNTRADEABLE');
    for (const p of view.offer!.purposes) {
      expect(p.verdict).toBe('UNTRADEABLE');
      expect(p.coveredRows).toBe(p.neededRows - 1);
    }
  });

  it('offers data without personal information for any purpose, anywhere', async () => {
    expect((await offerOf(weather, buyer.token)).offer).toEqual({ purposes: [], region: 'CN', deliveryModes: ['DOWNLOAD'], anyPurpose: true, crossBorder: true });
  });

  it('has no offer before a verdict', async () => {
    const draft = await createDataset(t, provider.token, { title: 'draft' });
    expect((await offerOf(draft, provider.token)).offer).toBeNull();
  });

  it('filters the catalogue by purpose: consent-free tradeable, or consent covering the purpose', async () => {
    const marketing = await catalogue(buyer.token, { purpose: 'marketing' });
    expect(marketing).toEqual(expect.arrayContaining([wine, weather]));
    const insurance = await catalogue(buyer.token, { purpose: 'Insurance' });
    expect(insurance).toContain(weather);
    expect(insurance).not.toContain(wine);
    // The provider sees its unpublished listing too, but not for a purpose consent falls short of.
    const own = await catalogue(provider.token, { purpose: 'marketing' });
    expect(own).toEqual(expect.arrayContaining([wine, weather]));
    expect(own).not.toContain(shortWine);
    // verdict is the consent-free verdict: a listing tradeable only with consent is not TRADEABLE there.
    const verdict = await catalogue(buyer.token, { verdict: 'TRADEABLE' });
    expect(verdict).toContain(weather);
    expect(verdict).not.toContain(wine);
    expect(codeOf(await t.gql(`{ datasets(filter: { purpose: "no; drop" }) { totalCount } }`, {}, buyer.token))).toBe('BAD_USER_INPUT');
  });

  it('resolves offers for a page in a fixed number of SQL statements', async () => {
    const logger = t.dataSource.logger as QueryCountingLogger;
    const query = `{ datasets(first: 50) { edges { node { ${OFFER} } } } }`;
    await t.gql(query, {}, provider.token);
    const before = logger.count;
    const res = await t.gql<{ datasets: { edges: unknown[] } }>(query, {}, provider.token);
    expect(res.data!.datasets.edges.length).toBeGreaterThanOrEqual(4);
    // user (guard) + count + page + classification + coverage
    expect(logger.count - before).toBeLessThanOrEqual(6);
  });
});
