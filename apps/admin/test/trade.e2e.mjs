// Trading and audit in a real browser: a buyer requests access to a published listing, its
// provider approves, the buyer downloads through the grant; a regulator sees risk flags and
// exports transactions; a buyer cannot reach the audit views. Screenshots go to
// apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './support/admin-server.mjs';
import { gql, login as apiLogin, startApi } from './support/api.mjs';
import { ARTIFACTS, launchBrowser, screenshot } from './support/browser.mjs';
import { CORPUS, listFile, publish } from './support/seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../dist');
const TIMEOUT = 120_000;
const WEATHER = 'Wuhan weather hourly (trade e2e)';

let api;
let web;
let browser;
let weatherId;
let wineId;
const pageErrors = [];

async function newPage() {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

async function signIn(page, email, password = 'demo-password') {
  await page.goto(`${web.url}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}

const nav = (page) => page.getByRole('navigation', { name: 'Main' });

/** The API serves the app itself once serveAdmin is wired in; else a same-origin proxy does. */
async function adminOrigin() {
  try {
    const res = await fetch(`${api.url}/admin/datasets`);
    if (res.ok && (await res.text()).includes('<div id="root">'))
      return { url: api.url, stop: async () => {} };
  } catch {
    // not served by the API
  }
  return startAdminServer({ dist: DIST, apiUrl: api.url });
}

before(
  async () => {
    api = await startApi();
    web = await adminOrigin();
    browser = await launchBrowser();
    // A tradeable listing without personal information, published by its provider …
    const weather = await listFile(api.url, 'weather_wuhan.csv', WEATHER);
    assert.equal(weather.status, 'TRADEABLE');
    assert.equal(await publish(api.url, weather.id, weather.token), 'PUBLISHED');
    weatherId = weather.id;
    // Customer records with a consent manifest: coverage per purpose on the detail page.
    const wine = await listFile(api.url, 'wine_customers.csv', 'Wine club customers');
    wineId = wine.id;
    const res = await fetch(`${api.url}/api/datasets/${wine.id}/consents`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${wine.token}`, 'content-type': 'text/csv' },
      body: readFileSync(resolve(CORPUS, 'wine_customers.consent.csv')),
    });
    assert.equal(res.status, 201, await res.text());
    // … and a provider uploading shareholder records (identity numbers, phones) three times.
    for (const n of [1, 2, 3]) {
      const s = await listFile(
        api.url,
        'shareholders.csv',
        `Shareholder register ${n}`,
        'provider2@demo.eastlake',
      );
      assert.equal(s.status, 'UNTRADEABLE');
    }
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
});

