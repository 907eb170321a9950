import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CORPUS } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { uploadDataset } from './factories/datasets.factory.js';
import { publishConsentedShareholders } from './factories/consented.factory.js';

const GRADE = `query($id: ID!) { dataset(id: $id) { id status classification { versionId grade tradingRequirement importantDataAuthorised gradeReasons { code message citations } } } }`;

interface Graded {
  dataset: {
    id: string;
    status: string;
    classification: null | { versionId: string; grade: string; tradingRequirement: string; importantDataAuthorised: boolean; gradeReasons: Array<{ code: string; message: string; citations: string[] }> };
  };
}

describe('data grades, GB/T 43697-2024 (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let buyer: TestAccount;
  let regulator: TestAccount;
  let admin: TestAccount;

  const graded = async (id: string, token = regulator.token) => {
    const res = await t.gql<Graded>(GRADE, { id }, token);
    if (!res.data?.dataset.classification) throw new Error(`no classification: ${JSON.stringify(res.errors ?? res.data)}`);
    return res.data.dataset.classification;
  };
  const publish = (id: string) => t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, provider.token);
  const declare = (id: string, grade: string, token = regulator.token) =>
    t.gql<{ declareDataGrade: { grade: string; gradeReasons: Array<{ code: string }> } }>(
      `mutation($id: ID!, $g: DeclaredGrade!) { declareDataGrade(datasetId: $id, grade: $g, reason: "listed in the sector catalogue of important data", legalBasis: "DSL Art. 21; GB/T 43697-2024 Annex G") { grade gradeReasons { code } } }`,
      { id, g: grade },
      token,
    );
  const authorise = (id: string, token = regulator.token) =>
    t.gql<{ authoriseImportantData: { grade: string; authorised: boolean } }>(
      `mutation($id: ID!) { authoriseImportantData(datasetId: $id, note: "security assessment passed") { grade authorised } }`,
      { id },
      token,
    );
  const actionsOf = async (subjectId: string) => {
    const res = await t.gql<{ ledgerEntries: Array<{ entry: { action: string; data: Record<string, unknown> } }> }>(
      `query($s: ID) { ledgerEntries(subjectId: $s) { entry } }`,
      { s: subjectId },
      regulator.token,
    );
    return res.data!.ledgerEntries.map((e) => e.entry);
  };

  beforeAll(async () => {
    t = await createTestApp();
    provider = await login(t, 'provider@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    regulator = await loginRegulator(t);
    admin = await loginAdmin(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('grades every fixture of the corpus GENERAL, with the rule and its basis', async () => {
    const files = readdirSync(CORPUS).filter((f) => f !== 'expected.json' && !f.endsWith('.consent.csv'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const d = await uploadDataset(t, provider.token, join(CORPUS, file), `grade ${file}`);
      const c = await graded(d.id, provider.token);
      expect([file, c.grade, c.tradingRequirement, c.gradeReasons.map((r) => r.code)]).toEqual([file, 'GENERAL', 'NONE', ['DEFAULT_GENERAL']]);
      expect(c.gradeReasons[0].citations.join(' ')).toContain('GB/T 43697-2024');
    }
  }, 240_000);

  it('counts people from the largest direct-identifier count, and grades 10 million people IMPORTANT (an estimate by its upper bound)', async () => {
    const d = await uploadDataset(t, provider.token, join(CORPUS, 'weather_wuhan.csv'), 'grade by scale');
    const c = await graded(d.id);
    const setReport = (exposure: unknown[], warnings: string[]) =>
      t.dataSource.query(`UPDATE classifications SET report = jsonb_set(jsonb_set(report, '{exposure}', $2::jsonb), '{warnings}', $3::jsonb) WHERE version_id = $1`, [
        c.versionId,
        JSON.stringify(exposure),
        JSON.stringify(warnings),
      ]);
    const mobiles = (n: number) => ({ type: 'CN_MOBILE', distinct: n, tier: 5000 });
    // Names are not direct identifiers: 20 million names and 9,999,999 mobiles are 9,999,999 people.
    await setReport([mobiles(9_999_999), { type: 'PERSON_NAME', distinct: 20_000_000, tier: 5000 }], []);
    expect((await graded(d.id)).grade).toBe('GENERAL');
    await setReport([mobiles(10_000_000)], []);
    const big = await graded(d.id);
    expect([big.grade, big.tradingRequirement, big.gradeReasons[0].code]).toEqual(['IMPORTANT', 'REGULATOR_AUTHORISATION', 'PEOPLE_10M']);
    expect(big.gradeReasons[0].message).toContain('10,000,000 people');
    const hll = 'some distinct counts passed 200,000 values and are HyperLogLog estimates (about ±1 %)';
    await setReport([mobiles(9_800_000)], [hll]);
    const estimated = await graded(d.id);
    expect([estimated.grade, estimated.gradeReasons[0].code]).toEqual(['IMPORTANT', 'PEOPLE_10M_ESTIMATE']);
    expect(estimated.gradeReasons[0].message).toContain('up to 10,039,120');
    await setReport([mobiles(9_700_000)], [hll]);
    expect((await graded(d.id)).grade).toBe('GENERAL');
    // Graded IMPORTANT by scale: publishing waits for a regulator.
    await setReport([mobiles(10_000_000)], []);
    const refused = await publish(d.id);
    expect([codeOf(refused), refused.errors?.[0]?.extensions?.reason]).toEqual(['CONFLICT', 'IMPORTANT_NOT_AUTHORISED']);
  });

  it('refuses to publish data a regulator declared important until a regulator authorises it, all ledgered', async () => {
    const d = await uploadDataset(t, provider.token, join(CORPUS, 'weather_wuhan.csv'), 'declared important');
    expect(d.status).toBe('TRADEABLE');
    expect(codeOf(await declare(d.id, 'IMPORTANT', admin.token))).toBe('FORBIDDEN');
    expect(codeOf(await declare(d.id, 'IMPORTANT', provider.token))).toBe('FORBIDDEN');
    const declared = await declare(d.id, 'IMPORTANT');
    expect(declared.data?.declareDataGrade).toEqual({ grade: 'IMPORTANT', gradeReasons: [{ code: 'DECLARED_IMPORTANT' }] });
    const c = await graded(d.id, provider.token);
    expect([c.grade, c.importantDataAuthorised]).toEqual(['IMPORTANT', false]);

    const refused = await publish(d.id);
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.extensions?.reason).toBe('IMPORTANT_NOT_AUTHORISED');
    expect(refused.errors?.[0]?.message).toMatch(/important data.*authorises/);
    expect((await graded(d.id)).grade).toBe('IMPORTANT');

    expect(codeOf(await authorise(d.id, admin.token))).toBe('FORBIDDEN');
    const ok = await authorise(d.id);
    expect(ok.data?.authoriseImportantData).toEqual({ grade: 'IMPORTANT', authorised: true });
    expect((await publish(d.id)).data?.publishDataset.status).toBe('PUBLISHED');

    const entries = await actionsOf(d.id);
    const actions = entries.map((e) => e.action);
    expect(actions.indexOf('dataset.grade_declared')).toBeLessThan(actions.indexOf('dataset.important_authorised'));
    expect(actions.indexOf('dataset.important_authorised')).toBeLessThan(actions.indexOf('dataset.published'));
    expect(entries.find((e) => e.action === 'dataset.grade_declared')?.data).toMatchObject({ grade: 'IMPORTANT', legalBasis: 'DSL Art. 21; GB/T 43697-2024 Annex G' });
  });

  it('never trades core data: a published listing declared core refuses requests and cannot be authorised', async () => {
    const id = await publishConsentedShareholders(t, provider.token, 'declared core', 20, 90_000);
    expect((await declare(id, 'CORE')).data?.declareDataGrade.grade).toBe('CORE');
    const c = await graded(id);
    expect([c.grade, c.tradingRequirement, c.gradeReasons[0].code]).toEqual(['CORE', 'UNTRADEABLE', 'DECLARED_CORE']);
    const req = await t.gql<{ requestAccess: { status: string; reasons: string[]; reasonCodes: string[] } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN" }) { status reasons reasonCodes } }`,
      { d: id },
      buyer.token,
    );
    expect(req.data?.requestAccess.status).toBe('REFUSED');
    expect(req.data?.requestAccess.reasonCodes).toContain('CORE_DATA');
    const auth = await authorise(id);
    expect([codeOf(auth), auth.errors?.[0]?.extensions?.reason]).toEqual(['CONFLICT', 'NOT_IMPORTANT']);
  });

  it('rejects bad input clearly', async () => {
    expect(codeOf(await t.gql(`mutation { declareDataGrade(datasetId: "nope", grade: CORE, reason: "x", legalBasis: "y") { grade } }`, {}, regulator.token))).toBe('BAD_USER_INPUT');
    const missing = await t.gql(
      `mutation { declareDataGrade(datasetId: "00000000-0000-4000-8000-000000000000", grade: CORE, reason: "x", legalBasis: "y") { grade } }`,
      {},
      regulator.token,
    );
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(`mutation($id: ID!) { declareDataGrade(datasetId: $id, grade: CORE, reason: "  ", legalBasis: "y") { grade } }`, { id: '00000000-0000-4000-8000-000000000000' }, regulator.token))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
