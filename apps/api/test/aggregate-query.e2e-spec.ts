import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CORPUS } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type GqlResult, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, getDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

const RUN = `mutation($g: ID!, $input: AggregateQueryInput!) {
  runAggregateQuery(grantId: $g, input: $input) { id columns rows suppressedGroups noise { mechanism epsilon } budget { spent left } cached inputHash rowsScanned }
}`;
const SET_POLICY = `mutation($g: ID!, $input: GrantQueryPolicyInput!) { setGrantQueryPolicy(grantId: $g, input: $input) { id queryPolicy { minGroupSize differentialPrivacy { epsilonPerQuery epsilonTotal } budget { spent left } } } }`;

interface Answer {
  id: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
  suppressedGroups: number;
  noise: { mechanism: string; epsilon: number } | null;
  budget: { spent: number; left: number | null };
  cached: boolean;
  inputHash: string;
  rowsScanned: number;
}

/**
 * Orders: customers (a mobile each, the consent subject key) in two districts, several orders
 * each. District 洪山区 has 12 customers with 3 orders, one of them the only "vip"; 江汉区 has
 * 15 customers with 2 orders; 武昌区 (4 customers) and 汉阳区 (6) are under k, together 10 (so
 * their suppression hides 10 subjects and needs no complementary suppression). UNTRADEABLE only
 * because of direct identifiers (mobile, address).
 */
function ordersCsv(): { csv: string; vipPhone: string; hongshanPhones: string[] } {
  const lines = ['phone,address,segment,amount'];
  const hongshanPhones: string[] = [];
  for (let i = 0; i < 12; i++) {
    const phone = `1391234${1000 + i}`;
    hongshanPhones.push(phone);
    for (let j = 0; j < 3; j++) lines.push(`${phone},武汉市洪山区珞喻路${i + 1}号,${i === 0 ? 'vip' : 'regular'},${i === 0 ? 900 : 10 + j}`);
  }
  for (let i = 0; i < 15; i++) for (let j = 0; j < 2; j++) lines.push(`1381234${1000 + i},武汉市江汉区解放大道${i + 1}号,regular,${20 + j}`);
  for (let i = 0; i < 4; i++) lines.push(`1371234${1000 + i},武汉市武昌区中南路${i + 1}号,regular,5`);
  for (let i = 0; i < 6; i++) lines.push(`1361234${1000 + i},武汉市汉阳区汉阳大道${i + 1}号,regular,7`);
  return { csv: lines.join('\n') + '\n', vipPhone: hongshanPhones[0], hongshanPhones };
}

