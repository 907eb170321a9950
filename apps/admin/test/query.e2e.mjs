// Aggregate queries in a real browser (issue 14): a buyer builds a group-by on its QUERY
// grant, sees the released groups as a table and a chart and its privacy budget go down,
// and is never offered a direct-identifier column; the provider and a regulator see the
// query in the grant's query log. The QUERY grant is seeded through the API. Screenshots go
// to apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gql, login as apiLogin } from './support/api.mjs';
import { screenshot } from './support/browser.mjs';
import { CORPUS, publish, waitForVerdict } from './support/seed.mjs';
import { nav, startSession } from './support/session.mjs';

const TIMEOUT = 120_000;
const TITLE = 'Wuhan orders (query e2e)';
const SURVEY = 'Satisfaction survey (query e2e)';

/**
 * Orders of customers (a mobile each) in four districts of Wuhan: 洪山区 12 customers and
 * 江汉区 15 (released, k = 10), 武昌区 4 and 汉阳区 6 (suppressed). UNTRADEABLE only because of
 * the direct identifiers (mobile, address), so it may be offered for aggregate queries only.
 */
function ordersCsv() {
  const lines = ['phone,address,segment,amount'];
  for (let i = 0; i < 12; i++)
    for (let j = 0; j < 3; j++)
      lines.push(
        `1391234${1000 + i},武汉市洪山区珞喻路${i + 1}号,${i === 0 ? 'vip' : 'regular'},${10 + j}`,
      );
  for (let i = 0; i < 15; i++)
    for (let j = 0; j < 2; j++)
      lines.push(`1381234${1000 + i},武汉市江汉区解放大道${i + 1}号,regular,${20 + j}`);
  for (let i = 0; i < 4; i++)
    lines.push(`1371234${1000 + i},武汉市武昌区中南路${i + 1}号,regular,5`);
  for (let i = 0; i < 6; i++)
    lines.push(`1361234${1000 + i},武汉市汉阳区汉阳大道${i + 1}号,regular,7`);
  return `${lines.join('\n')}\n`;
}

let session;
let api;
let web;
let newPage;
let signIn;
let grantId;
let surveyGrantId;
let inputHash;

