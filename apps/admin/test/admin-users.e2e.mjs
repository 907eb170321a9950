// Account administration in a real browser: a platform admin creates a user in an existing
// organization picked from a list, changes the user's role and disables the account, each
// irreversible step confirmed with its consequence spelled out; the disabled user's sign-in
// is refused. Screenshots go to apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './support/admin-server.mjs';
import { gql, login as apiLogin, startApi } from './support/api.mjs';
import { launchBrowser, screenshot } from './support/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../dist');
const TIMEOUT = 120_000;
const EMAIL = `analyst${Date.now()}@provider.example`;
const PASSWORD = 'analyst-password';

let api;
let web;
let browser;
let providerOrg;
const pageErrors = [];

async function newPage() {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
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
    const token = await apiLogin(api.url, 'provider@demo.eastlake');
    providerOrg = (await gql(api.url, '{ me { organization { id name } } }', {}, token)).me.organization;
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
});

describe('account administration in a real browser', () => {
  test('an admin creates a user in an existing organization, changes the role, disables the account', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'admin@demo.eastlake');
    await page.getByTestId('whoami').waitFor();
    await page.goto(`${web.url}/admin/organizations`);
    const form = page.getByRole('form', { name: 'Create an account' });
    await form.getByLabel('Email').fill(EMAIL);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByLabel('Role').selectOption('PROVIDER');
    // The picker lists existing organizations whose kind fits the role.
    await form.getByLabel('Organization', { exact: true }).selectOption({ label: `${providerOrg.name} · Provider` });
    assert.equal(await form.getByLabel('New organization name').count(), 0);
    await screenshot(page, 'admin-create-user');
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByText(`Created ${EMAIL} in ${providerOrg.name}.`).waitFor();

    const users = page.getByRole('region', { name: 'Users' });
    const row = users.getByRole('row').filter({ has: page.getByRole('rowheader', { name: EMAIL }) });
    await row.getByText(providerOrg.name).waitFor();
    await row.getByText('Provider', { exact: true }).waitFor();

    // Change the role: provider staff may be buyers.
    await row.getByLabel(`New role of ${EMAIL}`).selectOption('BUYER');
    await row.getByRole('button', { name: 'Change role' }).click();
    const roleDialog = page.getByRole('dialog', { name: `Change the role of ${EMAIL}?` });
    await roleDialog.getByText(`${EMAIL} goes from Provider to Buyer at once`).waitFor();
    await roleDialog.getByRole('button', { name: 'Make them Buyer' }).click();
    await roleDialog.waitFor({ state: 'hidden' });
    await row.getByText('Buyer', { exact: true }).waitFor();

    // Disable: a reason is required before the confirm button works.
    await row.getByRole('button', { name: `Disable ${EMAIL}` }).click();
    const disable = page.getByRole('dialog', { name: `Disable ${EMAIL}?` });
    await disable.getByText('can no longer sign in').waitFor();
    assert.equal(await disable.getByRole('button', { name: 'Disable the account' }).isDisabled(), true);
    await disable.getByLabel('Reason').fill('Left the company.');
    await screenshot(page, 'admin-disable-confirm');
    await disable.getByRole('button', { name: 'Disable the account' }).click();
    await disable.waitFor({ state: 'hidden' });
    await row.getByText(/^Disabled since /).waitFor();
    await row.getByRole('button', { name: `Enable ${EMAIL}` }).waitFor();
    await screenshot(page, 'admin-user-disabled');
    await page.context().close();
  });

  test("the disabled user's sign-in is refused", { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, EMAIL, PASSWORD);
    await page.getByRole('alert').getByText(/disabled by a platform admin/).waitFor();
    assert.equal(await page.getByTestId('whoami').count(), 0);
    await screenshot(page, 'admin-disabled-login-refused');
    await assert.rejects(apiLogin(api.url, EMAIL, PASSWORD), /FORBIDDEN: this account has been disabled/);
    await page.context().close();
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