describe('aggregate-query grants: usable but not visible (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let admin: TestAccount;
  let regulator: TestAccount;
  let surveyId: string;
  let surveyGrant: string;
  let ordersId: string;
  let ordersGrant: string;
  const orders = ordersCsv();

  const run = (grantId: string, input: Record<string, unknown>, token = buyer.token) => t.gql<{ runAggregateQuery: Answer }>(RUN, { g: grantId, input }, token);
  const ok = async (grantId: string, input: Record<string, unknown>): Promise<Answer> => {
    const res = await run(grantId, input);
    if (!res.data?.runAggregateQuery) throw new Error(`query failed: ${JSON.stringify(res.errors)}`);
    return res.data.runAggregateQuery;
  };
  const exact = (grantId: string) => t.gql(SET_POLICY, { g: grantId, input: { minGroupSize: 10, differentialPrivacy: null } }, provider.token);

  /** Upload, offer for queries, review, publish; then the buyer's QUERY grant. */
  async function queryGrant(title: string, body: Buffer | string): Promise<{ datasetId: string; grantId: string }> {
    const datasetId = await createDataset(t, provider.token, { title, region: 'CN-HB' });
    expect((await putFile(t, provider.token, datasetId, body)).status).toBe(201);
    await waitForClassification(t, provider.token, datasetId);
    const offer = await t.gql<{ offerAggregateQueries: { status: string; queryOnly: boolean } }>(
      `mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status queryOnly basis } }`,
      { d: datasetId },
      provider.token,
    );
    expect(offer.data?.offerAggregateQueries).toMatchObject({ status: 'PENDING', queryOnly: true });
    // Before the review the listing offers nothing new, and is not visible to buyers.
    const reviewed = await t.gql<{ reviewQueryOffer: { status: string } }>(`mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: true, note: "aggregates only") { status } }`, { d: datasetId }, admin.token);
    expect(reviewed.data?.reviewQueryOffer.status).toBe('APPROVED');
    const published = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: datasetId }, provider.token);
    expect(published.data?.publishDataset.status).toBe('PUBLISHED');
    const req = await t.gql<{ requestAccess: { id: string; status: string; reasons: string[] } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN", mode: QUERY }) { id status reasons } }`,
      { d: datasetId },
      buyer.token,
    );
    expect(req.data?.requestAccess).toMatchObject({ status: 'PENDING', reasons: [] });
    const decided = await t.gql<{ decideAccessRequest: { grant: { id: string; mode: string } } }>(
      `mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id mode } } }`,
      { id: req.data!.requestAccess.id },
      provider.token,
    );
    expect(decided.data?.decideAccessRequest.grant.mode).toBe('QUERY');
    return { datasetId, grantId: decided.data!.decideAccessRequest.grant.id };
  }

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    admin = await loginAdmin(t);
    regulator = await loginRegulator(t);
    ({ datasetId: surveyId, grantId: surveyGrant } = await queryGrant('survey, query only', readFileSync(join(CORPUS, 'survey_quasi.csv'))));
    ({ datasetId: ordersId, grantId: ordersGrant } = await queryGrant('orders, query only', orders.csv));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('offers QUERY only on a reviewed AMBIGUOUS or direct-identifier listing, and says so in the offer and the ODRL policy', async () => {
    const survey = await getDataset(t, buyer.token, surveyId, 'status classification { verdict } offer { deliveryModes } queryOffer { status queryOnly minGroupSize }');
    expect(survey).toMatchObject({ status: 'PUBLISHED', classification: { verdict: 'AMBIGUOUS' }, offer: { deliveryModes: ['QUERY'] }, queryOffer: { status: 'APPROVED', queryOnly: true, minGroupSize: 10 } });
    const ordersView = await getDataset(t, buyer.token, ordersId, 'classification { verdict } offer { deliveryModes }');
    expect(ordersView).toMatchObject({ classification: { verdict: 'UNTRADEABLE' }, offer: { deliveryModes: ['QUERY'] } });
    // A download request on a query-only listing is refused, with what would pass.
    const download = await t.gql<{ requestAccess: { status: string; reasons: string[] } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN", mode: DOWNLOAD }) { status reasons } }`,
      { d: ordersId },
      buyer.token,
    );
    expect(download.data?.requestAccess.status).toBe('REFUSED');
    expect(download.data?.requestAccess.reasons.join(' ')).toMatch(/does not offer downloads; it offers QUERY/);
    const grants = await t.gql<{ grants: Array<{ id: string; mode: string; policy: { permission: Array<{ constraint: Array<{ leftOperand: string; rightOperand: unknown }> }>; prohibition: Array<{ action: string }> } }> }>(
      `{ grants { id mode policy } }`,
      {},
      buyer.token,
    );
    const grant = grants.data!.grants.find((g) => g.id === ordersGrant)!;
    expect(grant.mode).toBe('QUERY');
    expect(grant.policy.permission[0].constraint).toEqual(expect.arrayContaining([expect.objectContaining({ leftOperand: 'deliveryChannel' }), expect.objectContaining({ leftOperand: 'urn:eastlake:minGroupSize', rightOperand: 10 })]));
    expect(grant.policy.prohibition).toEqual(expect.arrayContaining([{ action: 'reproduce' }]));
  });

  it('never hands a QUERY grant rows: the download route refuses it with the reason', async () => {
    const res = await t.gql(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: ordersGrant }, buyer.token);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors?.[0].extensions?.reason).toBe('QUERY_ONLY_GRANT');
    expect(res.errors?.[0].message).toMatch(/aggregate queries only.*never yields rows/);
  });

  it('answers a group-by on the AMBIGUOUS listing with every group ≥ k subjects, exactly (differential privacy off)', async () => {
    expect(codeOf(await exact(surveyGrant))).toBeUndefined();
    const input = {
      groupBy: [{ column: 'birth_year' }, { column: 'gender' }],
      generalise: [{ column: 'birth_year', to: 'AGE_BAND', width: 20 }],
      measures: [{ fn: 'COUNT' }, { fn: 'AVG', column: 'satisfaction' }, { fn: 'MAX', column: 'satisfaction' }],
    };
    const answer = await ok(surveyGrant, input);
    expect(answer.columns).toEqual(['age_band(birth_year)', 'gender', 'count(*)', 'avg(satisfaction)', 'max(satisfaction)']);
    expect(answer.noise).toBeNull();
    // The same groups, computed here from the file.
    const rows = readFileSync(join(CORPUS, 'survey_quasi.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const year = new Date().getFullYear();
    const groups = new Map<string, number[]>();
    for (const [by, gender, , , satisfaction] of rows) {
      const low = Math.floor((year - Number(by)) / 20) * 20;
      const key = `${low}-${low + 19}|${gender}`;
      groups.set(key, [...(groups.get(key) ?? []), Number(satisfaction)]);
    }
    expect(answer.rows.length).toBeGreaterThan(0);
    for (const [band, gender, count, avg, max] of answer.rows) {
      const values = groups.get(`${band}|${gender}`)!;
      expect(count).toBe(values.length);
      expect(count as number).toBeGreaterThanOrEqual(10);
      expect(avg).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 5);
      expect(max).toBe(Math.max(...values));
    }
    const small = [...groups.values()].filter((v) => v.length < 10).length;
    expect(answer.suppressedGroups).toBeGreaterThanOrEqual(small);
    expect(answer.rows.length + answer.suppressedGroups).toBe(groups.size);
  });

  it('refuses identifier columns for groupBy, filters and measures, and quasi-identifiers without a generalisation', async () => {
    const refused = async (input: Record<string, unknown>, grantId = ordersGrant) => {
      const res = await run(grantId, input);
      return { code: codeOf(res as GqlResult), reason: res.errors?.[0].extensions?.reason, message: res.errors?.[0].message ?? '' };
    };
    expect(await refused({ groupBy: [{ column: 'phone' }], measures: [{ fn: 'COUNT' }] })).toMatchObject({ code: 'FORBIDDEN', reason: 'COLUMN_PROTECTED' });
    expect(await refused({ filters: [{ column: 'phone', op: 'EQ', values: [orders.vipPhone] }], measures: [{ fn: 'COUNT' }] })).toMatchObject({ code: 'FORBIDDEN', reason: 'COLUMN_PROTECTED' });
    expect(await refused({ measures: [{ fn: 'COUNT_DISTINCT', column: 'phone' }] })).toMatchObject({ code: 'FORBIDDEN', reason: 'COLUMN_PROTECTED' });
    expect(await refused({ measures: [{ fn: 'MIN', column: 'address' }] })).toMatchObject({ code: 'FORBIDDEN', reason: 'COLUMN_PROTECTED' });
    expect(await refused({ groupBy: [{ column: 'address' }], measures: [{ fn: 'COUNT' }] })).toMatchObject({ code: 'FORBIDDEN', reason: 'COLUMN_PROTECTED' });
    expect(await refused({ groupBy: [{ column: 'birth_year' }], measures: [{ fn: 'COUNT' }] }, surveyGrant)).toMatchObject({ code: 'FORBIDDEN', reason: 'GENERALISATION_REQUIRED' });
    expect(await refused({ groupBy: [{ column: 'nope' }], measures: [{ fn: 'COUNT' }] })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COLUMN_NOT_FOUND' });
    // Another buyer's grant does not exist for this one.
    const other = await t.gql<{ register: { token: string } }>(
      `mutation($i: RegisterInput!) { register(input: $i) { token } }`,
      { i: { email: `q-${Date.now()}@example.test`, password: 'password-query-1', organizationName: 'Other buyer', kind: 'BUYER' } },
    );
    expect(codeOf(await run(ordersGrant, { measures: [{ fn: 'COUNT' }] }, other.data!.register.token))).toBe('NOT_FOUND');
  });

  it('counts data subjects by identifier key, not rows, and withholds the group a differencing pair would isolate', async () => {
    expect(codeOf(await exact(ordersGrant))).toBeUndefined();
    const byDistrict = { groupBy: [{ column: 'address' }], generalise: [{ column: 'address', to: 'DISTRICT' }], measures: [{ fn: 'COUNT' }, { fn: 'SUM', column: 'amount' }] };
    const all = await ok(ordersGrant, byDistrict);
    // 洪山区: 36 rows, 12 subjects; 江汉区: 30 rows, 15 subjects; 武昌区 and 汉阳区: under k, suppressed.
    expect(all.rows).toEqual([
      ['武汉市江汉区', 30, 15 * 41],
      ['武汉市洪山区', 36, 3 * 900 + 11 * 33],
    ]);
    expect(all.suppressedGroups).toBe(2);
    // The attacker's pair: the same query without the one vip. Its difference would be the vip's orders.
    const notVip = await ok(ordersGrant, { ...byDistrict, filters: [{ column: 'segment', op: 'NE', values: ['vip'] }] });
    const hongshan = notVip.rows.find((r) => r[0] === '武汉市洪山区');
    const revealed = hongshan ? (all.rows.find((r) => r[0] === '武汉市洪山区')![2] as number) - (hongshan[2] as number) : null;
    expect(revealed).toBeNull();
    expect(notVip.rows.map((r) => r[0])).toEqual(['武汉市江汉区']);
    expect(notVip.suppressedGroups).toBe(3);
  });

  it('excludes subjects who withdrew consent from the next query', async () => {
    const byDistrict = { groupBy: [{ column: 'address' }], generalise: [{ column: 'address', to: 'DISTRICT' }], measures: [{ fn: 'COUNT' }] };
    const before = await ok(ordersGrant, byDistrict);
    expect(before.rows.find((r) => r[0] === '武汉市洪山区')?.[1]).toBe(36);
    const key = createHash('sha256').update(orders.hongshanPhones[5]).digest('hex');
    const revoked = await t.gql(`mutation($d: ID!, $k: String!) { revokeConsent(datasetId: $d, subjectKey: $k) { id } }`, { d: ordersId, k: key }, provider.token);
    expect(codeOf(revoked)).toBeUndefined();
    const after = await ok(ordersGrant, byDistrict);
    expect(after.cached).toBe(false);
    expect(after.rows.find((r) => r[0] === '武汉市洪山区')?.[1]).toBe(33);
  });

  it('spends the privacy budget, answers repeats from the log for free, and refuses an overspend with what is left', async () => {
    const set = await t.gql<{ setGrantQueryPolicy: { queryPolicy: { differentialPrivacy: { epsilonTotal: number } } } }>(
      SET_POLICY,
      { g: surveyGrant, input: { minGroupSize: 10, differentialPrivacy: { epsilonPerQuery: 1, epsilonTotal: 2, contributionBound: 1 } } },
      provider.token,
    );
    expect(set.data?.setGrantQueryPolicy.queryPolicy.differentialPrivacy.epsilonTotal).toBe(2);
    const q1 = { groupBy: [{ column: 'gender' }], measures: [{ fn: 'COUNT' }] };
    const first = await ok(surveyGrant, q1);
    expect(first.noise).toEqual({ mechanism: 'LAPLACE', epsilon: 1 });
    expect(first.budget).toEqual({ spent: 1, left: 1 });
    for (const row of first.rows) expect(Number.isInteger(row[1])).toBe(true);
    // The same question in another order of keys is the same question: the cached noisy answer, nothing spent.
    const again = await ok(surveyGrant, { measures: [{ fn: 'COUNT' }], groupBy: [{ column: 'gender' }] });
    expect(again).toMatchObject({ cached: true, rows: first.rows, inputHash: first.inputHash, budget: { spent: 1, left: 1 } });
    const second = await ok(surveyGrant, { groupBy: [{ column: 'occupation' }], measures: [{ fn: 'COUNT' }] });
    expect(second.budget).toEqual({ spent: 2, left: 0 });
    const third = await run(surveyGrant, { measures: [{ fn: 'SUM', column: 'satisfaction', clip: { lower: 1, upper: 5 } }] });
    expect(codeOf(third)).toBe('CONFLICT');
    expect(third.errors?.[0].extensions).toMatchObject({ reason: 'BUDGET_EXHAUSTED', left: 0, spent: 2 });
    expect(third.errors?.[0].message).toMatch(/ε = 0 of 2 is left/);
    // MEDIAN/MIN/MAX are refused under differential privacy; SUM without clip bounds too.
    expect((await run(surveyGrant, { measures: [{ fn: 'MEDIAN', column: 'satisfaction' }] })).errors?.[0].extensions?.reason).toBe('DP_UNSUPPORTED');
  });

  it('ledgers every query with its input hash, groups, ε, rows scanned and duration; the regulator sees the log per grant', async () => {
    const entries = await t.gql<{ ledgerEntries: Array<{ entry: { action: string; data: Record<string, unknown> } }> }>(
      `query($s: ID!) { ledgerEntries(subjectId: $s, first: 1000) { entry } }`,
      { s: surveyGrant },
      regulator.token,
    );
    const queries = entries.data!.ledgerEntries.filter((e) => e.entry.action.startsWith('query.'));
    const log = await t.gql<{ grants: Array<{ id: string; queryPolicy: { queriesRun: number; queriesCached: number; budget: { spent: number } }; queryLog: Array<{ id: string; inputHash: string; cached: boolean; status: string; epsilon: number }> }> }>(
      `{ grants { id queryPolicy { queriesRun queriesCached budget { spent } } queryLog(first: 100) { id inputHash cached status epsilon } } }`,
      {},
      regulator.token,
    );
    const grant = log.data!.grants.find((g) => g.id === surveyGrant)!;
    const done = grant.queryLog.filter((q) => q.status === 'DONE');
    expect(done.length).toBe(grant.queryPolicy.queriesRun);
    expect(queries.filter((e) => e.entry.action === 'query.executed' || e.entry.action === 'query.answered')).toHaveLength(done.length);
    for (const q of done) {
      const entry = queries.find((e) => e.entry.data.queryId === q.id)!;
      expect(entry.entry.data).toMatchObject({ inputHash: q.inputHash, cached: q.cached });
      expect(typeof entry.entry.data.groupsReturned).toBe('number');
      expect(typeof entry.entry.data.groupsSuppressed).toBe('number');
      expect(typeof entry.entry.data.rowsScanned).toBe('number');
      expect(typeof entry.entry.data.durationMs).toBe('number');
      expect(entry.entry.data.epsilon).toBe(q.cached ? '0' : String(q.epsilon));
    }
    expect(grant.queryPolicy).toMatchObject({ queriesCached: 1, budget: { spent: 2 } });
  });

  it('stops queries on a suspended or revoked grant exactly as downloads', async () => {
    const revoked = await t.gql(`mutation($g: ID!) { revokeGrant(id: $g, reason: "contract ended") { status } }`, { g: ordersGrant }, provider.token);
    expect(codeOf(revoked)).toBeUndefined();
    const res = await run(ordersGrant, { measures: [{ fn: 'COUNT' }] });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors?.[0].message).toMatch(/REVOKED: contract ended/);
  });
});
