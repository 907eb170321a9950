// Simplified Chinese is complete on the report, dashboard and ledger pages: after switching
// the language, the rendered text of the dataset report (detail page and provider studio),
// of the regulator's dashboard and of the audit ledger holds no English sentence (three
// English words in a row; codes such as CN_MOBILE, column names and ISO regions are not
// sentences). Errors the API reports are said in Chinese from their code, reason and
// parameters; date fields are written the Chinese way. Seeded through the API. Screenshots
// go to apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gql, login } from './support/api.mjs';
import { screenshot } from './support/browser.mjs';
import { listFile } from './support/seed.mjs';
import { startSession } from './support/session.mjs';

const TIMEOUT = 120_000;

let session;
let api;
let web;
let browser;
let pageErrors;
let shareholders;
let wine;

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
  const page = await session.newPage();
  await session.signIn(page, email);
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  return page;
}

before(
  async () => {
    session = await startSession();
    ({ api, web, browser, pageErrors } = session);
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
  await session?.stop();
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

  test('the audit ledger has no English sentence and names its actions in Chinese', { timeout: TIMEOUT }, async () => {
    const page = await newZhPage('regulator@demo.eastlake');
    await page.goto(`${web.url}/admin/ledger`);
    await page.getByRole('heading', { name: '审计账本', exact: true }).waitFor();
    const table = page.getByTestId('ledger-table');
    await table.waitFor();
    // The seeded listings' steps, by their Chinese names (the code stays beside them).
    await table.getByText('创建挂牌').first().waitFor();
    await table.getByText('上传文件').first().waitFor();
    await table.getByText('dataset.created').first().waitFor();
    const latest = page.getByRole('button', { name: '最新' });
    if (await latest.isEnabled()) await latest.click();
    await table.getByText('完成分类').first().waitFor();
    await screenshot(page, 'zh-ledger');
    assert.deepEqual(await englishLines(page), []);
    await page.context().close();
  });

  test('errors are said in Chinese from their code, reason and parameters', { timeout: TIMEOUT }, async () => {
    // NOT_FOUND with params {what, id}: a listing that does not exist.
    const page = await newZhPage('regulator@demo.eastlake');
    const missing = '00000000-0000-4000-8000-00000000beef';
    await page.goto(`${web.url}/admin/datasets/${missing}`);
    const alert = page.getByRole('alert');
    await alert.getByText(`找不到数据集（${missing.slice(0, 8)}），或您无权查看。`).waitFor();
    assert.equal(await alert.getAttribute('data-error-code'), 'NOT_FOUND');
    // The English original stays collapsed: no English sentence is rendered.
    assert.deepEqual(await englishLines(page), []);
    await page.context().close();

    // A reason without parameters: a wrong password (INVALID_CREDENTIALS), on the zh login page.
    const context = await browser.newContext({ locale: 'en-US' });
    const login = await context.newPage();
    login.on('pageerror', (error) => pageErrors.push(`${login.url()}: ${error.message}`));
    await login.goto(`${web.url}/admin/login`);
    await login.getByLabel('Language').selectOption('zh');
    await login.getByLabel('邮箱').fill('admin@demo.eastlake');
    await login.getByLabel('密码').fill('not-the-password');
    await login.getByRole('button', { name: '登录' }).click();
    const refused = login.getByRole('alert');
    await refused.getByText('邮箱或密码错误。').waitFor();
    assert.equal(await refused.getAttribute('data-error-reason'), 'INVALID_CREDENTIALS');
    await context.close();
  });

  test('date fields are written the Chinese way (年/月/日) and read back as dates', { timeout: TIMEOUT }, async () => {
    const page = await newZhPage('regulator@demo.eastlake');
    await page.goto(`${web.url}/admin/statutory-report`);
    const from = page.getByLabel('起始');
    await from.waitFor();
    const year = new Date().getUTCFullYear();
    assert.equal(await from.inputValue(), `${year}/01/01`);
    assert.equal(await from.getAttribute('placeholder'), '年/月/日');
    await from.fill(`${year}年2月30日`);
    await page.getByText('不是有效日期').waitFor();
    await from.fill(`${year}年2月3日`);
    assert.equal(await page.getByText('不是有效日期').count(), 0);
    // In English the same field is day/month/year.
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await page.getByLabel('From').inputValue(), `03/02/${year}`);
    await page.context().close();
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