/** Upload, offer for queries, review, publish, request with mode QUERY, approve: the buyer's QUERY grant. */
async function seedQueryGrant(title, body, verdict) {
  const provider = await apiLogin(api.url, 'provider@demo.eastlake');
  const admin = await apiLogin(api.url, 'admin@demo.eastlake');
  const buyer = await apiLogin(api.url, 'buyer@demo.eastlake');
  const { createDataset } = await gql(
    api.url,
    'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }',
    {
      input: {
        title,
        description: `${title}: aggregate queries only`,
        region: 'CN-HB',
        provenance: 'COLLECTED',
        rights: { holding: true, processing: true, operation: true },
      },
    },
    provider,
  );
  const id = createDataset.id;
  const res = await globalThis.fetch(`${api.url}/api/datasets/${id}/file`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${provider}`, 'content-type': 'application/octet-stream' },
    body,
  });
  assert.equal(res.status, 201, await res.text());
  assert.equal(await waitForVerdict(api.url, provider, id), verdict);
  const offer = await gql(
    api.url,
    'mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status queryOnly } }',
    { d: id },
    provider,
  );
  assert.deepEqual(offer.offerAggregateQueries, { status: 'PENDING', queryOnly: true });
  await gql(
    api.url,
    'mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: true) { status } }',
    { d: id },
    admin,
  );
  assert.equal(await publish(api.url, id, provider), 'PUBLISHED');
  const { requestAccess } = await gql(
    api.url,
    'mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "market research", durationDays: 30, region: "CN", mode: QUERY }) { id status } }',
    { d: id },
    buyer,
  );
  assert.equal(requestAccess.status, 'PENDING');
  const { decideAccessRequest } = await gql(
    api.url,
    'mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id mode } } }',
    { id: requestAccess.id },
    provider,
  );
  assert.equal(decideAccessRequest.grant.mode, 'QUERY');
  return { id: decideAccessRequest.grant.id, provider };
}

before(
  async () => {
    session = await startSession();
    ({ api, web, newPage, signIn } = session);
    ({ id: grantId } = await seedQueryGrant(TITLE, Buffer.from(ordersCsv()), 'UNTRADEABLE'));
    // Survey answers with birth years (AMBIGUOUS, so in review): its provider sets exact answers.
    const survey = await seedQueryGrant(
      SURVEY,
      readFileSync(resolve(CORPUS, 'survey_quasi.csv')),
      'IN_REVIEW',
    );
    surveyGrantId = survey.id;
    await gql(
      api.url,
      'mutation($g: ID!) { setGrantQueryPolicy(grantId: $g, input: { minGroupSize: 10, differentialPrivacy: null }) { id } }',
      { g: surveyGrantId },
      survey.provider,
    );
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await session?.stop();
});

describe('aggregate queries in a real browser', () => {
  test(
    'the buyer runs a group-by from its grant: rows, a chart, the budget going down; no identifier offered',
    { timeout: TIMEOUT },
    async () => {
      const page = await newPage();
      await signIn(page, 'buyer@demo.eastlake');
      await nav(page).getByRole('link', { name: 'Grants' }).click();
      const label = `${TITLE} · market research`;
      // A QUERY grant offers the query builder, not a download.
      const row = page.locator(`[data-grant-id="${grantId}"]`);
      await row.getByText('Aggregate queries only').waitFor();
      assert.equal(await row.getByRole('button', { name: /^Download/ }).count(), 0);
      await page.getByRole('link', { name: `Query ${label}` }).click();
      await page.getByRole('heading', { name: /Aggregate query/ }).waitFor();
      assert.match(page.url(), new RegExp(`/admin/grants/${grantId}/query$`));

      // The budget before: the default differential privacy, ε 1 per query of 10.
      const budget = page.getByTestId('query-budget');
      await budget.getByTestId('budget-left').getByText('10', { exact: true }).waitFor();
      assert.equal(await budget.getByTestId('query-k').innerText(), '10');

      // Only allowed columns are offered: the mobile is a direct identifier.
      const group = page.getByRole('combobox', { name: 'Group column 1', exact: true });
      const offered = await group.locator('option').allInnerTexts();
      assert.ok(offered.includes('address'), offered.join(','));
      assert.ok(offered.includes('segment'), offered.join(','));
      assert.ok(!offered.includes('phone'), `phone offered: ${offered.join(',')}`);
      assert.match(await page.getByTestId('query-protected').innerText(), /phone/);
      const measured = await page
        .getByRole('combobox', { name: 'Measure 1: Column' })
        .locator('option')
        .allInnerTexts();
      assert.ok(!measured.includes('phone'), `phone measurable: ${measured.join(',')}`);
      // MIN/MAX/MEDIAN are not offered under differential privacy.
      assert.equal(
        await page
          .getByRole('combobox', { name: 'Measure 1: Function' })
          .locator('option[value="MEDIAN"]')
          .isDisabled(),
        true,
      );

      // The address only through a generalisation: district.
      await group.selectOption('address');
      const general = page.getByRole('combobox', { name: 'Group column 1: Generalisation' });
      assert.equal(await general.inputValue(), 'DISTRICT');
      assert.deepEqual(await general.locator('option').allInnerTexts(), ['District']);
      // COUNT of rows, and the average amount clipped to [0, 50].
      await page.getByRole('button', { name: 'Add a measure' }).click();
      await page.getByRole('combobox', { name: 'Measure 2: Function' }).selectOption('AVG');
      await page.getByRole('combobox', { name: 'Measure 2: Column' }).selectOption('amount');
      await page.getByLabel('Measure 2: Clip from').fill('0');
      await page.getByLabel('Measure 2: Clip to').fill('50');
      await screenshot(page, 'query-builder');
      await page.getByRole('button', { name: 'Run query' }).click();

      const result = page.getByTestId('query-result');
      await result.waitFor();
      const rows = result.getByTestId('query-rows');
      await rows.getByRole('rowheader', { name: '武汉市洪山区' }).waitFor();
      await rows.getByRole('rowheader', { name: '武汉市江汉区' }).waitFor();
      assert.equal(await rows.locator('tbody tr').count(), 2);
      // 武昌区 (4 customers) and 汉阳区 (6) are under k = 10.
      assert.equal(await result.getByTestId('suppressed-groups').innerText(), '2');
      assert.match(await result.getByTestId('query-noise').innerText(), /LAPLACE, ε = 1/);
      // The chart draws one bar per released group.
      const chart = result.getByTestId('query-chart');
      await chart.locator('svg[role="img"]').waitFor();
      assert.equal(await chart.locator('rect.chart-bar').count(), 2);
      assert.match(
        await chart.locator('figcaption').innerText(),
        /count\(\*\) by district\(address\)/,
      );
      await budget.getByTestId('budget-left').getByText('9', { exact: true }).waitFor();
      assert.equal(await budget.getByTestId('budget-spent').innerText(), '1');
      inputHash = (await result.locator('dd.hash').innerText()).trim();
      assert.match(inputHash, /^[0-9a-f]{64}$/);
      // The grant's own log lists it.
      await page.getByTestId('query-recent').locator(`summary[title="${inputHash}"]`).waitFor();
      await result.scrollIntoViewIfNeeded();
      await screenshot(page, 'query-result');

      // The identical question again: the cached answer, nothing spent.
      await page.getByRole('button', { name: 'Run query' }).click();
      await result.getByText('Answered from an identical earlier query: nothing spent.').waitFor();
      assert.equal(await budget.getByTestId('budget-left').innerText(), '9');

      // A refused query shows the API's reason: SUM without clip bounds under differential privacy.
      await page.getByRole('combobox', { name: 'Measure 2: Function' }).selectOption('SUM');
      await page.getByLabel('Measure 2: Clip from').fill('');
      await page.getByRole('button', { name: 'Run query' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'needs clip { lower upper }' });
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /DP_UNSUPPORTED|BAD_USER_INPUT/);
      await screenshot(page, 'query-refused');
      assert.equal(await budget.getByTestId('budget-left').innerText(), '9');
      await page.context().close();
    },
  );

  test(
    'an exact grant: birth years only as age bands, every group at least k',
    { timeout: TIMEOUT },
    async () => {
      const page = await newPage();
      await signIn(page, 'buyer@demo.eastlake');
      await page.goto(`${web.url}/admin/grants/${surveyGrantId}/query`);
      await page.getByRole('heading', { name: /Satisfaction survey/ }).waitFor();
      const budget = page.getByTestId('query-budget');
      await budget.getByText('No budget: this grant answers exactly.').waitFor();
      // The birth year is a quasi-identifier: no "as is", only its generalisations.
      await page
        .getByRole('combobox', { name: 'Group column 1', exact: true })
        .selectOption('birth_year');
      const general = page.getByRole('combobox', { name: 'Group column 1: Generalisation' });
      const offered = await general.locator('option').allInnerTexts();
      assert.ok(!offered.includes('As is'), offered.join(','));
      assert.ok(offered.includes('Age band'), offered.join(','));
      await general.selectOption('AGE_BAND');
      await page.getByLabel('Group column 1: Width').fill('20');
      await page.getByRole('button', { name: 'Add a group column' }).click();
      await page
        .getByRole('combobox', { name: 'Group column 2', exact: true })
        .selectOption('gender');
      // Exact answers: MEDIAN is offered.
      await page.getByRole('button', { name: 'Add a measure' }).click();
      await page.getByRole('combobox', { name: 'Measure 2: Function' }).selectOption('MEDIAN');
      await page.getByRole('combobox', { name: 'Measure 2: Column' }).selectOption('satisfaction');
      await page.getByRole('button', { name: 'Run query' }).click();
      const result = page.getByTestId('query-result');
      const rows = result.getByTestId('query-rows');
      await rows.waitFor();
      const head = await rows.locator('thead th').allInnerTexts();
      assert.deepEqual(
        head.map((h) => h.toLowerCase()),
        ['age_band(birth_year)', 'gender', 'count(*)', 'median(satisfaction)'],
      );
      assert.equal(await result.getByTestId('query-noise').innerText(), 'None (exact answer)');
      const body = await rows
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
      assert.ok(body.length > 0);
      for (const [band, , count] of body) {
        assert.match(band, /^\d+-\d+$/);
        assert.ok(Number(count.replace(/,/g, '')) >= 10, `group ${band} has ${count}`);
      }
      assert.equal(
        await result.getByTestId('query-chart').locator('rect.chart-bar').count(),
        body.length,
      );
      await result.scrollIntoViewIfNeeded();
      await screenshot(page, 'query-exact-age-bands');
      // The same page in Simplified Chinese.
      await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
      await page.getByRole('heading', { name: /聚合查询/ }).waitFor();
      await page.getByRole('button', { name: '执行查询' }).waitFor();
      await page.getByTestId('query-budget').getByText('无预算：此授权返回精确结果。').waitFor();
      await screenshot(page, 'query-exact-zh');
      await page.context().close();
    },
  );

  test(
    'the provider and a regulator see the query in the grant’s log',
    { timeout: TIMEOUT },
    async () => {
      const page = await newPage();
      await signIn(page, 'provider@demo.eastlake');
      await nav(page).getByRole('link', { name: 'Grants' }).click();
      await page.getByRole('link', { name: `Query log of ${TITLE} · market research` }).click();
      const section = page.locator(`section[data-grant-id="${grantId}"]`);
      const log = section.getByTestId('query-log');
      await log.waitFor();
      const entry = log
        .locator('tbody tr')
        .filter({ has: page.locator(`summary[title="${inputHash}"]`) });
      assert.ok((await entry.count()) >= 1);
      const first = entry.last();
      const cells = await first.locator('td').allInnerTexts();
      // time, buyer, hash, status, groups, suppressed, ε, rows scanned, duration
      assert.equal(cells[1], 'Demo Buyer Ltd.');
      assert.match(cells[3], /answered/);
      assert.equal(cells[4], '2');
      assert.equal(cells[5], '2');
      assert.equal(cells[6], '1');
      assert.equal(cells[7], '76');
      assert.match(cells[8], /\d+ ms/);
      // The cached repeat spent nothing.
      assert.match(await entry.first().innerText(), /cached/);
      await screenshot(page, 'provider-query-log');
      await page.context().close();

      const reg = await newPage();
      await signIn(reg, 'regulator@demo.eastlake');
      await reg.getByRole('combobox', { name: 'Language' }).selectOption('zh');
      await reg
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '查询日志' })
        .click();
      await reg.getByRole('heading', { name: '查询日志', level: 1 }).waitFor();
      const regLog = reg.locator(`section[data-grant-id="${grantId}"]`).getByTestId('query-log');
      await regLog.locator(`summary[title="${inputHash}"]`).first().waitFor();
      assert.match(await regLog.innerText(), /Demo Buyer Ltd\./);
      await screenshot(reg, 'regulator-query-log-zh');
      await reg.context().close();
      assert.deepEqual(session.pageErrors, []);
    },
  );
});
