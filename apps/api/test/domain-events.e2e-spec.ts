import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CORPUS } from './utils/fixtures.util.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { getDataset, uploadDataset, waitForClassification } from './factories/datasets.factory.js';
import { DomainEvents } from '../src/common/events/domain-events.service.js';
import { ConsentWithdrawn } from '../src/modules/consent/events/consent.events.js';

const MANIFEST = readFileSync(join(CORPUS, 'wine_customers.consent.csv'), 'utf8');
const KEYS = MANIFEST.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
const REVOKE = `mutation($d: ID!, $k: String!) { revokeConsent(datasetId: $d, subjectKey: $k) { id status } }`;

describe('domain events: a cascade commits with its cause or not at all (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let regulator: TestAccount;
  let failing = false;
  const seen: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
    // A subscriber registered after the owning modules' ones: it runs last, on the same manager.
    t.app.get(DomainEvents).on(ConsentWithdrawn, async (manager, event) => {
      const [row] = await manager.query(`SELECT count(*)::int AS n FROM grants WHERE dataset_id = $1 AND status = 'SUSPENDED'`, [event.withdrawal.datasetId]);
      seen.push(`${event.action}:${event.withdrawal.purposes.join(',')}:${row.n}`);
      if (failing) throw new Error('subscriber failed on purpose');
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const publishedWithGrant = async (title: string) => {
    const d = await uploadDataset(t, provider.token, join(CORPUS, 'wine_customers.csv'), title);
    const put = await t.http().put(`/api/datasets/${d.id}/consents`).set('authorization', `Bearer ${provider.token}`).send(Buffer.from(MANIFEST));
    expect(put.status).toBe(201);
    expect((await waitForClassification(t, provider.token, d.id)).status).toBe('TRADEABLE');
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: d.id }, provider.token);
    const req = await t.gql<{ requestAccess: { id: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "marketing", durationDays: 30, region: "CN" }) { id } }`,
      { d: d.id },
      buyer.token,
    );
    const grant = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id: req.data!.requestAccess.id }, provider.token);
    return { id: d.id, grantId: grant.data!.decideAccessRequest.grant.id };
  };
  const state = async (datasetId: string, grantId: string) => ({
    grant: (await t.dataSource.query(`SELECT status FROM grants WHERE id = $1`, [grantId]))[0].status,
    revokedRecords: (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM consent_records r JOIN consent_manifests m ON m.id = r.manifest_id WHERE m.dataset_id = $1 AND r.revoked_at IS NOT NULL`,
      [datasetId],
    ))[0].n,
    revocations: (await t.dataSource.query(`SELECT count(*)::int AS n FROM consent_revocations WHERE dataset_id = $1`, [datasetId]))[0].n,
    manifests: (await t.dataSource.query(`SELECT count(*)::int AS n FROM consent_manifests WHERE dataset_id = $1`, [datasetId]))[0].n,
    job: (await t.dataSource.query(`SELECT j.state FROM classification_jobs j JOIN datasets d ON d.current_version_id = j.version_id WHERE d.id = $1`, [datasetId]))[0].state,
  });
  // Entries are sequenced shortly after their transaction commits: read them once none is pending.
  const drained = async () => {
    for (let i = 0; i < 100; i += 1) {
      if ((await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_pending`))[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('ledger entries still pending after 10 s');
  };
  const actionsOf = async (subjectId: string) =>
    (await drained(), await t.gql<{ ledgerEntries: Array<{ entry: { action: string } }> }>(`query($s: ID!) { ledgerEntries(first: 100, subjectId: $s) { entry } }`, { s: subjectId }, regulator.token)).data!.ledgerEntries.map(
      (e) => e.entry.action,
    );

  it('rolls back the withdrawal, the grant suspension, the re-queue and every ledger entry when a subscriber throws', async () => {
    const { id, grantId } = await publishedWithGrant('wine, failing subscriber');
    const before = await state(id, grantId);
    expect(before).toMatchObject({ grant: 'ACTIVE', revokedRecords: 0, revocations: 0, job: 'COMPLETED' });
    const ledgerBefore = await actionsOf(id);

    failing = true;
    const res = await t.gql(REVOKE, { d: id, k: KEYS[0] }, provider.token);
    failing = false;
    expect(res.errors?.length).toBeGreaterThan(0);
    // The subscriber ran inside the transaction: it saw the grant access had just suspended.
    expect(seen.at(-1)).toMatch(/^consent\.revoked:.+:1$/);

    expect(await state(id, grantId)).toEqual(before);
    expect((await getDataset(t, provider.token, id)).status).toBe('PUBLISHED');
    expect(await actionsOf(id)).toEqual(ledgerBefore);
    expect(await actionsOf(grantId)).not.toContain('grant.suspended');
  });

  it('commits the same withdrawal, its cascade and its entries once every subscriber succeeds', async () => {
    const { id, grantId } = await publishedWithGrant('wine, passing subscriber');
    const res = await t.gql<{ revokeConsent: { status: string } }>(REVOKE, { d: id, k: KEYS[0] }, provider.token);
    expect(res.data!.revokeConsent.status).toBe('SUSPENDED');
    const after = await state(id, grantId);
    expect(after).toMatchObject({ grant: 'SUSPENDED', revocations: 1, manifests: 2 });
    expect(after.revokedRecords).toBeGreaterThanOrEqual(1);
    await waitForClassification(t, provider.token, id);
    const actions = await actionsOf(id);
    expect(actions.filter((a) => a === 'consent.revoked')).toHaveLength(1);
    expect(actions).toContain('dataset.suspended');
    expect(await actionsOf(grantId)).toContain('grant.suspended');
  });
});
