import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, createTestApp, type GqlResult, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { publishConsentedShareholders } from './factories/consented.factory.js';
import { createDataset, putFile, uploadDataset, waitForClassification } from './factories/datasets.factory.js';
import { CORPUS } from './utils/fixtures.util.js';

const ORDER = `id kind targetType targetId targetName reason legalBasis deadline status overdue closedAt closeNote`;

interface Order {
  id: string;
  kind: string;
  targetType: string;
  targetId: string;
  targetName: string | null;
  reason: string;
  legalBasis: string;
  deadline: string | null;
  status: string;
  overdue: boolean;
  closedAt: string | null;
  closeNote: string | null;
}

describe('enforcement: freezes and rectification orders (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let regulator: TestAccount;
  let admin: TestAccount;
  let datasetId: string;
  let grantId: string;

  const freeze = (what: 'Dataset' | 'Organization' | 'Grant', id: string, token = regulator.token, reason = 'suspected sale of shareholder lists for stock-tip fraud') =>
    t.gql<Record<string, Order>>(`mutation($id: ID!, $r: String!) { freeze${what}(id: $id, reason: $r, legalBasis: "PIPL Art. 61, 64; DSL Art. 44") { ${ORDER} } }`, { id, r: reason }, token);
  const liftFreeze = (orderId: string, token = regulator.token) =>
    t.gql<{ liftFreeze: Order }>(`mutation($id: ID!) { liftFreeze(orderId: $id, note: "investigation closed") { ${ORDER} } }`, { id: orderId }, token);
  const issueToken = () => t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: grantId }, buyer.token);
  const download = (url: string) => t.http().get(url).set('authorization', `Bearer ${buyer.token}`);
  const requestAccess = () =>
    t.gql<{ requestAccess: { status: string; reasons: string[]; reasonCodes: string[] } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN" }) { status reasons reasonCodes } }`,
      { d: datasetId },
      buyer.token,
    );
  const ledgerOf = async (subjectId: string) =>
    (
      await t.gql<{ ledgerEntries: Array<{ entry: { action: string; actor: { role: string }; data: Record<string, unknown> } }> }>(
        `query($s: ID) { ledgerEntries(subjectId: $s) { entry } }`,
        { s: subjectId },
        regulator.token,
      )
    ).data!.ledgerEntries.map((e) => e.entry);
  const reasonOf = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
    admin = await loginAdmin(t);
    datasetId = await publishConsentedShareholders(t, provider.token, 'enforcement shareholders', 30, 50_000);
    const req = await requestAccess();
    expect(req.data?.requestAccess.status).toBe('PENDING');
    const id = (await t.gql<{ accessRequests: Array<{ id: string; status: string }> }>(`{ accessRequests { id status } }`, {}, buyer.token)).data!.accessRequests.find(
      (r) => r.status === 'PENDING',
    )!.id;
    const decided = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id }, provider.token);
    grantId = decided.data!.decideAccessRequest.grant.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('a grant freeze stops a live download link issued before it, with the order’s reason; admins cannot lift it; a regulator can', async () => {
    const before = await issueToken();
    const url = before.data!.issueDownloadToken.url;

    const frozen = await freeze('Grant', grantId);
    expect(frozen.data?.freezeGrant).toMatchObject({ kind: 'FREEZE', targetType: 'GRANT', targetId: grantId, status: 'ACTIVE', legalBasis: 'PIPL Art. 61, 64; DSL Art. 44' });
    const orderId = frozen.data!.freezeGrant.id;

    const res = await download(url);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', reason: 'FROZEN', orderId });
    expect(res.body.message).toContain('suspected sale of shareholder lists for stock-tip fraud');
    expect(res.body.message).toContain('PIPL Art. 61, 64');
    const refused = await issueToken();
    expect([codeOf(refused), reasonOf(refused)]).toEqual(['CONFLICT', 'FROZEN']);
    expect(refused.errors?.[0]?.message).toContain('the grant is frozen by a regulator');

    expect(codeOf(await freeze('Grant', grantId))).toBe('CONFLICT');
    expect(codeOf(await liftFreeze(orderId, admin.token))).toBe('FORBIDDEN');
    expect(codeOf(await liftFreeze(orderId, provider.token))).toBe('FORBIDDEN');
    expect(codeOf(await liftFreeze(orderId, buyer.token))).toBe('FORBIDDEN');
    const stillFrozen = await t.gql<{ enforcementOrders: Order[] }>(`query($id: ID) { enforcementOrders(targetId: $id) { ${ORDER} } }`, { id: grantId }, admin.token);
    expect(stillFrozen.data?.enforcementOrders.map((o) => o.status)).toEqual(['ACTIVE']);

    const lifted = await liftFreeze(orderId);
    expect(lifted.data?.liftFreeze).toMatchObject({ status: 'LIFTED', closeNote: 'investigation closed' });
    expect(codeOf(await liftFreeze(orderId))).toBe('CONFLICT');
    const after = await issueToken();
    expect((await download(after.data!.issueDownloadToken.url)).status).toBe(200);

    const entries = await ledgerOf(orderId);
    expect(entries.map((e) => [e.action, e.actor.role])).toEqual([
      ['enforcement.freeze_issued', 'REGULATOR'],
      ['enforcement.freeze_lifted', 'REGULATOR'],
    ]);
    expect(entries[0].data).toEqual({ targetType: 'GRANT', targetId: grantId, reason: 'suspected sale of shareholder lists for stock-tip fraud', legalBasis: 'PIPL Art. 61, 64; DSL Art. 44' });
  });

  it('a listing freeze refuses new requests (as data, with the reason) and deliveries; an organization freeze stops its purchases', async () => {
    const frozen = await freeze('Dataset', datasetId, regulator.token, 'listing under investigation');
    expect(frozen.data?.freezeDataset.targetName).toBe('enforcement shareholders');
    const req = await requestAccess();
    expect(req.data?.requestAccess.status).toBe('REFUSED');
    expect(req.data?.requestAccess.reasonCodes).toContain('FROZEN');
    expect(req.data?.requestAccess.reasons.join(' ')).toContain('listing under investigation');
    expect(reasonOf(await issueToken())).toBe('FROZEN');
    await liftFreeze(frozen.data!.freezeDataset.id);

    const org = await freeze('Organization', buyer.organizationId, regulator.token, 'buyer under investigation');
    const refused = await issueToken();
    expect(reasonOf(refused)).toBe('FROZEN');
    expect(refused.errors?.[0]?.message).toContain('the organization is frozen by a regulator');
    expect(refused.errors?.[0]?.message).toContain('buyer under investigation');
    await liftFreeze(org.data!.freezeOrganization.id);
    expect(codeOf(await issueToken())).toBeUndefined();
  });

  it('a provider’s organization freeze stops publication', async () => {
    const weather = await uploadDataset(t, provider.token, join(CORPUS, 'weather_wuhan.csv'), 'frozen provider weather');
    expect(weather.status).toBe('TRADEABLE');
    const order = await freeze('Organization', provider.organizationId, regulator.token, 'provider under investigation');
    const publish = () => t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: weather.id }, provider.token);
    const refused = await publish();
    expect([codeOf(refused), reasonOf(refused)]).toEqual(['CONFLICT', 'FROZEN']);
    expect(refused.errors?.[0]?.message).toContain('provider under investigation');
    expect((await requestAccess()).data?.requestAccess.reasonCodes).toContain('FROZEN');
    await liftFreeze(order.data!.freezeOrganization.id);
    expect((await publish()).data?.publishDataset.status).toBe('PUBLISHED');
  });

  it('a rectification order past its deadline becomes a risk flag until a regulator finds it complied with', async () => {
    const issue = (deadline: string, token = regulator.token) =>
      t.gql<{ issueRectificationOrder: Order }>(
        `mutation($d: DateTime!, $id: ID!) { issueRectificationOrder(input: { targetType: DATASET, targetId: $id, reason: "delete the resident ID column", legalBasis: "PIPL Art. 64", deadline: $d }) { ${ORDER} } }`,
        { d: deadline, id: datasetId },
        token,
      );
    expect(codeOf(await issue(new Date(Date.now() - 60_000).toISOString()))).toBe('BAD_USER_INPUT');
    expect(codeOf(await issue(new Date(Date.now() + 3600_000).toISOString(), admin.token))).toBe('FORBIDDEN');
    const issued = await issue(new Date(Date.now() + 3600_000).toISOString());
    const order = issued.data!.issueRectificationOrder;
    expect(order).toMatchObject({ kind: 'RECTIFICATION', status: 'ACTIVE', overdue: false });
    const flags = async () =>
      (await t.gql<{ riskFlags: Array<{ kind: string; organization: { id: string }; count: number; message: string }> }>(`{ riskFlags { kind organization { id } count message } }`, {}, regulator.token)).data!.riskFlags.filter(
        (f) => f.kind === 'RECTIFICATION_OVERDUE',
      );
    expect(await flags()).toEqual([]);

    // Three days later, still not rectified.
    await t.dataSource.query(`UPDATE enforcement_orders SET deadline = now() - interval '3 days' WHERE id = $1`, [order.id]);
    const overdue = await flags();
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ organization: { id: provider.organizationId }, count: 3 });
    expect(overdue[0].message).toContain('delete the resident ID column');
    const listed = await t.gql<{ enforcementOrders: Order[] }>(`{ enforcementOrders(status: ACTIVE) { ${ORDER} } }`, {}, regulator.token);
    expect(listed.data?.enforcementOrders.find((o) => o.id === order.id)?.overdue).toBe(true);

    const close = (token: string, orderId = order.id) =>
      t.gql<{ liftRectificationOrder: Order }>(`mutation($id: ID!) { liftRectificationOrder(orderId: $id, complied: true, note: "column deleted, checked") { ${ORDER} } }`, { id: orderId }, token);
    expect(codeOf(await close(admin.token))).toBe('FORBIDDEN');
    const freezeOrder = await freeze('Dataset', datasetId);
    expect(reasonOf(await close(regulator.token, freezeOrder.data!.freezeDataset.id))).toBe('WRONG_KIND');
    await liftFreeze(freezeOrder.data!.freezeDataset.id);
    const complied = await close(regulator.token);
    expect(complied.data?.liftRectificationOrder).toMatchObject({ status: 'COMPLIED', overdue: false, closeNote: 'column deleted, checked' });
    expect(await flags()).toEqual([]);

    const entries = await ledgerOf(order.id);
    expect(entries.map((e) => e.action)).toEqual(['enforcement.rectification_ordered', 'enforcement.rectification_complied']);
    expect(entries[0].data).toMatchObject({ targetType: 'DATASET', targetId: datasetId, legalBasis: 'PIPL Art. 64' });
    expect(entries[1].data).toMatchObject({ to: 'COMPLIED', overdue: true });
  });

  it('a freeze stops aggregate queries on a QUERY grant too, with the reason; lifted, they run again', async () => {
    const id = await createDataset(t, provider.token, { title: 'enforcement survey, query only', region: 'CN-HB' });
    expect((await putFile(t, provider.token, id, readFileSync(join(CORPUS, 'survey_quasi.csv')))).status).toBe(201);
    await waitForClassification(t, provider.token, id);
    await t.gql(`mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status } }`, { d: id }, provider.token);
    await t.gql(`mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: true, note: "aggregates only") { status } }`, { d: id }, admin.token);
    expect((await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token)).data?.publishDataset.status).toBe('PUBLISHED');
    const req = await t.gql<{ requestAccess: { id: string; status: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN", mode: QUERY }) { id status } }`,
      { d: id },
      buyer.token,
    );
    expect(req.data?.requestAccess.status).toBe('PENDING');
    const decided = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id: req.data!.requestAccess.id }, provider.token);
    const queryGrant = decided.data!.decideAccessRequest.grant.id;
    const query = () =>
      t.gql<{ runAggregateQuery: { rows: unknown[][] } }>(`mutation($g: ID!) { runAggregateQuery(grantId: $g, input: { measures: [{ fn: COUNT }] }) { rows } }`, { g: queryGrant }, buyer.token);
    expect(codeOf(await query())).toBeUndefined();

    const order = await freeze('Grant', queryGrant, regulator.token, 'queries under investigation');
    const refused = await query();
    expect([codeOf(refused), reasonOf(refused)]).toEqual(['CONFLICT', 'FROZEN']);
    expect(refused.errors?.[0]?.message).toContain('queries under investigation');
    await liftFreeze(order.data!.freezeGrant.id);
    expect(codeOf(await query())).toBeUndefined();
  });

  it('records a personal-information impact assessment with every approval that provides personal information, kept three years', async () => {
    const q = `query($d: ID) { impactAssessments(datasetId: $d) { id requestId grantId purpose necessity risks measures retainUntil createdAt } }`;
    const res = await t.gql<{ impactAssessments: Array<{ id: string; grantId: string; purpose: string; necessity: string; risks: string[]; measures: string[]; retainUntil: string; createdAt: string }> }>(
      q,
      { d: datasetId },
      regulator.token,
    );
    const [pia] = res.data!.impactAssessments.filter((a) => a.grantId === grantId);
    expect(pia).toMatchObject({ purpose: 'research' });
    expect(pia.risks.join(' ')).toContain('Sensitive personal information (PIPL Art. 28): STOCK_ACCOUNT');
    expect(pia.risks.join(' ')).toContain('30 people');
    expect(pia.measures.join(' ')).toContain('covers 30 of 30 rows');
    expect(pia.necessity).toContain('"research" for 30 days');
    expect(new Date(pia.retainUntil).getTime() - new Date(pia.createdAt).getTime()).toBeGreaterThanOrEqual(3 * 365 * 24 * 3600 * 1000);
    expect(codeOf(await t.gql(q, { d: datasetId }, provider.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(q, { d: datasetId }, admin.token))).toBeUndefined();
    await expect(t.dataSource.query(`DELETE FROM pi_impact_assessments WHERE id = $1`, [pia.id])).rejects.toThrow(/kept until/);
    await expect(t.dataSource.query(`UPDATE pi_impact_assessments SET necessity = 'x' WHERE id = $1`, [pia.id])).rejects.toThrow(/not changed/);
    expect((await ledgerOf(pia.id)).map((e) => e.action)).toEqual(['pia.recorded']);

    // Data without personal information needs no assessment.
    const weather = await uploadDataset(t, provider.token, join(CORPUS, 'weather_wuhan.csv'), 'no personal information');
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: weather.id }, provider.token);
    const req = await t.gql<{ requestAccess: { id: string } }>(`mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "forecasting", durationDays: 5, region: "CN" }) { id } }`, { d: weather.id }, buyer.token);
    await t.gql(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { id } }`, { id: req.data!.requestAccess.id }, provider.token);
    expect((await t.gql<{ impactAssessments: unknown[] }>(q, { d: weather.id }, regulator.token)).data?.impactAssessments).toEqual([]);
  });

  it('rejects bad input and unknown targets clearly', async () => {
    expect(codeOf(await freeze('Dataset', '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(codeOf(await freeze('Dataset', 'not-an-id'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await freeze('Dataset', datasetId, regulator.token, '   '))).toBe('BAD_USER_INPUT');
    expect(codeOf(await liftFreeze('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
  });
});
