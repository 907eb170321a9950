// The statutory report and cross-border pages in a real browser (issue 15): a regulator
// approves an exporter's standard-contract evidence on the Cross-border page and reads the
// period report (ledger root, PDF download); an admin sees the evidence but cannot review it
// and has no statutory report. Evidence is filed through the API. Screenshots go to
// apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { dirname, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './support/admin-server.mjs';
import { login as apiLogin, startApi } from './support/api.mjs';
import { launchBrowser, screenshot } from './support/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../dist');
const TIMEOUT = 120_000;
const YEAR = new Date().getUTCFullYear();

let api;
let web;
let browser;
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

async function signIn(page, email) {
  await page.goto(`${web.url}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}

const nav = (page) => page.getByRole('navigation', { name: 'Main' });

async function adminOrigin() {
  try {
    const res = await globalThis.fetch(`${api.url}/admin/datasets`);
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
    const provider = await apiLogin(api.url, 'provider@demo.eastlake');
    const res = await globalThis.fetch(
      `${api.url}/api/cross-border/evidence?year=${YEAR}&mechanism=STANDARD_CONTRACT`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${provider}`,
          'content-type': 'application/pdf',
          'x-file-name': 'contract.pdf',
        },
        body: Buffer.from('%PDF-1.4 standard contract (browser test)\n'),
      },
    );
    assert.equal(res.status, 201, await res.text());
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
});

describe('statutory report and cross-border pages', () => {
  test('a regulator approves evidence on the Cross-border page', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'regulator@demo.eastlake');
    await nav(page).getByRole('link', { name: 'Cross-border' }).click();
    await page.getByRole('heading', { name: 'Cross-border mechanisms' }).waitFor();
    const row = page.getByTestId('cross-border-evidence').locator('tbody tr').first();
    await row.getByText('Pending').waitFor();
    await row.getByRole('button', { name: 'Approve evidence' }).click();
    await page.getByRole('status').getByText('Write what was checked before deciding.').waitFor();
    await row.getByLabel('Review note').fill('CAC filing verified (browser test)');
    await row.getByRole('button', { name: 'Approve evidence' }).click();
    await page.getByRole('status').getByText('Evidence Approved.').waitFor();
    await row.getByText('CAC filing verified (browser test)').waitFor();
    await screenshot(page, 'cross-border-approved');
    assert.deepEqual(pageErrors, []);
  });

  test(
    'a regulator reads the statutory report and downloads its PDF',
    { timeout: TIMEOUT },
    async () => {
      const page = await newPage();
      await signIn(page, 'regulator@demo.eastlake');
      await nav(page).getByRole('link', { name: 'Statutory report' }).click();
      await page.getByRole('heading', { name: 'Statutory period report' }).waitFor();
      const root = await page.getByTestId('report-root').textContent();
      assert.match(root ?? '', /^[0-9a-f]{64}$/);
      await page.getByRole('heading', { name: "Audit ledger at the period's end" }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download PDF' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^eastlake-statutory-report-.*\.pdf$/);
      await screenshot(page, 'statutory-report');
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'an admin sees the evidence but cannot review it, and has no statutory report',
    { timeout: TIMEOUT },
    async () => {
      const page = await newPage();
      await signIn(page, 'admin@demo.eastlake');
      await nav(page).getByRole('link', { name: 'Cross-border' }).click();
      await page.getByTestId('cross-border-evidence').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Approve evidence' }).count(), 0);
      assert.equal(await nav(page).getByRole('link', { name: 'Statutory report' }).count(), 0);
      assert.deepEqual(pageErrors, []);
    },
  );
});
