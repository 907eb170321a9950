import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessService } from '../src/modules/access/access.service.js';
import { CORPUS } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { getDataset, uploadDataset, waitForClassification } from './factories/datasets.factory.js';

const WINE = readFileSync(join(CORPUS, 'wine_customers.csv'));
const MANIFEST = readFileSync(join(CORPUS, 'wine_customers.consent.csv'), 'utf8');

/** The corpus manifest with every record changed by `edit` (header kept). */
function manifest(edit: (cells: string[], i: number) => string[] | null): string {
  const [header, ...lines] = MANIFEST.trim().split('\n');
  const out = lines.map((l, i) => edit(l.split(','), i)).filter((c): c is string[] => c !== null).map((c) => c.join(','));
  return [header, ...out].join('\n') + '\n';
}

const REQUEST = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id status reasons reasonCodes } }`;
const DECIDE = `mutation($id: ID!, $approve: Boolean!, $note: String) { decideAccessRequest(id: $id, approve: $approve, note: $note) { id status reasons grant { id status purposes expiresAt region onwardTransfer policy } } }`;
const ISSUE = `mutation($g: ID!) { issueDownloadToken(grantId: $g) { url expiresAt } }`;

interface RequestView {
  id: string;
  status: string;
  reasons: string[];
  reasonCodes: string[];
}

describe('access: consent, requests, grants, delivery (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let provider2: TestAccount;
  let buyer: TestAccount;
  let buyer2: TestAccount;
  let regulator: TestAccount;
  let datasetId: string;

  const attach = (token: string, id: string, body: string) =>
    t.http().put(`/api/datasets/${id}/consents`).set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(Buffer.from(body));
  const request = async (account: TestAccount, input: Record<string, unknown>, key?: string) => {
    const req = t.http().post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${account.token}`);
    if (key) req.set('idempotency-key', key);
    const res = await req.send({ query: REQUEST, variables: { input: { datasetId, purpose: 'marketing', durationDays: 30, region: 'CN', ...input } } });
    return res.body as { data?: { requestAccess: RequestView }; errors?: Array<{ extensions: { code: string } }> };
  };
  const approve = async (id: string) => (await t.gql<{ decideAccessRequest: { status: string; grant: { id: string; status: string; purposes: string[]; policy: Record<string, unknown> } } }>(DECIDE, { id, approve: true }, provider.token)).data!.decideAccessRequest;
  const download = (account: TestAccount, url: string) => t.http().get(url).set('authorization', `Bearer ${account.token}`).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  const tokenFor = async (account: TestAccount, grantId: string) => {
    const res = await t.gql<{ issueDownloadToken: { url: string; expiresAt: string } }>(ISSUE, { g: grantId }, account.token);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    provider2 = await login(t, 'provider2@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
    const admin = await loginAdmin(t);
    buyer2 = await createBuyer(t);
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: buyer2.organizationId }, admin.token);
    const wine = await uploadDataset(t, provider.token, join(CORPUS, 'wine_customers.csv'), 'wine customers');
    datasetId = wine.id;
    expect(wine.status).toBe('UNTRADEABLE');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a request for an unpublished, unconsented listing with reasons the buyer can read', async () => {
    const res = await request(buyer, {});
    expect(res.data!.requestAccess.status).toBe('REFUSED');
    expect(res.data!.requestAccess.reasonCodes).toEqual(['LISTING_NOT_PUBLISHED', 'PURPOSE_NOT_CONSENTED']);
    expect(res.data!.requestAccess.reasons[1]).toContain('marketing');
  });

  it('rejects a malformed manifest whole, with the line, and keeps nothing', async () => {
    const bad = manifest((c, i) => (i === 3 ? ['13812345678', ...c.slice(1)] : c));
    const res = await attach(provider.token, datasetId, bad);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/line 5: subject_key must be 64 hex/);
    expect(await t.dataSource.query(`SELECT id FROM consent_manifests WHERE dataset_id = $1`, [datasetId])).toEqual([]);
    expect((await attach(provider2.token, datasetId, MANIFEST)).status).toBe(404);
    expect((await attach(buyer.token, datasetId, MANIFEST)).status).toBe(403);
  });

  it('reclassifies with a full manifest: tradeable for the consented purposes, publishable', async () => {
    const res = await attach(provider.token, datasetId, MANIFEST);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ purposes: ['marketing', 'research'], records: expect.any(Number) });
    const d = await waitForClassification(t, provider.token, datasetId);
    expect(d.status).toBe('TRADEABLE');
    const coverage = (await t.gql<{ dataset: { consentCoverage: Array<{ purpose: string; coveredRows: number; neededRows: number; rows: number }> } }>(
      `query($id: ID!) { dataset(id: $id) { consentCoverage { purpose coveredRows neededRows rows verdict } } }`,
      { id: datasetId },
      provider.token,
    )).data!.dataset.consentCoverage;
    expect(coverage.map((c) => c.purpose)).toEqual(['marketing', 'research']);
    for (const c of coverage) expect(c.coveredRows).toBe(c.neededRows);
    expect(coverage[0].neededRows).toBeGreaterThan(0);
    const published = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: datasetId }, provider.token);
    expect(published.data?.publishDataset.status).toBe('PUBLISHED');
  });

  describe('requests', () => {
    it('accepts a consented purpose as PENDING and refuses others with reasons', async () => {
      expect((await request(buyer, {})).data!.requestAccess.status).toBe('PENDING');
      const wrong = await request(buyer, { purpose: 'insurance' });
      expect(wrong.data!.requestAccess).toMatchObject({ status: 'REFUSED', reasonCodes: ['PURPOSE_NOT_CONSENTED'] });
      // Abroad: the provider's year stays under 100,000 people's non-sensitive information, so no
      // mechanism is needed (CAC 2024 Provisions Art. 5 (6)); see trade-compliance.e2e-spec.ts for refusals.
      const abroad = await request(buyer, { region: 'US' });
      expect(abroad.data!.requestAccess).toMatchObject({ status: 'PENDING', reasonCodes: [] });
      expect((await request(buyer, { region: 'CN-HB' })).data!.requestAccess.status).toBe('PENDING');
    });

    it('refuses an unverified buyer', async () => {
      const fresh = await createBuyer(t);
      expect((await request(fresh, {})).data!.requestAccess).toMatchObject({ status: 'REFUSED', reasonCodes: ['BUYER_NOT_VERIFIED'] });
    });

    it('explains bad input and hides unknown datasets', async () => {
      const res = await request(buyer, { durationDays: 0, region: 'Earth' });
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      const unknown = await t.gql(REQUEST, { input: { datasetId: '00000000-0000-4000-8000-000000000000', purpose: 'marketing', durationDays: 1, region: 'CN' } }, buyer.token);
      expect(codeOf(unknown)).toBe('NOT_FOUND');
      expect(codeOf(await t.gql(REQUEST, { input: { datasetId, purpose: 'marketing', durationDays: 1, region: 'CN' } }, regulator.token))).toBe('FORBIDDEN');
      const own = await t.gql<{ requestAccess: { reasonCodes: string[] } }>(REQUEST, { input: { datasetId, purpose: 'marketing', durationDays: 1, region: 'CN' } }, provider.token);
      expect(own.data!.requestAccess.reasonCodes).toContain('OWN_DATASET');
    });

    it('replays an Idempotency-Key and refuses it for a different payload', async () => {
      const first = await request(buyer, { purpose: 'research' }, 'req-key-0001');
      const again = await request(buyer, { purpose: 'research' }, 'req-key-0001');
      expect(again.data!.requestAccess.id).toBe(first.data!.requestAccess.id);
      const other = await request(buyer, { purpose: 'marketing' }, 'req-key-0001');
      expect(other.errors![0].extensions.code).toBe('CONFLICT');
      const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM access_requests WHERE purpose = 'research' AND buyer_org_id = $1`, [buyer.organizationId]);
      expect(count[0].n).toBe(1);
    });

    it("shows each party only its own requests", async () => {
      await request(buyer2, {});
      const mine = (await t.gql<{ accessRequests: Array<{ buyerOrgId: string }> }>(`{ accessRequests { id buyerOrgId } }`, {}, buyer.token)).data!.accessRequests;
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((r) => r.buyerOrgId))).toEqual(new Set([buyer.organizationId]));
      expect((await t.gql<{ accessRequests: unknown[] }>(`{ accessRequests { id } }`, {}, provider2.token)).data!.accessRequests).toEqual([]);
      const all = (await t.gql<{ accessRequests: Array<{ buyerOrgId: string }> }>(`{ accessRequests { id buyerOrgId } }`, {}, regulator.token)).data!.accessRequests;
      expect(new Set(all.map((r) => r.buyerOrgId))).toEqual(new Set([buyer.organizationId, buyer2.organizationId, ...all.map((r) => r.buyerOrgId)]));
      expect(all.length).toBeGreaterThan(mine.length);
    });
  });

  describe('grants and delivery', () => {
    let grantId: string;

    it('lets the provider approve (a grant with an ODRL policy) or deny; others cannot decide', async () => {
      const pending = await request(buyer, {});
      const id = pending.data!.requestAccess.id;
      expect(codeOf(await t.gql(DECIDE, { id, approve: true }, provider2.token))).toBe('NOT_FOUND');
      expect(codeOf(await t.gql(DECIDE, { id, approve: true }, buyer.token))).toBe('FORBIDDEN');
      const decided = await approve(id);
      expect(decided.status).toBe('APPROVED');
      expect(decided.grant).toMatchObject({ status: 'ACTIVE', purposes: ['marketing'], region: 'CN', onwardTransfer: false });
      expect(decided.grant.policy).toMatchObject({ '@type': 'Agreement', prohibition: [{ action: 'distribute' }, { action: 'transfer' }] });
      grantId = decided.grant.id;
      expect(codeOf(await t.gql(DECIDE, { id, approve: false }, provider.token))).toBe('CONFLICT');
      const other = await request(buyer, {});
      const denied = await t.gql<{ decideAccessRequest: { status: string } }>(DECIDE, { id: other.data!.requestAccess.id, approve: false, note: 'not now' }, provider.token);
      expect(denied.data!.decideAccessRequest.status).toBe('DENIED');
    });

    it('delivers the file once to the grant’s buyer and records the rows', async () => {
      const issued = await tokenFor(buyer, grantId);
      const url = issued.data!.issueDownloadToken.url;
      expect(url).toMatch(/^\/api\/deliveries\/[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/);
      const other = await download(buyer2, url);
      expect(other.status).toBe(403);
      const res = await download(buyer, url);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, WINE)).toBe(0);
      expect(Number(res.headers['x-eastlake-rows'])).toBeGreaterThan(0);
      expect((await download(buyer, url)).status).toBe(410);
      const tampered = url.slice(0, -2) + (url.endsWith('A') ? 'BB' : 'AA');
      expect((await download(buyer, tampered)).status).toBe(404);
      // Same length in characters, other bytes (multi-byte): 404, never a 500 from timingSafeEqual.
      const [base, sig] = url.split('.');
      const multiByte = `${base}.${encodeURIComponent('é'.repeat(sig!.length))}`;
      expect((await download(buyer, multiByte)).status).toBe(404);
      const grants = (await t.gql<{ grants: Array<{ id: string; rowsDelivered: number }> }>(`{ grants { id rowsDelivered } }`, {}, buyer.token)).data!.grants;
      expect(grants.find((g) => g.id === grantId)!.rowsDelivered).toBe(Number(res.headers['x-eastlake-rows']));
      expect(codeOf(await tokenFor(buyer2, grantId))).toBe('NOT_FOUND');
      expect(codeOf(await tokenFor(provider, grantId))).toBe('FORBIDDEN');
    });

    it('refuses an expired link with 410', async () => {
      const url = (await tokenFor(buyer, grantId)).data!.issueDownloadToken.url;
      await t.dataSource.query(`UPDATE download_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [url.split('/').pop()!.split('.')[0]]);
      expect((await download(buyer, url)).status).toBe(410);
    });

    it('replays issueDownloadToken under one Idempotency-Key', async () => {
      const send = (key: string) =>
        t.http().post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${buyer.token}`).set('idempotency-key', key).send({ query: ISSUE, variables: { g: grantId } });
      const a = await send('dl-key-0001');
      const b = await send('dl-key-0001');
      expect(b.body.data.issueDownloadToken.url).toBe(a.body.data.issueDownloadToken.url);
    });

    it('re-evaluates the policy at delivery: a narrower manifest stops the grant’s downloads', async () => {
      const url = (await tokenFor(buyer, grantId)).data!.issueDownloadToken.url;
      const half = manifest((c, i) => (i % 2 === 0 ? c : null));
      expect((await attach(provider.token, datasetId, half)).status).toBe(201);
      await waitForClassification(t, provider.token, datasetId);
      expect((await getDataset(t, provider.token, datasetId)).status).toBe('PUBLISHED');
      const res = await download(buyer, url);
      expect(res.status).toBe(409);
      expect(JSON.parse((res.body as Buffer).toString()).message).toMatch(/no longer holds.*Consent covers \d+ of the \d+ rows/);
      expect((await request(buyer, {})).data!.requestAccess.reasonCodes).toEqual(['PURPOSE_NOT_CONSENTED']);
    });

    it.each([
      ['expired', (c: string[]) => [c[0], c[1], c[2], c[3], '2020-01-01T00:00:00Z', '']],
      ['revoked', (c: string[]) => [c[0], c[1], c[2], c[3], c[4], '2020-01-01T00:00:00Z']],
      ['not for third parties', (c: string[]) => [c[0], c[1], 'false', c[3], c[4], c[5] ?? '']],
      ['for another purpose', (c: string[]) => [c[0], 'research', c[2], c[3], c[4], c[5] ?? '']],
    ])('refuses requests when the consent is %s', async (_name, edit) => {
      expect((await attach(provider.token, datasetId, manifest((c) => edit(c)))).status).toBe(201);
      await waitForClassification(t, provider.token, datasetId);
      const res = await request(buyer, {});
      expect(res.data!.requestAccess).toMatchObject({ status: 'REFUSED', reasonCodes: ['PURPOSE_NOT_CONSENTED'] });
    });

    it('restores delivery with a full manifest again, then expires the grant by itself', async () => {
      expect((await attach(provider.token, datasetId, MANIFEST)).status).toBe(201);
      await waitForClassification(t, provider.token, datasetId);
      expect((await tokenFor(buyer, grantId)).data?.issueDownloadToken.url).toBeDefined();
      await t.dataSource.query(`UPDATE grants SET expires_at = now() - interval '1 second' WHERE id = $1`, [grantId]);
      const late = await tokenFor(buyer, grantId);
      expect(codeOf(late)).toBe('CONFLICT');
      expect(late.errors![0].message).toContain('EXPIRED');
      expect(await t.app.get(AccessService).expireGrants()).toBe(1);
      const grants = (await t.gql<{ grants: Array<{ id: string; status: string; statusReason: string }> }>(`{ grants { id status statusReason } }`, {}, buyer.token)).data!.grants;
      expect(grants.find((g) => g.id === grantId)).toMatchObject({ status: 'EXPIRED', statusReason: expect.stringContaining('expiry') });
    });

    it('lets the provider revoke a grant with a reason; the buyer can no longer download', async () => {
      const pending = await request(buyer, {});
      const grant = (await approve(pending.data!.requestAccess.id)).grant;
      expect(codeOf(await t.gql(`mutation($id: ID!) { revokeGrant(id: $id, reason: "x") { status } }`, { id: grant.id }, buyer.token))).toBe('FORBIDDEN');
      expect(codeOf(await t.gql(`mutation($id: ID!) { revokeGrant(id: $id, reason: " ") { status } }`, { id: grant.id }, provider.token))).toBe('BAD_USER_INPUT');
      const revoked = await t.gql<{ revokeGrant: { status: string; statusReason: string } }>(
        `mutation($id: ID!) { revokeGrant(id: $id, reason: "buyer breached the purpose") { status statusReason } }`,
        { id: grant.id },
        provider.token,
      );
      expect(revoked.data!.revokeGrant).toEqual({ status: 'REVOKED', statusReason: 'buyer breached the purpose' });
      const res = await tokenFor(buyer, grant.id);
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toContain('buyer breached the purpose');
    });
  });

  it('ledgers every request, decision, grant change, consent and delivery', async () => {
    await t.app.get(AccessService).expireGrants();
    const res = await t.gql<{ ledgerEntries: Array<{ entry: { action: string } }> }>(`{ ledgerEntries(first: 1000) { entry } }`, {}, regulator.token);
    const actions = new Set(res.data!.ledgerEntries.map((e) => e.entry.action));
    for (const action of ['consent.attached', 'access.requested', 'access.refused', 'access.approved', 'access.denied', 'grant.created', 'delivery.issued', 'grant.revoked', 'grant.expired']) {
      expect(actions).toContain(action);
    }
    expect((await t.gql<{ verifyLedger: { ok: boolean } }>(`{ verifyLedger { ok } }`, {}, regulator.token)).data!.verifyLedger.ok).toBe(true);
  });

  it('never exposes consent records, storage keys or fingerprints in the schema', async () => {
    const res = await t.gql<{ __schema: { types: Array<{ name: string; fields: Array<{ name: string }> | null }> } }>(`{ __schema { types { name fields { name } } } }`);
    const fields = res.data!.__schema.types.flatMap((ty) => (ty.fields ?? []).map((f) => `${ty.name}.${f.name}`));
    expect(fields.filter((f) => /storageKey|fingerprint|subjectKey|consentRecords|passwordHash/i.test(f))).toEqual([]);
  });
});
