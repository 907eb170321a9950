import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CORPUS } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createProvider, login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

interface LogEntry {
  id: string;
  status: string;
  inputHash: string;
  cached: boolean;
  epsilon: number;
  groupsReturned: number | null;
  groupsSuppressed: number | null;
  rowsScanned: number | null;
  durationMs: number | null;
  buyerOrgName: string | null;
  createdAt: string;
}
interface GrantView {
  id: string;
  mode: string;
  queryPolicy: { queriesRun: number; budget: { spent: number; left: number | null } } | null;
  queryLog: LogEntry[];
}

const GRANTS = `{ grants { id mode queryPolicy { queriesRun budget { spent left } } queryLog(first: 20) {
  id status inputHash cached epsilon groupsReturned groupsSuppressed rowsScanned durationMs buyerOrgName createdAt } } }`;
const RUN = `mutation($g: ID!, $input: AggregateQueryInput!) { runAggregateQuery(grantId: $g, input: $input) { id inputHash rows suppressedGroups budget { spent left } } }`;

/** The query log the web app shows: the provider of the grant and regulators read it per grant, with the buyer's name. */
describe('query log per grant: provider, regulator, buyer (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let regulator: TestAccount;
  let stranger: TestAccount;
  let grantId: string;
  let buyerName: string;
  let answer: { id: string; inputHash: string; rows: unknown[][]; suppressedGroups: number };

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
    stranger = await createProvider(t);
    const admin = await loginAdmin(t);
    const me = await t.gql<{ me: { organization: { name: string } } }>(`{ me { organization { name } } }`, {}, buyer.token);
    buyerName = me.data!.me.organization.name;

    const datasetId = await createDataset(t, provider.token, { title: 'survey for the query log', region: 'CN-HB' });
    expect((await putFile(t, provider.token, datasetId, readFileSync(join(CORPUS, 'survey_quasi.csv')))).status).toBe(201);
    await waitForClassification(t, provider.token, datasetId);
    await t.gql(`mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status } }`, { d: datasetId }, provider.token);
    await t.gql(`mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: true) { status } }`, { d: datasetId }, admin.token);
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: datasetId }, provider.token);
    const req = await t.gql<{ requestAccess: { id: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN", mode: QUERY }) { id } }`,
      { d: datasetId },
      buyer.token,
    );
    const decided = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(
      `mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`,
      { id: req.data!.requestAccess.id },
      provider.token,
    );
    grantId = decided.data!.decideAccessRequest.grant.id;
    const ran = await t.gql<{ runAggregateQuery: typeof answer }>(RUN, { g: grantId, input: { groupBy: [{ column: 'gender' }], measures: [{ fn: 'COUNT' }] } }, buyer.token);
    if (!ran.data?.runAggregateQuery) throw new Error(`query failed: ${JSON.stringify(ran.errors)}`);
    answer = ran.data.runAggregateQuery;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const logOf = async (account: TestAccount): Promise<GrantView | undefined> => {
    const res = await t.gql<{ grants: GrantView[] }>(GRANTS, {}, account.token);
    expect(res.errors).toBeUndefined();
    return res.data!.grants.find((g) => g.id === grantId);
  };

  it('the provider sees its grant’s query log with the buyer’s name, hash, groups, ε, rows scanned and duration', async () => {
    const grant = await logOf(provider);
    expect(grant?.mode).toBe('QUERY');
    expect(grant!.queryLog).toHaveLength(1);
    const [entry] = grant!.queryLog;
    expect(entry).toMatchObject({ id: answer.id, status: 'DONE', inputHash: answer.inputHash, cached: false, epsilon: 1, buyerOrgName: buyerName });
    expect(entry.groupsReturned).toBe(answer.rows.length);
    expect(entry.groupsSuppressed).toBe(answer.suppressedGroups);
    expect(entry.rowsScanned).toBe(150);
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect(grant!.queryPolicy).toMatchObject({ queriesRun: 1, budget: { spent: 1, left: 9 } });
  });

  it('the regulator and the buyer see the same entry; another provider sees neither the grant nor its log', async () => {
    const provided = (await logOf(provider))!.queryLog;
    expect((await logOf(regulator))!.queryLog).toEqual(provided);
    expect((await logOf(buyer))!.queryLog).toEqual(provided);
    expect(await logOf(stranger)).toBeUndefined();
    const columns = await t.gql(`query($g: ID!) { queryableColumns(grantId: $g) { name } }`, { g: grantId }, stranger.token);
    expect(codeOf(columns)).toBe('NOT_FOUND');
  });

  it('a refused query leaves the log as it was, and a cached repeat is logged as spending nothing', async () => {
    const refused = await t.gql(RUN, { g: grantId, input: { groupBy: [{ column: 'birth_year' }], measures: [{ fn: 'COUNT' }] } }, buyer.token);
    expect(refused.errors?.[0].extensions?.reason).toBe('GENERALISATION_REQUIRED');
    expect((await logOf(provider))!.queryLog).toHaveLength(1);
    const again = await t.gql<{ runAggregateQuery: typeof answer }>(RUN, { g: grantId, input: { groupBy: [{ column: 'gender' }], measures: [{ fn: 'COUNT' }] } }, buyer.token);
    expect(again.data?.runAggregateQuery.inputHash).toBe(answer.inputHash);
    const [latest] = (await logOf(regulator))!.queryLog;
    expect(latest).toMatchObject({ cached: true, epsilon: 0, inputHash: answer.inputHash, buyerOrgName: buyerName });
  });
});
