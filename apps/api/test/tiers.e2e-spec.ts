import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { buyAndDeliver, publishConsentedShareholders } from './factories/consented.factory.js';
import { createDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰'.split('');

/** `count` distinct Chinese names from the `offset`-th on, with a city and a year: AMBIGUOUS (names), no consent possible. */
function names(count: number, offset: number): string {
  const lines = ['姓名,城市,年份'];
  for (let i = offset; i < offset + count; i++) {
    const a = SURNAMES[Math.floor(i / (GIVEN.length * GIVEN.length)) % SURNAMES.length];
    const b = GIVEN[Math.floor(i / GIVEN.length) % GIVEN.length];
    const c = GIVEN[i % GIVEN.length];
    lines.push(`${a}${b}${c},武汉,${2000 + (i % 20)}`);
  }
  return lines.join('\n') + '\n';
}

interface Position {
  organization: { id: string };
  level: string;
  quantityShare: number;
  versions: number;
  unlawfulVersions: number;
  classes: Array<{ infoClass: string; items: number; lawfulItems: number; serious: number; especiallySerious: number }>;
}

describe('cumulative criminal-law tiers, 2017 SPC/SPP interpretation Art. 5 (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let regulator: TestAccount;
  let admin: TestAccount;
  let buyer: TestAccount;
  let namesA: string;
  let namesB: string;

  const publishNames = async (title: string, count: number, offset: number) => {
    const id = await createDataset(t, provider.token, { title });
    expect((await putFile(t, provider.token, id, names(count, offset))).status).toBe(201);
    const d = await waitForClassification(t, provider.token, id);
    expect(d.status).toBe('IN_REVIEW');
    await t.gql(`mutation($id: ID!) { reviewDataset(id: $id, decision: APPROVE, note: "names only, reviewed") { id } }`, { id }, admin.token);
    const pub = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token);
    expect(pub.data?.publishDataset.status).toBe('PUBLISHED');
    return id;
  };
  const request = (datasetId: string, who = buyer) =>
    t.gql<{ requestAccess: { id: string; status: string; reasons: string[]; reasonCodes: string[] } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "analytics", durationDays: 30, region: "CN" }) { id status reasons reasonCodes } }`,
      { d: datasetId },
      who.token,
    );
  const approve = async (requestId: string) =>
    (await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id: requestId }, provider.token)).data!
      .decideAccessRequest.grant.id;
  const token = (grantId: string, who = buyer) => t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: grantId }, who.token);
  const positions = async () =>
    (
      await t.gql<{ tierPositions: Position[] }>(
        `{ tierPositions { organization { id } level quantityShare versions unlawfulVersions classes { infoClass items lawfulItems serious especiallySerious } } }`,
        {},
        regulator.token,
      )
    ).data!.tierPositions;
  const positionOf = async (orgId: string) => (await positions()).find((p) => p.organization.id === orgId);
  const cls = (p: Position | undefined, c: string) => p?.classes.find((x) => x.infoClass === c);

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    regulator = await loginRegulator(t);
    admin = await loginAdmin(t);
    buyer = await createBuyer(t);
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: buyer.organizationId }, admin.token);
    namesA = await publishNames('names A', 3000, 0);
    namesB = await publishNames('names B', 2500, 3000);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the delivery and the request that would take a buyer past 5,000 items without consent, with the figures', async () => {
    // Each alone stays below the standard: both requests pass and are approved.
    const reqA = await request(namesA);
    const reqB = await request(namesB);
    expect([reqA.data?.requestAccess.status, reqB.data?.requestAccess.status]).toEqual(['PENDING', 'PENDING']);
    const grantA = await approve(reqA.data!.requestAccess.id);
    const grantB = await approve(reqB.data!.requestAccess.id);
    expect(await positionOf(buyer.organizationId)).toBeUndefined();

    const a = await token(grantA);
    expect((await t.http().get(a.data!.issueDownloadToken.url).set('authorization', `Bearer ${buyer.token}`)).status).toBe(200);
    const after = await positionOf(buyer.organizationId);
    expect(after).toMatchObject({ level: 'NONE', quantityShare: 0.6, versions: 1, unlawfulVersions: 1 });
    expect(cls(after, 'OTHER')).toEqual({ infoClass: 'OTHER', items: 3000, lawfulItems: 0, serious: 5000, especiallySerious: 50000 });

    // 3,000 + 2,500 = 5,500 ≥ 5,000: "serious". Refused before it is crossed.
    const b = await token(grantB);
    expect([codeOf(b), b.errors?.[0]?.extensions?.reason]).toEqual(['CONFLICT', 'TIER_WOULD_BE_CROSSED']);
    expect(b.errors?.[0]?.message).toContain('5,500 items of other personal information (standard 5,000, this delivery 2,500)');
    expect(b.errors?.[0]?.message).toContain('110 %');
    expect(b.errors?.[0]?.message).toContain('Art. 5');
    const again = await request(namesB);
    expect(again.data?.requestAccess.status).toBe('REFUSED');
    expect(again.data?.requestAccess.reasonCodes).toEqual(['TIER_WOULD_BE_CROSSED']);
    expect(again.data?.requestAccess.reasons[0]).toContain('5,500 items');
    expect((await positionOf(buyer.organizationId))?.versions).toBe(1);

    // The version already held counts once: a second download of A adds nothing and is allowed.
    const a2 = await token(grantA);
    expect((await t.http().get(a2.data!.issueDownloadToken.url).set('authorization', `Bearer ${buyer.token}`)).status).toBe(200);
    expect(cls(await positionOf(buyer.organizationId), 'OTHER')?.items).toBe(3000);

    // Another buyer with nothing on record still gets B.
    const other = await createBuyer(t);
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: other.organizationId }, admin.token);
    expect((await request(namesB, other)).data?.requestAccess.status).toBe('PENDING');
  });

  it('counts nothing delivered with consent covering every row: 60 consented securities accounts stay lawful (50-item tier)', async () => {
    const shareholders = await publishConsentedShareholders(t, provider.token, 'tier shareholders', 60, 70_000);
    const lawfulBuyer = await createBuyer(t);
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: lawfulBuyer.organizationId }, admin.token);
    await buyAndDeliver(t, lawfulBuyer.token, provider.token, shareholders);
    const p = await positionOf(lawfulBuyer.organizationId);
    expect(p).toMatchObject({ level: 'NONE', quantityShare: 0, versions: 1, unlawfulVersions: 0 });
    expect(cls(p, 'WHEREABOUTS_CREDIT_PROPERTY')).toEqual({ infoClass: 'WHEREABOUTS_CREDIT_PROPERTY', items: 0, lawfulItems: 60, serious: 50, especiallySerious: 500 });
  });

  it('shows holdings past a tier (e.g. recorded before the rule) as a position and a risk flag, proportional sums included', async () => {
    const legacy = await createBuyer(t);
    const [{ version_id: versionId, id: grantId }] = await t.dataSource.query(`SELECT version_id, id FROM grants LIMIT 1`);
    // 30 bank cards (60 % of 50) and 2,000 other items (40 % of 5,000): 100 % of the standard together.
    await t.dataSource.query(
      `INSERT INTO buyer_holdings (buyer_org_id, version_id, grant_id, lawful, whereabouts_items, health_items, other_items) VALUES ($1, $2, $3, false, 30, 0, 2000)`,
      [legacy.organizationId, versionId, grantId],
    );
    expect(await positionOf(legacy.organizationId)).toMatchObject({ level: 'SERIOUS', quantityShare: 1 });
    const flags = await t.gql<{ riskFlags: Array<{ kind: string; organization: { id: string }; count: number; threshold: number }> }>(
      `{ riskFlags { kind organization { id } count threshold } }`,
      {},
      regulator.token,
    );
    expect(flags.data?.riskFlags.filter((f) => f.kind === 'BUYER_TIER_REACHED' && f.organization.id === legacy.organizationId)).toEqual([
      { kind: 'BUYER_TIER_REACHED', organization: { id: legacy.organizationId }, count: 100, threshold: 100 },
    ]);
    const ordered = await positions();
    expect(ordered[0].quantityShare).toBeGreaterThanOrEqual(ordered[ordered.length - 1].quantityShare);
  });
});