describe('trading and audit in a real browser', () => {
  test(
    "an unverified buyer's request is refused, with the reasons shown",
    { timeout: TIMEOUT },
    async () => {
      const email = `buyer${Date.now()}@newco.example`;
      await gql(api.url, 'mutation($input: RegisterInput!) { register(input: $input) { token } }', {
        input: {
          email,
          password: 'long-enough-password',
          organizationName: `New Buyer ${Date.now()}`,
          kind: 'BUYER',
        },
      });
      const page = await newPage();
      await signIn(page, email, 'long-enough-password');
      await page.goto(`${web.url}/admin/datasets/${weatherId}`);
      await page.getByRole('heading', { name: WEATHER }).waitFor();
      // Buyers never see consent coverage.
      assert.equal(await page.getByRole('heading', { name: 'Consent coverage' }).count(), 0);
      const form = page.getByRole('region', { name: 'Request access' });
      await form.getByLabel('Purpose').fill('forecasting');
      await form.getByLabel('Region of use').fill('CN');
      await form.getByRole('button', { name: 'Request access' }).click();
      // Refused by the trading rules: data with reasons, not an error.
      const result = page.getByTestId('request-result');
      await result.getByText('The request was refused for these reasons:').waitFor();
      assert.match(await result.innerText(), /BUYER_NOT_VERIFIED/);
      assert.match(await result.innerText(), /not verified/);
      assert.equal(await page.locator('.state-error').count(), 0);
      await screenshot(page, 'buyer-request-refused');
      await page.context().close();
    },
  );

  test('a buyer requests access from the dataset page', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'buyer@demo.eastlake');
    await page.goto(`${web.url}/admin/datasets/${weatherId}`);
    const form = page.getByRole('region', { name: 'Request access' });
    await form.getByLabel('Purpose').fill('forecasting');
    await form.getByLabel('Region of use').fill('CN');
    await form.getByLabel('Duration (days)').fill('30');
    await form.getByRole('button', { name: 'Request access' }).click();
    await page
      .getByTestId('request-result')
      .getByText('Request sent: the provider decides it.')
      .waitFor();
    await screenshot(page, 'buyer-request-sent');

    await nav(page).getByRole('link', { name: 'Access requests' }).click();
    const table = page.getByTestId('requests-table');
    await table.getByText('Pending', { exact: true }).waitFor();
    assert.match(await table.innerText(), /30 days/);
    // Buyers do not decide.
    assert.equal(await page.getByRole('button', { name: /^Approve/ }).count(), 0);
    await page.context().close();
  });

  test('the provider approves the request in the UI', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'provider@demo.eastlake');
    await nav(page).getByRole('link', { name: 'Access requests' }).click();
    await page.getByTestId('requests-table').waitFor();
    await page.getByText('1 waiting for your decision').waitFor();
    const name = `${WEATHER} · forecasting`;
    await page.getByLabel(`Note for the request: ${name}`).fill('Fine for forecasting in CN.');
    await screenshot(page, 'provider-requests-pending');
    const decide = page.getByRole('group', { name: `Decide the request: ${name}` });
    await decide.getByRole('button', { name: 'Approve', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Approve “${name}”?` });
    await confirm.getByText(/rows already delivered cannot be recalled/).waitFor();
    await confirm.getByRole('button', { name: 'Approve and grant access' }).click();
    await page.getByText(`Approved “${WEATHER}”: a grant was created for the buyer.`).waitFor();
    await page
      .getByTestId('requests-table')
      .getByText('Approved', { exact: true })
      .first()
      .waitFor();
    await screenshot(page, 'provider-request-approved');

    // The owner sees consent coverage per purpose on the detail page.
    await page.goto(`${web.url}/admin/datasets/${weatherId}`);
    await page.getByRole('heading', { name: 'Consent coverage' }).waitFor();
    await page.getByText('No consent manifest on this version.').waitFor();
    await page.goto(`${web.url}/admin/datasets/${wineId}`);
    const coverage = page.getByTestId('consent-coverage');
    await coverage.getByRole('rowheader', { name: 'marketing' }).waitFor();
    await coverage.getByRole('meter', { name: 'Consent coverage for marketing' }).waitFor();
    await coverage.scrollIntoViewIfNeeded();
    await screenshot(page, 'provider-consent-coverage');
    await page.context().close();
  });

  test('the buyer downloads through the grant in the UI', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'buyer@demo.eastlake');
    await nav(page).getByRole('link', { name: 'Grants' }).click();
    const table = page.getByTestId('grants-table');
    // The demo catalogue's sale is there too: wait for any active grant.
    await table.getByText('Active', { exact: true }).first().waitFor();
    // Buyers download; they do not revoke.
    assert.equal(await page.getByRole('button', { name: /^Revoke/ }).count(), 0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download the data: ${WEATHER} · forecasting` }).click(),
    ]);
    const saved = join(ARTIFACTS, 'buyer-download.csv');
    await download.saveAs(saved);
    const original = readFileSync(resolve(CORPUS, 'weather_wuhan.csv'));
    assert.deepEqual(readFileSync(saved), original);
    await page.getByText(/^Downloading .+ \([\d,]+ rows\) to your downloads folder\. Each link works once\.$/).waitFor();
    // The delivery is recorded on the grant.
    await table
      .locator('td', { hasText: /^[1-9][\d,]*$/ })
      .first()
      .waitFor();
    await screenshot(page, 'buyer-grant-downloaded');
    await page.context().close();
  });

  test('the provider revokes the grant with a reason', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'provider@demo.eastlake');
    await page.goto(`${web.url}/admin/grants`);
    const name = `${WEATHER} · forecasting`;
    await page.getByRole('button', { name: `Revoke the grant: ${name}` }).click();
    await page.getByRole('button', { name: 'Revoke grant' }).click();
    await page.getByText('A revocation needs a reason.').waitFor();
    // The form says what revoking does before it is confirmed.
    await page.getByTestId('revoke-consequence').getByText('cannot be restored').waitFor();
    await page.getByLabel('Reason (shown to the buyer)').fill('Contract ended early.');
    await page.getByRole('button', { name: 'Revoke grant' }).click();
    await page.getByText(`Revoked the grant “${name}”.`).waitFor();
    await page.getByTestId('grants-table').getByText('Revoked', { exact: true }).waitFor();
    await page.getByTestId('grants-table').getByText('Contract ended early.').waitFor();
    await page.context().close();
  });

  test('the regulator sees a risk flag on the dashboard', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'regulator@demo.eastlake');
    await page.waitForURL('**/admin/dashboard');
    const flags = page.getByTestId('risk-flags');
    const row = flags
      .getByRole('row', { name: /Second Provider Co\./ })
      .filter({ hasText: 'PROVIDER_REPEATED_UNTRADEABLE' });
    await row.getByText('Repeated untradeable uploads').waitFor();
    assert.match(await row.innerText(), /PROVIDER_REPEATED_UNTRADEABLE/);
    // Three uploads here, plus the demo catalogue's untradeable shareholder list.
    const [, count] = /(\d+)\s*\/\s*3/.exec(await row.innerText()) ?? [];
    assert.ok(Number(count) >= 3, await row.innerText());
    await page
      .getByRole('figure', { name: 'Transactions by kind, last 14 days' })
      .locator('svg')
      .waitFor();
    await page.getByTestId('compliance-report').getByText('Ledger root at period end').waitFor();
    await screenshot(page, 'regulator-dashboard-risk');
    // The same in Simplified Chinese.
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '风险提示' }).waitFor();
    await page.getByTestId('risk-flags').getByText('多次上传不可交易数据').waitFor();
    await page.getByRole('heading', { name: '合规报告' }).waitFor();
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '交易记录' })
      .click();
    await page.getByRole('heading', { name: '交易记录' }).waitFor();
    await page.getByRole('button', { name: '导出 CSV' }).waitFor();
    await screenshot(page, 'regulator-transactions-zh');
    await page.context().close();
  });

  test('the regulator filters and exports transactions as CSV', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'regulator@demo.eastlake');
    await nav(page).getByRole('link', { name: 'Transactions' }).click();
    const table = page.getByTestId('tx-table');
    await table.waitFor();
    for (const kind of ['Request', 'Grant', 'Delivery'])
      await table.getByText(kind, { exact: true }).first().waitFor();
    await page.getByLabel('Kind').selectOption('DELIVERY');
    await page.waitForURL('**/admin/transactions?kind=DELIVERY');
    await page.locator('[data-testid="tx-table"][aria-busy="false"]').waitFor();
    // The filtered answer may replace the unfiltered rows a moment after the URL changes.
    await page.waitForFunction(() => {
      const rows = [...globalThis.document.querySelectorAll('[data-testid="tx-table"] tbody tr')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('Delivery'));
    });
    // This file's delivery and the demo catalogue's one.
    assert.equal(await table.locator('tbody tr').count(), 2);
    await table.getByText(WEATHER).first().waitFor();
    await screenshot(page, 'regulator-transactions');

    await page.getByLabel('Kind').selectOption('');
    await page.waitForURL('**/admin/transactions');
    await page.locator('[data-testid="tx-table"][aria-busy="false"]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'eastlake-transactions.csv');
    const saved = join(ARTIFACTS, 'regulator-transactions.csv');
    await download.saveAs(saved);
    const lines = readFileSync(saved, 'utf8').trim().split(/\r?\n/);
    const cells = (line) => line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    assert.deepEqual(cells(lines[0]).slice(0, 5), [
      'kind',
      'id',
      'at',
      'dataset_id',
      'dataset_title',
    ]);
    const kinds = new Set(lines.slice(1).map((l) => cells(l)[0]));
    assert.deepEqual([...kinds].sort(), ['DELIVERY', 'GRANT', 'REQUEST']);
    assert.ok(lines.some((l) => l.includes(WEATHER)));
    await page.getByText('Saved eastlake-transactions.csv.').waitFor();
    await page.context().close();
  });

  test('a buyer cannot reach the transactions page', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'buyer@demo.eastlake');
    assert.equal(await nav(page).getByRole('link', { name: 'Transactions' }).count(), 0);
    await page.goto(`${web.url}/admin/transactions`);
    await page.getByTestId('not-allowed').waitFor();
    await screenshot(page, 'buyer-transactions-refused');
    // The API refuses too.
    const token = await apiLogin(api.url, 'buyer@demo.eastlake');
    await assert.rejects(gql(api.url, '{ transactions { id } }', {}, token), /FORBIDDEN/);
    const res = await fetch(`${api.url}/api/regulator/transactions?format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 403);
    await page.context().close();
  });

  test(
    'a buyer finds the demo consented listing by purpose, never a bare Untradeable beside Published',
    { timeout: TIMEOUT },
    async () => {
      const token = await apiLogin(api.url, 'buyer@demo.eastlake');
      const { datasets } = await gql(
        api.url,
        '{ datasets(first: 20, filter: { purpose: "marketing" }) { edges { node { id title offer { purposes { purpose verdict coveredRows neededRows } } } } } }',
        {},
        token,
      );
      const wine = datasets.edges
        .map((e) => e.node)
        .find((n) => n.title.startsWith('Wine club customers, consented'));
      assert.ok(wine, 'the demo seed lists the consented wine customers');
      const marketing = wine.offer.purposes.find((p) => p.purpose === 'marketing');
      assert.equal(marketing.verdict, 'TRADEABLE');

      const page = await newPage();
      await signIn(page, 'buyer@demo.eastlake');
      await page.goto(`${web.url}/admin/datasets`);
      await page.getByLabel('Purpose').fill('marketing');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL('**/admin/datasets?purpose=marketing');
      await page.locator('[data-testid="datasets-table"][aria-busy="false"]').waitFor();
      const row = page
        .getByTestId('datasets-table')
        .getByRole('row')
        .filter({ hasText: wine.title });
      const lifted = `Tradeable for marketing: ${marketing.coveredRows}/${marketing.neededRows} rows consented`;
      await row.getByText('Untradeable without consent').waitFor();
      await row.getByText(lifted).waitFor();
      // No row says Published beside a bare Untradeable.
      for (const r of await page.getByTestId('datasets-table').locator('tbody tr').all()) {
        const [status, verdict] = await Promise.all([
          r.locator('td:nth-child(3)').innerText(),
          r.locator('td:nth-child(4)').innerText(),
        ]);
        if (status.trim() === 'Published') assert.notEqual(verdict.trim(), 'Untradeable');
      }
      await screenshot(page, 'buyer-catalogue-by-purpose');

      await row.getByRole('link', { name: wine.title }).click();
      const terms = page.getByRole('region', { name: 'Terms of this listing' });
      await terms
        .getByTestId('offer-purposes')
        .getByRole('rowheader', { name: 'marketing' })
        .waitFor();
      await terms.getByText(/^The PRC mainland/).waitFor();
      await page.getByText(lifted).first().waitFor();
      // The form's default region (CN) passes on this Hubei listing: domestic, not cross-border.
      const form = page.getByRole('region', { name: 'Request access' });
      assert.equal(await form.getByLabel('Region of use').inputValue(), 'CN');
      await form.getByText('Consented purposes: marketing, research.').waitFor();
      await form.getByLabel('Purpose').fill('research');
      await form.getByRole('button', { name: 'Request access' }).click();
      const result = page.getByTestId('request-result');
      await result.getByText('Request sent: the provider decides it.').waitFor();
      await screenshot(page, 'buyer-offer-terms');
      await page.context().close();
    },
  );

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
