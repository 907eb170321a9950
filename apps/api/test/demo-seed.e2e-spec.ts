import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { DEMO_LISTINGS, seedDemoDatasets } from '../src/database/seeds/demo-datasets.seed.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator } from './factories/accounts.factory.js';

const COUNTS = `SELECT (SELECT count(*) FROM datasets)::int AS datasets, (SELECT count(*) FROM dataset_versions)::int AS versions,
  (SELECT count(*) FROM consent_manifests)::int AS manifests, (SELECT count(*) FROM access_requests)::int AS requests,
  (SELECT count(*) FROM grants)::int AS grants, (SELECT count(*) FROM deliveries)::int AS deliveries,
  (SELECT count(*) FROM ledger_entries)::int AS ledger`;

/** The embedded demo seed lists datasets from fixtures/corpus, through the real services, once. */
describe('demo seed (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Not NODE_ENV=test: the demo datasets are seeded like on a newcomer's first `npm start`.
    t = await createTestApp({ NODE_ENV: 'development' });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows a buyer a catalogue with aggregates and a consented listing', async () => {
    const buyer = await login(t, 'buyer@demo.eastlake');
    const res = await t.gql<{ datasets: { totalCount: number; edges: Array<{ node: { title: string; status: string; classification: { verdict: string }; offer: { purposes: Array<{ purpose: string; verdict: string }> } } }> } }>(
      `{ datasets(first: 50) { totalCount edges { node { title status classification { verdict } offer { purposes { purpose verdict } } } } } }`,
      {},
      buyer.token,
    );
    const nodes = res.data!.datasets.edges.map((e) => e.node);
    expect(nodes.map((n) => n.title).sort()).toEqual(DEMO_LISTINGS.filter((l) => l.publish).map((l) => l.title).sort());
    expect(nodes.every((n) => n.status === 'PUBLISHED')).toBe(true);
    const wine = nodes.find((n) => n.title.startsWith('Wine club'))!;
    expect(wine.classification.verdict).toBe('UNTRADEABLE');
    expect(wine.offer.purposes).toEqual([
      { purpose: 'marketing', verdict: 'TRADEABLE' },
      { purpose: 'research', verdict: 'TRADEABLE' },
    ]);
    const grants = await t.gql<{ grants: Array<{ status: string; rowsDelivered: number; purposes: string[] }> }>(`{ grants { status rowsDelivered purposes } }`, {}, buyer.token);
    expect(grants.data!.grants).toEqual([{ status: 'ACTIVE', rowsDelivered: expect.any(Number), purposes: ['marketing'] }]);
    expect(grants.data!.grants[0].rowsDelivered).toBeGreaterThan(0);
  });

  it('leaves an ambiguous listing in review and an untradeable one with its report', async () => {
    const admin = await loginAdmin(t);
    const res = await t.gql<{ datasets: { edges: Array<{ node: { title: string; status: string; classification: { verdict: string; reasons: Array<{ code: string }> } } }> } }>(
      `{ datasets(first: 50) { edges { node { title status classification { verdict reasons { code } } } } } }`,
      {},
      admin.token,
    );
    const byTitle = new Map(res.data!.datasets.edges.map((e) => [e.node.title, e.node]));
    expect(byTitle.get('Consumer survey with birth dates and postcodes (demo)')).toMatchObject({ status: 'IN_REVIEW', classification: { verdict: 'AMBIGUOUS' } });
    const shareholders = byTitle.get('Shareholder list (demo)')!;
    expect(shareholders).toMatchObject({ status: 'UNTRADEABLE', classification: { verdict: 'UNTRADEABLE' } });
    expect(shareholders.classification.reasons.map((r) => r.code)).toContain('SENSITIVE_IDENTIFIER');
  });

  it('ledgers every step', async () => {
    const regulator = await loginRegulator(t);
    const res = await t.gql<{ ledgerEntries: Array<{ entry: { action: string } }> }>(`{ ledgerEntries(first: 1000) { entry } }`, {}, regulator.token);
    const actions = res.data!.ledgerEntries.map((e) => e.entry.action);
    for (const action of ['dataset.created', 'dataset.version_uploaded', 'dataset.classified', 'consent.attached', 'dataset.published', 'access.requested', 'access.approved', 'grant.created', 'delivery.issued']) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((a) => a === 'dataset.created')).toHaveLength(DEMO_LISTINGS.length);
    expect(actions.filter((a) => a === 'delivery.issued')).toHaveLength(1);
  });

  it('adds nothing when it runs again (a second start)', async () => {
    const [before] = await t.dataSource.query(COUNTS);
    expect(before).toMatchObject({ datasets: DEMO_LISTINGS.length, requests: 1, grants: 1, deliveries: 1, manifests: 1 });
    expect(await seedDemoDatasets(t.app, pino({ level: 'silent' }))).toEqual([]);
    const [after] = await t.dataSource.query(COUNTS);
    expect(after).toEqual(before);
  });
});
