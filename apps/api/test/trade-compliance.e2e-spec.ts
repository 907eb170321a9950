import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { publishConsentedShareholders } from './factories/consented.factory.js';
import { createDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰'.split('');

/** `count` distinct Chinese names with a city: AMBIGUOUS (names), reviewed, no consent possible — personal items without a lawful basis. */
function names(count: number): string {
  const lines = ['姓名,城市'];
  for (let i = 0; i < count; i++) lines.push(`${SURNAMES[Math.floor(i / (GIVEN.length * GIVEN.length)) % SURNAMES.length]}${GIVEN[Math.floor(i / GIVEN.length) % GIVEN.length]}${GIVEN[i % GIVEN.length]},武汉`);
  return lines.join('\n') + '\n';
}

interface Request {
  id: string;
  status: string;
  reasons: string[];
  reasonCodes: string[];
  crossBorder: { mechanism: string; rule: string; year: number; nonSensitivePeople: number; sensitivePeople: number; satisfied: boolean; evidenceId: string | null } | null;
}
const REQUEST_FIELDS = `id status reasons reasonCodes crossBorder { mechanism rule year nonSensitivePeople sensitivePeople satisfied evidenceId }`;

describe('prices and orders, cross-border mechanisms, targeted-fraud flags, statutory report (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let provider2: TestAccount;
  let buyer: TestAccount;
  let regulator: TestAccount;
  let admin: TestAccount;
  let shareholders: string;
  const startedAt = new Date(Date.now() - 1000);
  const year = new Date().getUTCFullYear();

  const request = async (datasetId: string, region: string, who: TestAccount = buyer, purpose = 'research') =>
    (await t.gql<{ requestAccess: Request }>(
      `mutation($d: ID!, $r: String!, $p: String!) { requestAccess(input: { datasetId: $d, purpose: $p, durationDays: 30, region: $r }) { ${REQUEST_FIELDS} } }`,
      { d: datasetId, r: region, p: purpose },
      who.token,
    )).data!.requestAccess;
  const approve = async (requestId: string, by: TestAccount) =>
    (await t.gql<{ decideAccessRequest: { status: string; reasonCodes: string[]; grant: { id: string; order: { amountFen: number; unitFen: number; quantity: number; priceModel: string; lawful: boolean; id: string } | null } | null } }>(
      `mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { status reasonCodes grant { id order { id amountFen unitFen quantity priceModel lawful } } } }`,
      { id: requestId },
      by.token,
    )).data!.decideAccessRequest;
  const download = async (grantId: string, who: TestAccount = buyer) => {
    const url = (await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: grantId }, who.token)).data!.issueDownloadToken.url;
    return t.http().get(url).set('authorization', `Bearer ${who.token}`);
  };
  const setPrice = (datasetId: string, price: { model: string; amountFen: number } | null, who = provider) =>
    t.gql<{ setDatasetPrice: { id: string; price: { model: string; amountFen: number; currency: string; formatted: string } | null } }>(
      `mutation($d: ID!, $p: PriceInput) { setDatasetPrice(datasetId: $d, price: $p) { id price { model amountFen currency formatted } } }`,
      { d: datasetId, p: price },
      who.token,
    );
  const entries = async (subjectId: string) =>
    (await t.gql<{ ledgerEntries: Array<{ entry: { action: string; data: Record<string, unknown> } }> }>(`query($s: ID!) { ledgerEntries(subjectId: $s, first: 100) { entry } }`, { s: subjectId }, regulator.token)).data!
      .ledgerEntries;

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    provider2 = await login(t, 'provider2@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
    admin = await loginAdmin(t);
    shareholders = await publishConsentedShareholders(t, provider.token, 'Consented shareholders (trade compliance)', 60);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('prices and orders', () => {
    it('refuses a price that is not whole fen, and only the owner prices', async () => {
      expect(codeOf(await setPrice(shareholders, { model: 'PER_RECORD', amountFen: 12.5 }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await setPrice(shareholders, { model: 'PER_RECORD', amountFen: -1 }))).toBe('BAD_USER_INPUT');
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(await setPrice(shareholders, { model: 'PER_RECORD', amountFen: 100 }, provider2)));
    });

    it('records the order of a priced grant, with the amount in fen in the ledger', async () => {
      const priced = await setPrice(shareholders, { model: 'PER_RECORD', amountFen: 1250 });
      expect(priced.data!.setDatasetPrice.price).toEqual({ model: 'PER_RECORD', amountFen: 1250, currency: 'CNY', formatted: '¥12.50' });
      const req = await request(shareholders, 'CN');
      expect(req.status).toBe('PENDING');
      const decided = await approve(req.id, provider);
      expect(decided.status).toBe('APPROVED');
      // 60 records × ¥12.50 = ¥750.00 = 75,000 fen; consent covers every row, so the sale is lawful.
      expect(decided.grant!.order).toMatchObject({ priceModel: 'PER_RECORD', unitFen: 1250, quantity: 60, amountFen: 75_000, lawful: true });
      const ledgered = await entries(decided.grant!.order!.id);
      expect(ledgered).toHaveLength(1);
      expect(ledgered[0].entry).toMatchObject({ action: 'order.recorded', data: { amountFen: 75_000, unitFen: 1250, quantity: 60, currency: 'CNY', grantId: decided.grant!.id } });
      expect(Number.isInteger(ledgered[0].entry.data.amountFen)).toBe(true);
      const priceSet = (await entries(shareholders)).find((e) => e.entry.action === 'dataset.price_set');
      expect(priceSet?.entry.data).toMatchObject({ priceModel: 'PER_RECORD', amountFen: 1250 });
      // The order table and the grant commit together: one order per grant.
      const rows = await t.dataSource.query(`SELECT amount_fen::text AS fen FROM orders WHERE grant_id = $1`, [decided.grant!.id]);
      expect(rows).toEqual([{ fen: '75000' }]);
      const seen = await t.gql<{ orders: Array<{ id: string }> }>(`{ orders { id } }`, {}, buyer.token);
      expect(seen.data!.orders.map((o) => o.id)).toContain(decided.grant!.order!.id);
      const other = await createBuyer(t);
      expect((await t.gql<{ orders: Array<{ id: string }> }>(`{ orders { id } }`, {}, other.token)).data!.orders).toEqual([]);
      await setPrice(shareholders, null);
    });

    it('counts proceeds without a lawful basis: ¥4,999.99 passes, the next fen is refused with the figures; insiders at half', async () => {
      const id = await createDataset(t, provider2.token, { title: 'Names, reviewed (proceeds)' });
      expect((await putFile(t, provider2.token, id, names(100))).status).toBe(201);
      expect((await waitForClassification(t, provider2.token, id)).status).toBe('IN_REVIEW');
      await t.gql(`mutation($id: ID!) { reviewDataset(id: $id, decision: APPROVE, note: "names only") { id } }`, { id }, admin.token);
      expect((await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider2.token)).data?.publishDataset.status).toBe('PUBLISHED');
      await setPrice(id, { model: 'PER_DELIVERY', amountFen: 499_999 }, provider2);
      const first = await request(id, 'CN', buyer, 'analytics');
      expect(first.status).toBe('PENDING');
      const decided = await approve(first.id, provider2);
      expect(decided.grant!.order).toMatchObject({ amountFen: 499_999, lawful: false });

      await setPrice(id, { model: 'PER_DELIVERY', amountFen: 1 }, provider2);
      const second = await createBuyer(t);
      await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: second.organizationId }, admin.token);
      const refused = await request(id, 'CN', second, 'analytics');
      expect(refused.status).toBe('REFUSED');
      expect(refused.reasonCodes).toEqual(['PROCEEDS_TIER_WOULD_BE_CROSSED']);
      expect(refused.reasons[0]).toContain('¥5,000.00');
      expect(refused.reasons[0]).toContain('Art. 5 para. 1 (7)');

      type P = { organization: { id: string }; level: string; proceedsFen: number; proceedsSeriousFen: number; insider: boolean; by: string[] };
      const positions = async () => (await t.gql<{ tierPositions: P[] }>(`{ tierPositions { organization { id } level proceedsFen proceedsSeriousFen insider by } }`, {}, regulator.token)).data!.tierPositions;
      expect((await positions()).find((p) => p.organization.id === provider2.organizationId)).toMatchObject({ level: 'NONE', proceedsFen: 499_999, proceedsSeriousFen: 500_000, insider: false });
      const set = await t.gql<{ setInsiderStatus: { insider: boolean } }>(
        `mutation($o: ID!) { setInsiderStatus(organizationId: $o, insider: true, reason: "sells data it obtains providing services") { insider } }`,
        { o: provider2.organizationId },
        regulator.token,
      );
      expect(set.data!.setInsiderStatus.insider).toBe(true);
      expect((await positions()).find((p) => p.organization.id === provider2.organizationId)).toMatchObject({ level: 'SERIOUS', proceedsSeriousFen: 250_000, insider: true, by: ['PROCEEDS'] });
      expect((await entries(provider2.organizationId)).map((e) => e.entry.action)).toContain('organization.insider_set');
      expect(codeOf(await t.gql(`mutation($o: ID!) { setInsiderStatus(organizationId: $o, insider: false, reason: "x") { insider } }`, { o: provider2.organizationId }, buyer.token))).toBe('FORBIDDEN');
    });
  });

  describe('cross-border mechanisms', () => {
    it('refuses a transfer needing a standard contract until the evidence is on file and approved, then delivers and counts it', async () => {
      // 60 people with securities accounts (sensitive, PIPL Art. 28): fewer than 10,000 → standard contract or certification (Art. 8).
      const refused = await request(shareholders, 'HK');
      expect(refused.status).toBe('REFUSED');
      expect(refused.reasonCodes).toEqual(['CROSS_BORDER']);
      expect(refused.crossBorder).toMatchObject({ mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', rule: 'SENSITIVE_ANY', year, nonSensitivePeople: 60, sensitivePeople: 60, satisfied: false });
      expect(refused.reasons[0]).toContain('standard contract');
      expect(refused.reasons[0]).toContain('60 people');

      const upload = await t
        .http()
        .put(`/api/cross-border/evidence?year=${year}&mechanism=STANDARD_CONTRACT`)
        .set('authorization', `Bearer ${provider.token}`)
        .set('content-type', 'application/pdf')
        .set('x-file-name', 'standard-contract.pdf')
        .send(Buffer.from('%PDF-1.4 standard contract filed with the CAC\n'));
      expect(upload.status).toBe(201);
      expect(upload.body).toMatchObject({ status: 'PENDING', mechanism: 'STANDARD_CONTRACT', year });
      const evidenceId = upload.body.id as string;
      expect((await t.http().put(`/api/cross-border/evidence?year=${year}&mechanism=STANDARD_CONTRACT`).set('authorization', `Bearer ${buyer.token}`).send(Buffer.from('x'))).status).toBe(403);

      // Pending evidence is not enough.
      expect((await request(shareholders, 'HK')).status).toBe('REFUSED');
      expect(codeOf(await t.gql(`mutation($id: ID!) { reviewCrossBorderEvidence(id: $id, approve: true, note: "x") { status } }`, { id: evidenceId }, admin.token))).toBe('FORBIDDEN');
      const reviewed = await t.gql<{ reviewCrossBorderEvidence: { status: string } }>(
        `mutation($id: ID!) { reviewCrossBorderEvidence(id: $id, approve: true, note: "CAC filing number verified") { status } }`,
        { id: evidenceId },
        regulator.token,
      );
      expect(reviewed.data!.reviewCrossBorderEvidence.status).toBe('APPROVED');
      expect(codeOf(await t.gql(`mutation($id: ID!) { reviewCrossBorderEvidence(id: $id, approve: false, note: "again") { status } }`, { id: evidenceId }, regulator.token))).toBe('CONFLICT');
      expect((await entries(evidenceId)).map((e) => e.entry.action)).toEqual(['cross_border.evidence_filed', 'cross_border.evidence_approved']);
      const doc = await t.http().get(`/api/cross-border/evidence/${evidenceId}/document`).set('authorization', `Bearer ${regulator.token}`);
      expect(doc.status).toBe(200);

      const allowed = await request(shareholders, 'HK');
      expect(allowed.status).toBe('PENDING');
      expect(allowed.crossBorder).toMatchObject({ mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', satisfied: true, evidenceId });
      const decided = await approve(allowed.id, provider);
      expect(decided.status).toBe('APPROVED');
      expect((await download(decided.grant!.id)).status).toBe(200);
      const exported = (await entries(decided.grant!.id)).find((e) => e.entry.action === 'cross_border.exported');
      expect(exported?.entry.data).toMatchObject({ exporterOrgId: provider.organizationId, year, people: 60, sensitivePeople: 60, mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', evidenceId });

      const positions = await t.gql<{ crossBorderPositions: Array<{ exporterOrgId: string; versions: number; sensitivePeople: number; mechanism: string; satisfied: boolean; evidence: Array<{ id: string }> }> }>(
        `{ crossBorderPositions { exporterOrgId versions sensitivePeople mechanism satisfied evidence { id } } }`,
        {},
        regulator.token,
      );
      expect(positions.data!.crossBorderPositions).toEqual([
        { exporterOrgId: provider.organizationId, versions: 1, sensitivePeople: 60, mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', satisfied: true, evidence: [{ id: evidenceId }] },
      ]);
      const own = await t.gql<{ crossBorderPositions: unknown[] }>(`{ crossBorderPositions { exporterOrgId } }`, {}, provider2.token);
      expect(own.data!.crossBorderPositions).toEqual([]);
    });
  });

  describe('targeted-fraud risk flags', () => {
    it('flags a listing pairing contacts with shareholdings, and each buyer that acquired it', async () => {
      const d = await t.gql<{ dataset: { targetedFraudRisk: { pattern: string; targetColumns: string[] } | null } }>(
        `query($id: ID!) { dataset(id: $id) { targetedFraudRisk { pattern targetColumns } } }`,
        { id: shareholders },
        provider.token,
      );
      expect(d.data!.dataset.targetedFraudRisk).toMatchObject({ pattern: 'SHAREHOLDER_CONTACTS' });
      const flags = (await t.gql<{ riskFlags: Array<{ kind: string; organization: { id: string }; datasetId: string | null }> }>(`{ riskFlags { kind organization { id } datasetId } }`, {}, regulator.token)).data!.riskFlags;
      expect(flags).toContainEqual({ kind: 'TARGETED_FRAUD_LISTING', organization: { id: provider.organizationId }, datasetId: shareholders });
      expect(flags).toContainEqual({ kind: 'TARGETED_FRAUD_BUYER', organization: { id: buyer.organizationId }, datasetId: shareholders });
    });

    it('flags contacts with ages of 60 or more, not with younger ones', async () => {
      const upload = async (title: string, ages: number[]) => {
        const id = await createDataset(t, provider.token, { title });
        const lines = ['mobile,age', ...ages.map((a, i) => `139${String(20000000 + i * 7919).slice(-8)},${a}`)];
        expect((await putFile(t, provider.token, id, lines.join('\n') + '\n')).status).toBe(201);
        await waitForClassification(t, provider.token, id);
        return (await t.gql<{ dataset: { targetedFraudRisk: { pattern: string } | null; classification: { columns: Array<{ name: string; types: Array<{ type: string }> }> } } }>(
          `query($id: ID!) { dataset(id: $id) { targetedFraudRisk { pattern } classification { columns { name types { type } } } } }`,
          { id },
          provider.token,
        )).data!.dataset;
      };
      const old = await upload('Customers with ages (old)', Array.from({ length: 40 }, (_, i) => 30 + i));
      expect(old.classification.columns.find((c) => c.name === 'age')?.types.map((x) => x.type)).toContain('AGE');
      expect(old.targetedFraudRisk).toEqual({ pattern: 'ELDERLY_CONTACTS' });
      const young = await upload('Customers with ages (young)', Array.from({ length: 40 }, (_, i) => 18 + i));
      expect(young.targetedFraudRisk).toBeNull();
    });
  });

  describe('statutory report', () => {
    it('returns the period figures and the ledger root at its end, as GraphQL and PDF, to regulators only', async () => {
      const to = new Date(Date.now() + 1000).toISOString();
      const res = await t.gql<{
        statutoryReport: {
          transactions: { grants: number; deliveries: number; orders: number; ordersAmountFen: number; unlawfulOrdersAmountFen: number };
          grades: Array<{ key: string; count: number }>;
          tierPositions: Array<{ organization: { id: string }; level: string }>;
          crossBorder: Array<{ mechanism: string; exports: number; people: number; sensitivePeople: number }>;
          enforcement: { activeAtEnd: number };
          ledgerTreeSize: number;
          ledgerRootHash: string;
        };
      }>(
        `query($f: DateTime!, $t: DateTime!) { statutoryReport(from: $f, to: $t) {
           transactions { grants deliveries orders ordersAmountFen unlawfulOrdersAmountFen } grades { key count }
           tierPositions { organization { id } level } crossBorder { mechanism exports people sensitivePeople }
           enforcement { activeAtEnd } ledgerTreeSize ledgerRootHash } }`,
        { f: startedAt.toISOString(), t: to },
        regulator.token,
      );
      expect(res.errors).toBeUndefined();
      const r = res.data!.statutoryReport;
      // The cross-border grant was made after the price was cleared: no order.
      expect(r.transactions).toMatchObject({ grants: 3, deliveries: 1, orders: 2, ordersAmountFen: 75_000 + 499_999, unlawfulOrdersAmountFen: 499_999 });
      expect(r.grades.find((g) => g.key === 'GENERAL')!.count).toBeGreaterThan(0);
      expect(r.tierPositions.find((p) => p.organization.id === provider2.organizationId)?.level).toBe('SERIOUS');
      expect(r.crossBorder).toEqual([{ mechanism: 'STANDARD_CONTRACT_OR_CERTIFICATION', exports: 1, people: 60, sensitivePeople: 60 }]);
      const head = await t.gql<{ ledgerHead: { treeSize: number } }>(`{ ledgerHead { treeSize } }`, {}, regulator.token);
      expect(r.ledgerTreeSize).toBeGreaterThan(0);
      expect(r.ledgerTreeSize).toBeLessThanOrEqual(head.data!.ledgerHead.treeSize);
      expect(r.ledgerRootHash).toMatch(/^[0-9a-f]{64}$/);

      const pdf = await t
        .http()
        .get(`/api/regulator/statutory-report.pdf?from=${encodeURIComponent(startedAt.toISOString())}&to=${encodeURIComponent(to)}`)
        .set('authorization', `Bearer ${regulator.token}`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect((await t.http().get(`/api/regulator/statutory-report.pdf?from=2020-01-01&to=2030-01-01`).set('authorization', `Bearer ${admin.token}`)).status).toBe(403);
      expect(codeOf(await t.gql(`{ statutoryReport(from: "2020-01-01T00:00:00Z", to: "2019-01-01T00:00:00Z") { ledgerTreeSize } }`, {}, regulator.token))).toBe('BAD_USER_INPUT');
    });
  });
});
