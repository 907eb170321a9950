// Simplified Chinese is complete on the report and dashboard pages: after switching the
// language, the rendered text of the dataset report (detail page and provider studio) and
// of the regulator's dashboard holds no English sentence (three English words in a row;
// codes such as CN_MOBILE, column names and ISO regions are not sentences). Seeded through
// the API. Screenshots go to apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './support/admin-server.mjs';
import { gql, login, startApi } from './support/api.mjs';
import { launchBrowser, screenshot } from './support/browser.mjs';
import { listFile } from './support/seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../dist');
const TIMEOUT = 120_000;

let api;
let web;
let browser;
let shareholders;
let wine;
const pageErrors = [];

const SENTENCE = /\b[A-Za-z]{2,}[,;:.]?\s+[A-Za-z]{2,}[,;:.]?\s+[A-Za-z]{2,}\b/;

let dataNames = [];

/** Lines of the page's main text that read as an English sentence (names of organizations and listings aside: they are data). */
async function englishLines(page) {
  const text = await page.locator('main').innerText();
  return text
    .split(/\n+/)
    .map((l) => dataNames.reduce((line, name) => line.split(name).join(' '), l).trim())
    .filter((l) => SENTENCE.test(l));
}

async function newZhPage(email) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${web.url}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  return page;
}

async function adminOrigin() {
  try {
    const res = await fetch(`${api.url}/admin/datasets`);
    if (res.ok && (await res.text()).includes('<div id="root">')) return { url: api.url, stop: async () => {} };
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
    // Identity numbers and phones (sensitive, direct identifiers) and names, phones and addresses.
    shareholders = await listFile(api.url, 'shareholders.csv', '股东名册（中文界面）', 'provider2@demo.eastlake');
    wine = await listFile(api.url, 'wine_customers.csv', '酒类会员（中文界面）');
    const token = await login(api.url, 'regulator@demo.eastlake');
    const names = await gql(api.url, '{ organizations { name } datasets(first: 100) { edges { node { title } } } }', {}, token);
    const columns = [];
    for (const d of [shareholders, wine]) {
      const { dataset } = await gql(api.url, 'query($id: ID!) { dataset(id: $id) { classification { columns { name } } } }', { id: d.id }, token);
      columns.push(...dataset.classification.columns.map((c) => c.name));
    }
    // Column names are data too, and the preview's header shows them in capitals.
    dataNames = [
      ...names.organizations.map((o) => o.name),
      ...names.datasets.edges.map((e) => e.node.title),
      ...columns.flatMap((c) => [c, c.toUpperCase()]),
    ].sort((a, b) => b.length - a.length);
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
});

describe('Simplified Chinese on the report and dashboard pages', () => {
  test('the dataset report (detail page) has no English sentence', { timeout: TIMEOUT }, async () => {
    const page = await newZhPage('regulator@demo.eastlake');
    for (const d of [shareholders, wine]) {
      await page.goto(`${web.url}/admin/datasets/${d.id}`);
      await page.getByRole('heading', { name: '发现的问题' }).waitFor();
      await page.locator('.reason').first().waitFor();
      await screenshot(page, `zh-report-${d === wine ? 'wine' : 'shareholders'}`);
      assert.deepEqual(await englishLines(page), [], `English on ${page.url()}`);
    }
    await page.context().close();
  });

  test("the provider studio's data dictionary has no English sentence", { timeout: TIMEOUT }, async () => {
    const page = await newZhPage('provider@demo.eastlake');
    await page.goto(`${web.url}/admin/datasets/${wine.id}/studio`);
    await page.getByTestId('data-dictionary').waitFor();
    await screenshot(page, 'zh-studio');
    assert.deepEqual(await englishLines(page), []);
    await page.context().close();
  });

  test('the regulator dashboard has no English sentence', { timeout: TIMEOUT }, async () => {
    const page = await newZhPage('regulator@demo.eastlake');
    await page.goto(`${web.url}/admin/dashboard`);
    await page.getByRole('heading', { name: '风险提示' }).waitFor();
    await page.getByTestId('compliance-report').waitFor();
    await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' }).catch(() => {});
    await screenshot(page, 'zh-dashboard');
    assert.deepEqual(await englishLines(page), []);
    await page.context().close();
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
