// Organization profiles and the catalogue's provider facet in a real browser: an admin
// opens a provider's profile from the organizations list (kind, verification, registration,
// accounts, listings), verifies a newly registered organization from its profile after a
// confirmation and reads who verified it and when, then follows the verification's ledger
// subject back to the profile; a buyer narrows the catalogue to one provider. Listings are
// seeded through the API. Screenshots go to apps/admin/test-artifacts/.
/* global document -- in page.waitForFunction, run in the browser */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gql, login as apiLogin } from './support/api.mjs';
import { screenshot } from './support/browser.mjs';
import { listFile, publish } from './support/seed.mjs';
import { nav, startSession } from './support/session.mjs';

const TIMEOUT = 180_000;
const STAMP = Date.now();
const NEW_ORG = `Hanyang Analytics ${STAMP}`;

let session;
let orgs;
let first;
let second;

before(
  async () => {
    session = await startSession();
    const url = session.api.url;
    first = await listFile(url, 'weather_wuhan.csv', `Wuhan weather (profile e2e ${STAMP})`);
    second = await listFile(
      url,
      'weather_wuhan.csv',
      `Wuhan weather, second provider (profile e2e ${STAMP})`,
      'provider2@demo.eastlake',
    );
    assert.equal(await publish(url, first.id, first.token), 'PUBLISHED');
    assert.equal(await publish(url, second.id, second.token), 'PUBLISHED');
    const admin = await apiLogin(url, 'admin@demo.eastlake');
    const { organizations } = await gql(url, '{ organizations { id name kind } }', {}, admin);
    const me = async (email) =>
      (await gql(url, '{ me { organization { id name } } }', {}, await apiLogin(url, email))).me
        .organization;
    orgs = { provider: await me('provider@demo.eastlake'), provider2: await me('provider2@demo.eastlake'), all: organizations };
    await gql(url, 'mutation($input: RegisterInput!) { register(input: $input) { token } }', {
      input: {
        email: `owner${STAMP}@hanyang.example`,
        password: 'long-enough-password',
        organizationName: NEW_ORG,
        kind: 'PROVIDER',
      },
    });
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await session?.stop();
});

describe('organization profiles and the provider facet', () => {
  test("an admin opens a provider's profile from the organizations list", { timeout: TIMEOUT }, async () => {
    const page = await session.newPage();
    await session.signIn(page, 'admin@demo.eastlake');
    await nav(page).getByRole('link', { name: 'Organizations & users' }).click();
    await page.getByTestId('orgs-table').getByRole('link', { name: orgs.provider.name, exact: true }).click();
    await page.waitForURL(`**/admin/organizations/${orgs.provider.id}`);
    await page.getByRole('heading', { name: orgs.provider.name, exact: true }).waitFor();
    const facts = page.getByTestId('organization-facts');
    await facts.getByText('Provider', { exact: true }).waitFor();
    await facts.getByText('Verified', { exact: true }).waitFor();
    await facts.getByText('Registered on').waitFor();
    await facts.getByText(orgs.provider.id).waitFor();
    await page.getByTestId('organization-accounts').getByRole('rowheader', { name: 'provider@demo.eastlake' }).waitFor();
    const listings = page.getByTestId('organization-listings');
    await listings.getByRole('link', { name: `Wuhan weather (profile e2e ${STAMP})` }).waitFor();
    // Only this organization's listings.
    assert.equal(await listings.getByText('second provider').count(), 0);
    await screenshot(page, 'organization-profile');
    await page.context().close();
  });

  test('an admin verifies a new organization from its profile, then reads who did it and when', { timeout: TIMEOUT }, async () => {
    const page = await session.newPage();
    await session.signIn(page, 'admin@demo.eastlake');
    await page.goto(`${session.web.url}/admin/organizations`);
    await page.getByTestId('orgs-table').getByRole('link', { name: NEW_ORG }).click();
    await page.getByRole('heading', { name: NEW_ORG }).waitFor();
    const facts = page.getByTestId('organization-facts');
    await facts.getByText('Not verified yet').waitFor();
    await page.getByText('cannot publish listings until a platform admin verifies').waitFor();
    await page.getByRole('button', { name: `Verify ${NEW_ORG}` }).click();
    await page
      .getByRole('dialog', { name: `Verify ${NEW_ORG}?` })
      .getByRole('button', { name: 'Verify the organization' })
      .click();
    await facts.getByText('Verified', { exact: true }).waitFor();
    assert.equal(await page.getByTestId('verified-by').innerText(), 'admin@demo.eastlake');
    await facts.getByText('Verified on').waitFor();
    await page.getByTestId('organization-accounts').getByRole('rowheader', { name: `owner${STAMP}@hanyang.example` }).waitFor();

    // The verification's ledger entry names the organization and links to its profile.
    await nav(page).getByRole('link', { name: 'Ledger' }).click();
    const latest = page.getByRole('button', { name: 'Latest' });
    await page.getByTestId('ledger-table').waitFor();
    if (await latest.isEnabled()) await latest.click();
    const entry = page.getByTestId('ledger-table').getByRole('row').filter({ hasText: 'organization.verified' }).last();
    await entry.getByText('Organization verified').waitFor();
    await entry.getByRole('link', { name: new RegExp(NEW_ORG) }).click();
    await page.getByRole('heading', { name: NEW_ORG }).waitFor();
    await screenshot(page, 'organization-profile-verified');
    await page.context().close();
  });

  test('a buyer narrows the catalogue to one provider', { timeout: TIMEOUT }, async () => {
    const page = await session.newPage();
    await session.signIn(page, 'buyer@demo.eastlake');
    await page.goto(`${session.web.url}/admin/datasets`);
    const table = page.getByTestId('datasets-table');
    await table.getByText(`Wuhan weather (profile e2e ${STAMP})`).waitFor();
    await table.getByText(`Wuhan weather, second provider (profile e2e ${STAMP})`).waitFor();
    const facet = page.getByLabel('Provider', { exact: true });
    // The facet lists the providers of what the other filters find, with their counts.
    await page.waitForFunction(
      ([label, name]) =>
        [...document.querySelectorAll('label.field')]
          .find((l) => l.querySelector('span')?.textContent === label)
          ?.querySelector('select')
          ?.textContent?.includes(name),
      ['Provider', orgs.provider2.name],
    );
    const options = await facet.evaluate((select) => [...select.options].map((o) => o.textContent ?? ''));
    assert.ok(options.some((o) => o.startsWith(`${orgs.provider2.name} (`)), options.join(' | '));
    await facet.selectOption({ value: orgs.provider2.id });
    await page.waitForURL(`**/admin/datasets?provider=${orgs.provider2.id}`);
    await table.getByText(`Wuhan weather, second provider (profile e2e ${STAMP})`).waitFor();
    await table.getByText(`Wuhan weather (profile e2e ${STAMP})`, { exact: true }).waitFor({ state: 'detached' });
    const owners = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.ok(owners.length > 0);
    assert.deepEqual([...new Set(owners)], [orgs.provider2.name]);
    await screenshot(page, 'catalogue-provider-facet');
    await page.context().close();
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(session.pageErrors, []);
  });
});
