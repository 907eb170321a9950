import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CORPUS } from './utils/fixtures.util.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, createProvider, login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, putFile, uploadDataset } from './factories/datasets.factory.js';

/**
 * Every GraphQL operation and REST endpoint × every kind of caller, with the expected
 * allow/deny. An operation without a row fails the suite, so a new resolver cannot
 * skip it. "Deny" means UNAUTHENTICATED, FORBIDDEN or NOT_FOUND (HTTP 401/403/404);
 * anything else (data, CONFLICT, BAD_USER_INPUT) got past authorization.
 */
const ACTORS = ['anonymous', 'providerOwn', 'providerOther', 'buyer', 'buyerOther', 'regulator', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

const DENIED_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

/** One row: how to call it for an actor, and the expected verdict for each actor in ACTORS order. */
interface Row {
  call: (actor: Actor) => Promise<{ denied: boolean; detail: string }>;
  expect: string; // 7 letters, A = allow, D = deny, in ACTORS order
}

describe('authorization matrix (e2e)', () => {
  let t: TestApp;
  const accounts = {} as Record<Exclude<Actor, 'anonymous'>, TestAccount>;
  const fx = {} as {
    draftId: string;
    publishedId: string;
    grantId: string;
    queryGrantId: string;
    someUserId: string;
  };

  const tokenOf = (actor: Actor) => (actor === 'anonymous' ? undefined : accounts[actor].token);
  const gql = (query: string, variables: () => Record<string, unknown> | Promise<Record<string, unknown>> = () => ({})) =>
    async (actor: Actor) => {
      const res = await t.gql(query, await variables(), tokenOf(actor));
      const code = res.errors?.[0]?.extensions?.code;
      return { denied: code !== undefined && DENIED_CODES.has(code), detail: code ?? 'data' };
    };
  const servesAdmin = () =>
    (t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: Array<{ route?: { path: string } }> } }).router.stack.some(
      (l) => l.route?.path === '/',
    );
  const rest = (method: 'get' | 'put', path: () => string | Promise<string>, body?: () => Buffer) =>
    async (actor: Actor) => {
      const req = t.http()[method](await path());
      const token = tokenOf(actor);
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = body ? await req.set('content-type', 'application/octet-stream').send(body()) : await req;
      return { denied: [401, 403, 404].includes(res.status), detail: String(res.status) };
    };

  // Fresh resources for calls that change state, so each actor meets the same situation.
  const tradeable = async () => {
    const id = await createDataset(t, accounts.providerOwn.token, { title: 'matrix tradeable' });
    await putFile(t, accounts.providerOwn.token, id, readFileSync(join(CORPUS, 'weather_wuhan.csv')));
    for (let i = 0; i < 100; i++) {
      const s = await t.dataSource.query(`SELECT status FROM datasets WHERE id = $1`, [id]);
      if (s[0].status !== 'CLASSIFYING') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return id;
  };
  const inReview = async () => (await uploadDataset(t, accounts.providerOwn.token, join(CORPUS, 'survey_quasi.csv'), 'matrix review')).id;
  const pendingRequest = async () => {
    const res = await t.gql<{ requestAccess: { id: string; status: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "forecasting", durationDays: 30, region: "CN" }) { id status } }`,
      { d: fx.publishedId },
      accounts.buyer.token,
    );
    expect(res.data!.requestAccess.status).toBe('PENDING');
    return res.data!.requestAccess.id;
  };
  const grant = async () => {
    const id = await pendingRequest();
    const res = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(
      `mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`,
      { id },
      accounts.providerOwn.token,
    );
    return res.data!.decideAccessRequest.grant.id;
  };
  const freezeOrder = async () => {
    const id = await createDataset(t, accounts.providerOwn.token);
    const res = await t.gql<{ freezeDataset: { id: string } }>(`mutation($id: ID!) { freezeDataset(id: $id, reason: "matrix", legalBasis: "PIPL Art. 64") { id } }`, { id }, accounts.regulator.token);
    return res.data!.freezeDataset.id;
  };
  const rectificationOrder = async () => {
    const res = await t.gql<{ issueRectificationOrder: { id: string } }>(
      `mutation($id: ID!) { issueRectificationOrder(input: { targetType: DATASET, targetId: $id, reason: "matrix", legalBasis: "PIPL Art. 64", deadline: "2099-01-01T00:00:00Z" }) { id } }`,
      { id: fx.draftId },
      accounts.regulator.token,
    );
    return res.data!.issueRectificationOrder.id;
  };
  const downloadUrl = async () => {
    const res = await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: fx.grantId }, accounts.buyer.token);
    return res.data!.issueDownloadToken.url;
  };
  const pendingQueryOffer = async () => {
    const id = await inReview();
    await t.gql(`mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status } }`, { d: id }, accounts.providerOwn.token);
    return id;
  };
  /** A published query-only listing (survey, AMBIGUOUS, reviewed) and the buyer's QUERY grant on it. */
  const queryGrant = async () => {
    const d = await pendingQueryOffer();
    await t.gql(`mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: true) { status } }`, { d }, accounts.admin.token);
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: d }, accounts.providerOwn.token);
    const req = await t.gql<{ requestAccess: { id: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN", mode: QUERY }) { id } }`,
      { d },
      accounts.buyer.token,
    );
    const res = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id: req.data!.requestAccess.id }, accounts.providerOwn.token);
    return res.data!.decideAccessRequest.grant.id;
  };
  let n = 0;
  const unique = () => `${Date.now().toString(36)}${n++}`;
  /** Fresh PENDING cross-border evidence of the own provider (each review needs one). */
  const pendingEvidence = async () => {
    const res = await t
      .http()
      .put(`/api/cross-border/evidence?year=${new Date().getUTCFullYear()}&mechanism=STANDARD_CONTRACT`)
      .set('authorization', `Bearer ${accounts.providerOwn.token}`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4 matrix'));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const year = new Date().getUTCFullYear();

  const ROWS: Record<string, Row> = {
    // Accounts
    login: { call: async () => ({ denied: !(await login(t, 'buyer@demo.eastlake')).token, detail: 'data' }), expect: 'AAAAAAA' },
    register: {
      call: gql(`mutation($e: String!, $o: String!) { register(input: { email: $e, password: "a-long-password", organizationName: $o, kind: BUYER }) { token } }`, () => {
        const u = unique();
        return { e: `m-${u}@example.test`, o: `Matrix ${u}` };
      }),
      expect: 'AAAAAAA',
    },
    me: { call: gql(`{ me { id } }`), expect: 'DAAAAAA' },
    users: { call: gql(`{ users { id } }`), expect: 'DAAAAAA' },
    user: { call: gql(`query($id: ID!) { user(id: $id) { id } }`, () => ({ id: accounts.providerOwn.userId })), expect: 'DADDDAA' },
    organization: { call: gql(`query($id: ID!) { organization(id: $id) { id } }`, () => ({ id: accounts.providerOwn.organizationId })), expect: 'DADDDAA' },
    organizations: { call: gql(`{ organizations { id } }`), expect: 'DAAAAAA' },
    createUser: {
      call: gql(`mutation($e: String!, $o: String!) { createUser(input: { email: $e, password: "a-long-password", role: REGULATOR, organizationName: $o }) { id } }`, () => {
        const u = unique();
        return { e: `r-${u}@example.test`, o: `Regulator ${u}` };
      }),
      expect: 'DDDDDDA',
    },
    changeUserRole: { call: gql(`mutation($id: ID!) { changeUserRole(userId: $id, role: REGULATOR) { id } }`, () => ({ id: fx.someUserId })), expect: 'DDDDDDA' },
    disableUser: { call: gql(`mutation($id: ID!) { disableUser(userId: $id, reason: "matrix") { id } }`, async () => ({ id: (await createProvider(t)).userId })), expect: 'DDDDDDA' },
    enableUser: { call: gql(`mutation($id: ID!) { enableUser(userId: $id) { id } }`, async () => ({ id: (await createProvider(t)).userId })), expect: 'DDDDDDA' },
    verifyOrganization: { call: gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, () => ({ id: accounts.buyerOther.organizationId })), expect: 'DDDDDDA' },
    // Listings
    createDataset: { call: gql(`mutation { createDataset(input: { title: "m", region: "CN", provenance: COLLECTED, rights: { holding: true, processing: true, operation: true } }) { id } }`), expect: 'DAADDDD' },
    dataset: { call: gql(`query($id: ID!) { dataset(id: $id) { id } }`, () => ({ id: fx.draftId })), expect: 'DADDDAA' },
    datasets: { call: gql(`{ datasets { totalCount } }`), expect: 'DAAAAAA' },
    publishDataset: { call: gql(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, async () => ({ id: await tradeable() })), expect: 'DADDDDD' },
    reviewDataset: { call: gql(`mutation($id: ID!) { reviewDataset(id: $id, decision: APPROVE) { id } }`, async () => ({ id: await inReview() })), expect: 'DDDDDAA' },
    remediateDataset: { call: gql(`mutation($id: ID!) { remediateDataset(id: $id, transforms: [{ kind: DROP, column: "a" }]) { id } }`, () => ({ id: fx.draftId })), expect: 'DADDDDD' },
    // Access
    requestAccess: {
      call: gql(`mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "forecasting", durationDays: 1, region: "CN" }) { id } }`, () => ({ d: fx.publishedId })),
      expect: 'DAAAADD',
    },
    decideAccessRequest: { call: gql(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: false) { id } }`, async () => ({ id: await pendingRequest() })), expect: 'DADDDDD' },
    accessRequests: { call: gql(`{ accessRequests { id } }`), expect: 'DAAAAAA' },
    grants: { call: gql(`{ grants { id } }`), expect: 'DAAAAAA' },
    revokeGrant: { call: gql(`mutation($id: ID!) { revokeGrant(id: $id, reason: "matrix") { id } }`, async () => ({ id: await grant() })), expect: 'DADDDDA' },
    issueDownloadToken: { call: gql(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, () => ({ g: fx.grantId })), expect: 'DDDADDD' },
    revokeConsent: { call: gql(`mutation($d: ID!) { revokeConsent(datasetId: $d, subjectKey: "${'e'.repeat(64)}") { id } }`, () => ({ d: fx.publishedId })), expect: 'DADDDDA' },
    // Aggregate queries (usable but not visible)
    runAggregateQuery: { call: gql(`mutation($g: ID!) { runAggregateQuery(grantId: $g, input: { measures: [{ fn: COUNT }] }) { rows } }`, () => ({ g: fx.queryGrantId })), expect: 'DDDADDD' },
    queryableColumns: { call: gql(`query($g: ID!) { queryableColumns(grantId: $g) { name } }`, () => ({ g: fx.queryGrantId })), expect: 'DADADAA' },
    setGrantQueryPolicy: {
      call: gql(`mutation($g: ID!) { setGrantQueryPolicy(grantId: $g, input: { minGroupSize: 10, differentialPrivacy: { epsilonPerQuery: 1, epsilonTotal: 10 } }) { id } }`, () => ({ g: fx.queryGrantId })),
      expect: 'DADDDDD',
    },
    offerAggregateQueries: { call: gql(`mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status } }`, async () => ({ d: await tradeable() })), expect: 'DADDDDD' },
    reviewQueryOffer: { call: gql(`mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: false) { status } }`, async () => ({ d: await pendingQueryOffer() })), expect: 'DDDDDAA' },
    // Ledger
    ledgerHead: { call: gql(`{ ledgerHead { treeSize } }`), expect: 'DDDDDAA' },
    ledgerEntries: { call: gql(`{ ledgerEntries(first: 1) { seq } }`), expect: 'DDDDDAA' },
    ledgerInclusionProof: { call: gql(`{ ledgerInclusionProof(seq: 1, treeSize: 1) { leafIndex } }`), expect: 'DDDDDAA' },
    ledgerConsistencyProof: { call: gql(`{ ledgerConsistencyProof(fromSize: 1, toSize: 1) { proof } }`), expect: 'DDDDDAA' },
    verifyLedger: { call: gql(`{ verifyLedger { ok } }`), expect: 'DDDDDAA' },
    // Regulator views
    transactions: { call: gql(`{ transactions { id } }`), expect: 'DDDDDAA' },
    riskFlags: { call: gql(`{ riskFlags { kind } }`), expect: 'DDDDDAA' },
    complianceReport: { call: gql(`{ complianceReport(from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z") { deliveries } }`), expect: 'DDDDDAA' },
    tierPositions: { call: gql(`{ tierPositions { level } }`), expect: 'DDDDDAA' },
    impactAssessments: { call: gql(`{ impactAssessments { id } }`), expect: 'DDDDDAA' },
    // Enforcement (regulators only; admins read orders but cannot issue or lift them)
    enforcementOrders: { call: gql(`{ enforcementOrders { id } }`), expect: 'DDDDDAA' },
    freezeDataset: { call: gql(`mutation($id: ID!) { freezeDataset(id: $id, reason: "matrix", legalBasis: "PIPL Art. 64") { id } }`, async () => ({ id: await createDataset(t, accounts.providerOwn.token) })), expect: 'DDDDDAD' },
    freezeOrganization: {
      call: gql(`mutation($id: ID!) { freezeOrganization(id: $id, reason: "matrix", legalBasis: "PIPL Art. 64") { id } }`, async () => ({ id: (await createBuyer(t)).organizationId })),
      expect: 'DDDDDAD',
    },
    freezeGrant: { call: gql(`mutation($id: ID!) { freezeGrant(id: $id, reason: "matrix", legalBasis: "PIPL Art. 64") { id } }`, async () => ({ id: await grant() })), expect: 'DDDDDAD' },
    liftFreeze: { call: gql(`mutation($id: ID!) { liftFreeze(orderId: $id, note: "matrix") { id } }`, async () => ({ id: await freezeOrder() })), expect: 'DDDDDAD' },
    issueRectificationOrder: {
      call: gql(`mutation($id: ID!) { issueRectificationOrder(input: { targetType: DATASET, targetId: $id, reason: "matrix", legalBasis: "PIPL Art. 64", deadline: "2099-01-01T00:00:00Z" }) { id } }`, () => ({
        id: fx.draftId,
      })),
      expect: 'DDDDDAD',
    },
    liftRectificationOrder: { call: gql(`mutation($id: ID!) { liftRectificationOrder(orderId: $id, complied: true, note: "matrix") { id } }`, async () => ({ id: await rectificationOrder() })), expect: 'DDDDDAD' },
    declareDataGrade: {
      call: gql(`mutation($id: ID!) { declareDataGrade(datasetId: $id, grade: IMPORTANT, reason: "matrix", legalBasis: "DSL Art. 21") { grade } }`, async () => ({ id: await createDataset(t, accounts.providerOwn.token) })),
      expect: 'DDDDDAD',
    },
    authoriseImportantData: { call: gql(`mutation($id: ID!) { authoriseImportantData(datasetId: $id, note: "matrix") { grade } }`, () => ({ id: fx.draftId })), expect: 'DDDDDAD' },
    // Prices, orders, insiders (issue 15)
    setDatasetPrice: { call: gql(`mutation($id: ID!) { setDatasetPrice(datasetId: $id, price: { model: PER_DELIVERY, amountFen: 100 }) { id } }`, () => ({ id: fx.draftId })), expect: 'DADDDDD' },
    orders: { call: gql(`{ orders { id } }`), expect: 'DAAAAAA' },
    insiderStatuses: { call: gql(`{ insiderStatuses { organizationId } }`), expect: 'DDDDDAA' },
    setInsiderStatus: {
      call: gql(`mutation($o: ID!) { setInsiderStatus(organizationId: $o, insider: false, reason: "matrix") { insider } }`, () => ({ o: accounts.buyerOther.organizationId })),
      expect: 'DDDDDAA',
    },
    // Cross-border mechanisms: exporters see their own, regulators review, admins read
    crossBorderPositions: { call: gql(`{ crossBorderPositions { exporterOrgId } }`), expect: 'DAADDAA' },
    crossBorderEvidence: { call: gql(`{ crossBorderEvidence { id } }`), expect: 'DAADDAA' },
    reviewCrossBorderEvidence: {
      call: gql(`mutation($id: ID!) { reviewCrossBorderEvidence(id: $id, approve: false, note: "matrix") { status } }`, async () => ({ id: await pendingEvidence() })),
      expect: 'DDDDDAD',
    },
    // Statutory report: regulators only
    statutoryReport: { call: gql(`{ statutoryReport(from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z") { ledgerTreeSize } }`), expect: 'DDDDDAD' },
    // REST
    'GET /healthz': { call: rest('get', () => '/healthz'), expect: 'AAAAAAA' },
    'PUT /api/datasets/:id/file': { call: rest('put', async () => `/api/datasets/${await createDataset(t, accounts.providerOwn.token)}/file`, () => Buffer.from('a,b\n1,2\n')), expect: 'DADDDDD' },
    'PUT /api/datasets/:id/consents': {
      call: rest('put', () => `/api/datasets/${fx.publishedId}/consents`, () => readFileSync(join(CORPUS, 'wine_customers.consent.csv'))),
      expect: 'DADDDDD',
    },
    'PUT /api/datasets/:id/consents/revocations': {
      call: rest('put', () => `/api/datasets/${fx.publishedId}/consents/revocations`, () => Buffer.from(`${'e'.repeat(64)}\n`)),
      expect: 'DADDDDA',
    },
    'GET /api/ledger/head': { call: rest('get', () => '/api/ledger/head'), expect: 'DDDDDAA' },
    'GET /api/ledger/export': { call: rest('get', () => '/api/ledger/export'), expect: 'DDDDDAA' },
    // C2SP tlog endpoints: checkpoint, verifier key, witnesses and hash tiles are public (they reveal no content);
    // entry bundles hold the entries themselves.
    'GET /api/ledger/checkpoint': { call: rest('get', () => '/api/ledger/checkpoint'), expect: 'AAAAAAA' },
    'GET /api/ledger/verifier-key': { call: rest('get', () => '/api/ledger/verifier-key'), expect: 'AAAAAAA' },
    'GET /api/ledger/witnesses': { call: rest('get', () => '/api/ledger/witnesses'), expect: 'AAAAAAA' },
    'GET /api/ledger/tile/*rest': { call: rest('get', () => '/api/ledger/tile/0/000.p/1'), expect: 'AAAAAAA' },
    'GET /api/ledger/tile/entries/*rest': { call: rest('get', () => '/api/ledger/tile/entries/000.p/1'), expect: 'DDDDDAA' },
    // The web app's entry points: / redirects to /admin/, the icon is public.
    // (Registered only when the admin app is built; without it there is no route to check.)
    'GET /': {
      call: async (actor) => (servesAdmin() ? rest('get', () => '/')(actor) : { denied: false, detail: 'admin app not built' }),
      expect: 'AAAAAAA',
    },
    'GET /favicon.ico': { call: rest('get', () => '/favicon.ico'), expect: 'AAAAAAA' },
    'GET /favicon.svg': { call: rest('get', () => '/favicon.svg'), expect: 'AAAAAAA' },
    'GET /api/deliveries/:token': { call: rest('get', downloadUrl), expect: 'DDDADDD' },
    'GET /api/regulator/transactions': { call: rest('get', () => '/api/regulator/transactions?format=csv'), expect: 'DDDDDAA' },
    'PUT /api/cross-border/evidence': { call: rest('put', () => `/api/cross-border/evidence?year=${year}&mechanism=CERTIFICATION`, () => Buffer.from('%PDF-1.4 matrix')), expect: 'DAADDDD' },
    'GET /api/cross-border/evidence/:id/document': { call: rest('get', async () => `/api/cross-border/evidence/${await pendingEvidence()}/document`), expect: 'DADDDAA' },
    'GET /api/regulator/statutory-report.pdf': { call: rest('get', () => '/api/regulator/statutory-report.pdf?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z'), expect: 'DDDDDAD' },
    'GET /api/regulator/compliance-report': {
      call: rest('get', () => '/api/regulator/compliance-report?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z'),
      expect: 'DDDDDAA',
    },
  };

  beforeAll(async () => {
    t = await createTestApp();
    accounts.providerOwn = await login(t, 'provider@demo.eastlake');
    accounts.providerOther = await login(t, 'provider2@demo.eastlake');
    accounts.buyer = await login(t, 'buyer@demo.eastlake');
    accounts.regulator = await loginRegulator(t);
    accounts.admin = await loginAdmin(t);
    accounts.buyerOther = await createBuyer(t);
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: accounts.buyerOther.organizationId }, accounts.admin.token);
    fx.draftId = await createDataset(t, accounts.providerOwn.token, { title: 'matrix draft' });
    fx.publishedId = await tradeable();
    await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: fx.publishedId }, accounts.providerOwn.token);
    fx.grantId = await grant();
    fx.queryGrantId = await queryGrant();
    const admin = await t.gql<{ createUser: { id: string } }>(
      `mutation { createUser(input: { email: "matrix-admin@example.test", password: "a-long-password", role: ADMIN, organizationName: "Matrix ops" }) { id } }`,
      {},
      accounts.admin.token,
    );
    fx.someUserId = admin.data!.createUser.id;
    // An unused second provider account keeps the "other provider" organization non-empty.
    await createProvider(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has a row for every GraphQL operation and REST endpoint', async () => {
    const schema = await t.gql<{ __schema: { queryType: { fields: Array<{ name: string }> }; mutationType: { fields: Array<{ name: string }> } } }>(
      `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`,
    );
    const operations = [...schema.data!.__schema.queryType.fields, ...schema.data!.__schema.mutationType.fields].map((f) => f.name);
    const express = t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
    const routes = express.router.stack
      .filter((l) => l.route && !l.route.path.startsWith('/graphql'))
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`));
    expect(routes.length).toBeGreaterThan(3);
    const missing = [...operations, ...routes].filter((op) => !(op in ROWS));
    expect(missing).toEqual([]);
  });

  for (const [operation, row] of Object.entries(ROWS)) {
    it(`${operation}: ${row.expect}`, async () => {
      const got: string[] = [];
      for (const actor of ACTORS) {
        const { denied, detail } = await row.call(actor);
        got.push(`${actor}=${denied ? 'D' : 'A'}(${detail})`);
      }
      const expected = ACTORS.map((a, i) => `${a}=${row.expect[i]}`);
      expect(got.map((g) => g.replace(/\(.*\)$/, ''))).toEqual(expected);
    }, 60_000);
  }
});
