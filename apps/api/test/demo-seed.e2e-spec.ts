import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publicKeyPemOf } from '@eastlake/ledger/node';
import pino from 'pino';
import { PGLITE_TEMPLATE_DIR, readDemoManifest } from '../src/database/pglite-template.js';
import { DEMO_LISTINGS, seedDemoDatasets } from '../src/database/seeds/demo-datasets.seed.js';
import { demoStoryTold } from '../src/database/seeds/demo-told.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator } from './factories/accounts.factory.js';

const COUNTS = `SELECT (SELECT count(*) FROM datasets)::int AS datasets, (SELECT count(*) FROM dataset_versions)::int AS versions,
  (SELECT count(*) FROM consent_manifests)::int AS manifests, (SELECT count(*) FROM access_requests)::int AS requests,
  (SELECT count(*) FROM grants)::int AS grants, (SELECT count(*) FROM deliveries)::int AS deliveries,
  (SELECT count(*) FROM ledger_entries)::int AS ledger`;

/**
 * The embedded demo seed lists datasets from fixtures/corpus, through the real services, once —
 * live (in memory, or PostgreSQL with SEED_DEMO), or, on a first embedded start into an empty
 * data folder, copied from the demo template `npm run build` seeded the same way: both tell
 * the same story, and the copy's ledger is this folder's own to sign.
 */
describe.each([
  { origin: 'a live seed', template: false },
  { origin: 'a first start from the demo template', template: true },
])('demo seed: $origin (e2e)', ({ template }) => {
  let t: TestApp;
  let dataDir: string | undefined;
  let startedAt: number;

  beforeAll(async () => {
    startedAt = Date.now();
    // Not NODE_ENV=test: the demo datasets are seeded like on a newcomer's first `npm start`.
    if (!template) {
      t = await createTestApp({ NODE_ENV: 'development' });
      return;
    }
    if (!readDemoManifest(PGLITE_TEMPLATE_DIR)) throw new Error(`no demo template in ${PGLITE_TEMPLATE_DIR}: npm run build makes it`);
    dataDir = mkdtempSync(join(tmpdir(), 'eastlake-demo-template-'));
    // Embedded, on disk, an empty folder (DATABASE_URL="" is unset): what `npm start` does the first time.
    t = await createTestApp({ NODE_ENV: 'development', DATABASE_URL: '', EASTLAKE_DATA_DIR: dataDir });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  if (template) {
    it("was copied, not seeded: the entries carry the build's time, the files are there, the heads are signed by this folder's own key", async () => {
      const manifest = readDemoManifest(PGLITE_TEMPLATE_DIR)!;
      const regulator = await loginRegulator(t);
      const entries = await t.gql<{ ledgerEntries: Array<{ entry: { at: string } }> }>(`{ ledgerEntries(first: 1000) { entry } }`, {}, regulator.token);
      const times = entries.data!.ledgerEntries.map((e) => Date.parse(e.entry.at));
      expect(Math.max(...times)).toBeLessThan(startedAt);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(manifest.builtAt));
      expect(readdirSync(join(dataDir!, 'files', 'datasets'))).toHaveLength(DEMO_LISTINGS.length);
      // The template's seed completed: this folder's starts skip the seed (demo-told.ts).
      expect(demoStoryTold(t.config)).toBe(true);
      const head = await t.gql<{ ledgerHead: { treeSize: number; publicKey: string } }>(`{ ledgerHead { treeSize publicKey } }`, {}, regulator.token);
      const own = publicKeyPemOf(readFileSync(join(dataDir!, 'ledger-signing-key.pem'), 'utf8'));
      expect(head.data!.ledgerHead).toEqual({ treeSize: times.length, publicKey: own });
      const verified = await t.gql<{ verifyLedger: { ok: boolean; treeSize: number } }>(`{ verifyLedger { ok treeSize } }`, {}, regulator.token);
      expect(verified.data!.verifyLedger).toMatchObject({ ok: true, treeSize: times.length });
    });
  }

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
