import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CORPUS } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { getDataset, uploadDataset, waitForClassification } from './factories/datasets.factory.js';
import { uploadConsentedCustomers } from './factories/consented.factory.js';
import { subjectKeyFor } from '@eastlake/classifier';

const MANIFEST = readFileSync(join(CORPUS, 'wine_customers.consent.csv'), 'utf8');
const KEYS = MANIFEST.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
const REVOKE = `mutation($d: ID!, $k: String!) { revokeConsent(datasetId: $d, subjectKey: $k) { id status } }`;

describe('consent revocation cascade (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let regulator: TestAccount;

  const consentedWine = async (title: string) => {
    const d = await uploadDataset(t, provider.token, join(CORPUS, 'wine_customers.csv'), title);
    const res = await t.http().put(`/api/datasets/${d.id}/consents`).set('authorization', `Bearer ${provider.token}`).send(Buffer.from(MANIFEST));
    expect(res.status).toBe(201);
    expect((await waitForClassification(t, provider.token, d.id)).status).toBe('TRADEABLE');
    return d.id;
  };
  const grantFor = async (datasetId: string, purpose: string) => {
    const req = await t.gql<{ requestAccess: { id: string } }>(
      `mutation($d: ID!, $p: String!) { requestAccess(input: { datasetId: $d, purpose: $p, durationDays: 30, region: "CN" }) { id } }`,
      { d: datasetId, p: purpose },
      buyer.token,
    );
    const res = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id: req.data!.requestAccess.id }, provider.token);
    return res.data!.decideAccessRequest.grant.id;
  };
  const grants = async () => (await t.gql<{ grants: Array<{ id: string; status: string; statusReason: string | null }> }>(`{ grants { id status statusReason } }`, {}, buyer.token)).data!.grants;

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('suspends the listing and the grants relying on the consent, at once, and re-evaluates coverage', async () => {
    const id = await consentedWine('wine, published');
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token);
    const marketing = await grantFor(id, 'marketing');
    const research = await grantFor(id, 'research');
    const url = (await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: marketing }, buyer.token)).data!.issueDownloadToken.url;

    const res = await t.gql<{ revokeConsent: { status: string } }>(REVOKE, { d: id, k: KEYS[0] }, provider.token);
    expect(res.data!.revokeConsent.status).toBe('SUSPENDED');
    // Effective before the call returned: no grant serves, no link delivers.
    const after = await grants();
    for (const g of [marketing, research]) {
      expect(after.find((x) => x.id === g)).toMatchObject({ status: 'SUSPENDED', statusReason: expect.stringContaining('withdrew consent') });
    }
    const download = await t.http().get(url).set('authorization', `Bearer ${buyer.token}`);
    expect(download.status).toBe(409);
    expect(download.body.message).toContain('SUSPENDED');
    const buyerView = await t.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id }, buyer.token);
    expect(codeOf(buyerView)).toBe('NOT_FOUND');

    // The re-evaluation counts the withdrawn subject's rows as uncovered.
    await waitForClassification(t, provider.token, id);
    const coverage = (await t.gql<{ dataset: { status: string; consentCoverage: Array<{ purpose: string; coveredRows: number; neededRows: number }> } }>(
      `query($id: ID!) { dataset(id: $id) { status consentCoverage { purpose coveredRows neededRows } } }`,
      { id },
      provider.token,
    )).data!.dataset;
    expect(coverage.status).toBe('SUSPENDED');
    for (const c of coverage.consentCoverage) expect(c.coveredRows).toBe(c.neededRows - 1);

    const ledger = await t.gql<{ ledgerEntries: Array<{ entry: { action: string } }> }>(`{ ledgerEntries(first: 1000) { entry } }`, {}, regulator.token);
    const actions = ledger.data!.ledgerEntries.map((e) => e.entry.action);
    expect(actions.filter((a) => a === 'consent.revoked')).toHaveLength(1);
    expect(actions.filter((a) => a === 'grant.suspended')).toHaveLength(2);
    expect(actions).toContain('dataset.suspended');
    const records = await t.dataSource.query(`SELECT count(*)::int AS n FROM consent_records WHERE subject_key = $1 AND revoked_at IS NOT NULL`, [KEYS[0]]);
    expect(records[0].n).toBeGreaterThanOrEqual(1);
  });

  it('leaves a SUSPENDED listing SUSPENDED when a second subject withdraws consent (re-evaluated, ledgered)', async () => {
    const id = await consentedWine('wine, withdrawn twice');
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token);
    const first = await t.gql<{ revokeConsent: { status: string } }>(REVOKE, { d: id, k: KEYS[3] }, provider.token);
    expect(first.data!.revokeConsent.status).toBe('SUSPENDED');
    await waitForClassification(t, provider.token, id);

    const second = await t.gql<{ revokeConsent: { status: string } }>(REVOKE, { d: id, k: KEYS[4] }, provider.token);
    expect(second.data!.revokeConsent.status).toBe('SUSPENDED');
    const d = await waitForClassification(t, provider.token, id);
    expect(d.status).toBe('SUSPENDED');
    const coverage = (await t.gql<{ dataset: { consentCoverage: Array<{ coveredRows: number; neededRows: number }> } }>(
      `query($id: ID!) { dataset(id: $id) { consentCoverage { coveredRows neededRows } } }`,
      { id },
      provider.token,
    )).data!.dataset.consentCoverage;
    for (const c of coverage) expect(c.coveredRows).toBe(c.neededRows - 2);
    // Publishing again is refused: a suspended listing is not TRADEABLE.
    expect(codeOf(await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token))).toBe('CONFLICT');
    const ledger = await t.gql<{ ledgerEntries: Array<{ entry: { action: string; data: { from?: string; to?: string } } }> }>(
      `query($s: ID!) { ledgerEntries(first: 100, subjectId: $s) { entry } }`,
      { s: id },
      regulator.token,
    );
    const reevaluated = ledger.data!.ledgerEntries.filter((e) => e.entry.action === 'dataset.reevaluated');
    expect(reevaluated.map((e) => [e.entry.data.from, e.entry.data.to])).toEqual([['SUSPENDED', 'SUSPENDED']]);
  });

  it('re-evaluates an unpublished listing: bulk revocations make it untradeable', async () => {
    const id = await consentedWine('wine, unpublished');
    const res = await t.http().put(`/api/datasets/${id}/consents/revocations`).set('authorization', `Bearer ${provider.token}`).send(Buffer.from(`subject_key\n${KEYS[1]}\n${KEYS[2]}\n`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'CLASSIFYING', subjects: 2 });
    expect((await waitForClassification(t, provider.token, id)).status).toBe('UNTRADEABLE');
  });

  it('changes nothing for a subject the dataset never had consent from, but records the request', async () => {
    const id = await consentedWine('wine, untouched');
    const res = await t.gql<{ revokeConsent: { status: string } }>(REVOKE, { d: id, k: 'f'.repeat(64) }, provider.token);
    expect(res.data!.revokeConsent.status).toBe('TRADEABLE');
    expect((await getDataset(t, provider.token, id)).status).toBe('TRADEABLE');
    const n = await t.dataSource.query(`SELECT count(*)::int AS n FROM consent_revocations WHERE dataset_id = $1`, [id]);
    expect(n[0].n).toBe(1);
  });

  it('never delivers a row after a revocation committed: a racing revocation waits for the delivery', async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => i);
    const { id, status } = await uploadConsentedCustomers(t, provider.token, 'many customers', rows);
    expect(status).toBe('TRADEABLE');
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token);
    const grant = await grantFor(id, 'marketing');
    const url = (await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: grant }, buyer.token)).data!.issueDownloadToken.url;
    const port = (t.app.getHttpServer().address() as { port: number }).port;

    // The moment the server wrote the delivery's last data to the socket.
    let serverFinished = 0;
    t.app.getHttpServer().on('request', (req: { url?: string }, res: { write: (...args: unknown[]) => boolean }) => {
      if (req.url !== url) return;
      const write = res.write.bind(res);
      res.write = (...args: unknown[]) => {
        serverFinished = Date.now();
        return write(...args);
      };
    });
    // A slow reader keeps the delivery streaming while the revocation is sent.
    let downloadEnded = 0;
    let bytes = 0;
    let announced = 0;
    const download = new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: url, headers: { authorization: `Bearer ${buyer.token}` } }, (res) => {
        announced = Number(res.headers['x-eastlake-bytes']);
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          res.pause();
          setTimeout(() => res.resume(), 5);
        });
        res.on('end', () => {
          downloadEnded = Date.now();
          resolve(res.statusCode ?? 0);
        });
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 150));
    const key = subjectKeyFor('CN_MOBILE', `139${String(10000000 + 5 * 7919).padStart(8, '0').slice(-8)}`);
    const revoked = await t.gql<{ revokeConsent: { status: string } }>(REVOKE, { d: id, k: key }, provider.token);
    const revocationReturned = Date.now();
    expect(revoked.data!.revokeConsent.status).toBe('SUSPENDED');
    expect(await download).toBe(200);
    expect(bytes).toBeGreaterThan(2_000_000);
    expect(bytes).toBe(announced);
    // The server had sent the whole delivery before the revocation could commit.
    expect(serverFinished).toBeGreaterThan(0);
    expect(serverFinished).toBeLessThanOrEqual(revocationReturned);
    expect(downloadEnded).toBeGreaterThan(0);
    const again = await t.gql(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: grant }, buyer.token);
    expect(codeOf(again)).toBe('CONFLICT');
  }, 120_000);

  it('refuses bad keys and other callers', async () => {
    const id = await consentedWine('wine, guarded');
    expect(codeOf(await t.gql(REVOKE, { d: id, k: '13812345678' }, provider.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REVOKE, { d: id, k: KEYS[3] }, buyer.token))).toBe('FORBIDDEN');
    const other = await login(t, 'provider2@demo.eastlake');
    expect(codeOf(await t.gql(REVOKE, { d: id, k: KEYS[3] }, other.token))).toBe('NOT_FOUND');
    const bad = await t.http().put(`/api/datasets/${id}/consents/revocations`).set('authorization', `Bearer ${provider.token}`).send(Buffer.from('not-a-key\n'));
    expect(bad.status).toBe(400);
    const admin = await loginAdmin(t);
    expect((await t.gql<{ revokeConsent: { status: string } }>(REVOKE, { d: id, k: KEYS[3] }, admin.token)).data!.revokeConsent.status).toBe('CLASSIFYING');
  });
});
