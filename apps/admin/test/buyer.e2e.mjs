// The buyer journey in a real browser, through the UI only: find a listing by purpose, read
// its terms in words (the usage policy as a table, never JSON), see a refusal that says what
// would pass, request access with the prefilled purpose; the provider approves after a
// confirmation naming the buyer's organization; the buyer downloads the file under its
// name and extension. The listing is seeded through the API. Screenshots go to
// apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './support/admin-server.mjs';
import { gql, login as apiLogin, startApi } from './support/api.mjs';
import { ARTIFACTS, launchBrowser, screenshot } from './support/browser.mjs';
import { publish, waitForVerdict } from './support/seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../dist');
const TIMEOUT = 180_000;
const STAMP = Date.now();
const TITLE = `Loyalty members, buyer e2e ${STAMP}`;
const PURPOSE = 'loyalty';
const FILE_NAME = 'loyalty_members.csv';

let api;
let web;
let browser;
let body;
let buyerOrgName;
let providerOrgName;
const pageErrors = [];

const phoneOf = (i) => `137${String(41_000_000 + i * 6151).padStart(8, '0')}`;

async function newPage() {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
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

async function adminOrigin() {
  try {
    const res = await fetch(`${api.url}/admin/datasets`);
    if (res.ok && (await res.text()).includes('<div id="root">')) return { url: api.url, stop: async () => {} };
  } catch {
    // not served by the API
  }
  return startAdminServer({ dist: DIST, apiUrl: api.url });
}

/** The demo provider lists 80 members whose consent covers every row for "loyalty". */
async function seedListing() {
  const token = await apiLogin(api.url, 'provider@demo.eastlake');
  const rows = ['phone,city,points'];
  const manifest = ['subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at'];
  for (let i = 0; i < 80; i++) {
    rows.push(`${phoneOf(i)},武汉,${(i * 53) % 1000}`);
    manifest.push(`${createHash('sha256').update(phoneOf(i)).digest('hex')},${PURPOSE},true,false,2030-12-31T00:00:00Z,`);
  }
  body = `${rows.join('\n')}\n`;
  const { createDataset } = await gql(
    api.url,
    'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }',
    { input: { title: TITLE, description: 'Loyalty programme members (e2e)', region: 'CN-HB', provenance: 'COLLECTED', rights: { holding: true, processing: true, operation: true } } },
    token,
  );
  const put = (path, data, type) =>
    fetch(`${api.url}/api/datasets/${createDataset.id}/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'x-file-name': encodeURIComponent(FILE_NAME) },
      body: data,
    });
  let res = await put('file', body, 'application/octet-stream');
  assert.equal(res.status, 201, await res.text());
  await waitForVerdict(api.url, token, createDataset.id);
  res = await put('consents', `${manifest.join('\n')}\n`, 'text/csv');
  assert.equal(res.status, 201, await res.text());
  assert.equal(await waitForVerdict(api.url, token, createDataset.id), 'TRADEABLE');
  assert.equal(await publish(api.url, createDataset.id, token), 'PUBLISHED');
  const me = '{ me { organization { name } } }';
  providerOrgName = (await gql(api.url, me, {}, token)).me.organization.name;
  buyerOrgName = (await gql(api.url, me, {}, await apiLogin(api.url, 'buyer@demo.eastlake'))).me.organization.name;
}

before(
  async () => {
    api = await startApi();
    web = await adminOrigin();
    browser = await launchBrowser();
    await seedListing();
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
});

describe('the buyer journey in a real browser', () => {
  test('a buyer finds the listing by purpose, reads its terms and requests access', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'buyer@demo.eastlake');
    await page.goto(`${web.url}/admin/datasets`);
    await page.getByLabel('Purpose').fill(PURPOSE);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(`**/admin/datasets?purpose=${PURPOSE}`);
    await page.locator('[data-testid="datasets-table"][aria-busy="false"]').waitFor();
    const row = page.getByTestId('datasets-table').getByRole('row').filter({ hasText: TITLE });
    await row.getByText(`Tradeable for ${PURPOSE}: 80/80 rows consented`).waitFor();
    await row.getByRole('link', { name: TITLE }).click();

    // The terms in words; the usage policy as a table of rules.
    const terms = page.getByRole('region', { name: 'Terms of this listing' });
    await terms.getByTestId('offer-purposes').getByRole('rowheader', { name: PURPOSE }).waitFor();
    await terms.getByText('As you request: 1 to 3,650 days from approval').waitFor();
    const policy = terms.getByTestId('odrl-policy');
    const use = policy.getByRole('row').filter({ hasText: 'Use the data' });
    await use.getByText('Permitted').waitFor();
    await use.getByText(`only for ${PURPOSE}`).waitFor();
    await use.getByText('only within the PRC mainland').waitFor();
    await policy.getByRole('row').filter({ hasText: 'Pass the data on to others' }).getByText('Prohibited').waitFor();
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text, /"@type"|leftOperand|rightOperand|\{\s*"/);
    await terms.scrollIntoViewIfNeeded();
    await screenshot(page, 'buyer-offer-policy');

    // The form is prefilled with the consented purpose; another purpose is refused with what would pass.
    const form = page.getByRole('region', { name: 'Request access' });
    assert.equal(await form.getByLabel('Purpose').inputValue(), PURPOSE);
    await form.getByLabel('Purpose').fill('marketing');
    await form.getByRole('button', { name: 'Request access' }).click();
    const result = page.getByTestId('request-result');
    await result.getByText('The request was refused for these reasons:').waitFor();
    assert.match(await result.innerText(), new RegExp(PURPOSE));
    await screenshot(page, 'buyer-request-refused-purpose');
    await form.getByLabel('Purpose').fill(PURPOSE);
    await form.getByLabel('Duration (days)').fill('60');
    await form.getByRole('button', { name: 'Request access' }).click();
    await result.getByText('Request sent: the provider decides it.').waitFor();
    await page.context().close();
  });

  test("the provider approves, the confirmation naming the buyer's organization", { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'provider@demo.eastlake');
    await page.goto(`${web.url}/admin/requests?status=PENDING`);
    const name = `${TITLE} · ${PURPOSE}`;
    const row = page.getByTestId('requests-table').getByRole('row').filter({ hasText: TITLE });
    // The buyer by name, not an id.
    await row.getByText(`Buyer ${buyerOrgName}`).waitFor();
    await row.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Approve “${name}”?` });
    await dialog.getByText(`${buyerOrgName} gets a grant to use the data for ${PURPOSE} within CN for 60 days.`, { exact: false }).waitFor();
    await screenshot(page, 'provider-approve-confirm');
    await dialog.getByRole('button', { name: 'Approve and grant access' }).click();
    await page.getByText(`Approved “${TITLE}”: a grant was created for the buyer.`).waitFor();
    await page.context().close();
  });

  test('the buyer downloads the file under its name and extension', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'buyer@demo.eastlake');
    await page.goto(`${web.url}/admin/grants`);
    const table = page.getByTestId('grants-table');
    const row = table.getByRole('row').filter({ hasText: TITLE });
    await row.getByText('Active', { exact: true }).waitFor();
    // The grant's policy as a table, with both parties by name.
    await row.locator('summary', { hasText: 'Usage policy' }).click();
    await row.getByText(`Granted by ${providerOrgName} to ${buyerOrgName}.`).waitFor();
    await row.getByText(`only for ${PURPOSE}`).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: `Download the data: ${TITLE} · ${PURPOSE}` }).click(),
    ]);
    assert.equal(download.suggestedFilename(), FILE_NAME);
    // Streamed by the browser's download manager from the download worker's URL, not a blob
    // the page assembled in memory.
    assert.match(download.url(), /\/admin\/__download\/[0-9a-f-]{36}$/);
    await page.getByText(`Downloading ${FILE_NAME} (`).waitFor();
    const saved = join(ARTIFACTS, `buyer-${FILE_NAME}`);
    await download.saveAs(saved);
    assert.equal(readFileSync(saved, 'utf8'), body);
    await screenshot(page, 'buyer-grant-policy-downloaded');
    await page.context().close();
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
