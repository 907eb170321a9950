// Real-browser tests of the admin app: the built API on a fresh PGlite, the built app on
// the same origin, headless Debian Chromium driven by playwright-core. Screenshots go to
// apps/admin/test-artifacts/.
/* global document, HTMLInputElement, Event -- in page.waitForFunction and page.evaluate, run in the browser */
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './support/admin-server.mjs';
import { gql, login as apiLogin, startApi } from './support/api.mjs';
import { launchBrowser, screenshot } from './support/browser.mjs';
import { listFile as listSeed } from './support/seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../dist');
const TIMEOUT = 120_000;

let api;
let web;
let browser;
const pageErrors = [];

async function newPage({ locale = 'en-US' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
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

/** A provider lists a corpus file through the API and waits for the classifier's verdict. */
const listFile = (file, title, email) => listSeed(api.url, file, title, email);

/** The ambiguous survey (quasi-identifiers with k < 5), waiting IN_REVIEW. */
async function listSurvey(title) {
  const { id, status } = await listFile('survey_quasi.csv', title);
  assert.equal(status, 'IN_REVIEW');
  return id;
}

/** A few listings of every verdict, so lists and charts have something to show. */
async function seed() {
  const census = await listFile('census_aggregates.csv', 'Hubei census aggregates 2020');
  assert.equal(census.status, 'TRADEABLE');
  await gql(
    api.url,
    'mutation($id: ID!) { publishDataset(id: $id) { status } }',
    { id: census.id },
    census.token,
  );
  await listFile('weather_wuhan.csv', 'Wuhan weather 2024', 'provider2@demo.eastlake');
  await listFile('health_seniors.ndjson', 'Senior health follow-ups');
  await listFile('gps_traces.csv', 'Courier GPS traces', 'provider2@demo.eastlake');
  await listFile('company_registry.csv', 'Company registry extract');
}

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
    await seed();
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
});

// The entries' verify button (the witnesses card has one of the same name).
const verifyEntries = (page) =>
  page.getByRole('button', { name: 'Verify in browser' }).and(page.locator('.button-primary'));

describe('admin app in a real browser', () => {
  const roles = [
    {
      email: 'admin@demo.eastlake',
      role: 'Admin',
      home: '/admin/dashboard',
      review: true,
      ledger: true,
    },
    {
      email: 'regulator@demo.eastlake',
      role: 'Regulator',
      home: '/admin/dashboard',
      review: true,
      ledger: true,
    },
    {
      email: 'provider@demo.eastlake',
      role: 'Provider',
      home: '/admin/datasets',
      review: false,
      ledger: false,
    },
    {
      email: 'provider2@demo.eastlake',
      role: 'Provider',
      home: '/admin/datasets',
      review: false,
      ledger: false,
    },
    {
      email: 'buyer@demo.eastlake',
      role: 'Buyer',
      home: '/admin/datasets',
      review: false,
      ledger: false,
    },
  ];
  for (const r of roles) {
    test(
      `${r.email} signs in and sees what the ${r.role} role may use`,
      { timeout: TIMEOUT },
      async () => {
        const page = await newPage();
        await signIn(page, r.email);
        assert.match(await page.getByTestId('whoami').innerText(), new RegExp(r.role));
        await page.waitForURL(`**${r.home}`);
        const nav = page.getByRole('navigation', { name: 'Main' });
        assert.equal(
          await nav.getByRole('link', { name: 'Review queue' }).count(),
          r.review ? 1 : 0,
        );
        assert.equal(await nav.getByRole('link', { name: 'Ledger' }).count(), r.ledger ? 1 : 0);
        assert.equal(await nav.getByRole('link', { name: 'Datasets' }).count(), 1);
        if (r.email.startsWith('regulator')) {
          await page.getByRole('heading', { name: 'Regulator dashboard' }).waitFor();
          await page.locator('figure.chart svg').first().waitFor();
          // The verdicts-over-time chart: a figure named by its title (chart or empty state).
          await page
            .getByRole('figure', { name: 'Classifications by verdict, last 14 days' })
            .waitFor();
          await screenshot(page, 'regulator-dashboard');
        }
        if (r.email.startsWith('provider@')) await screenshot(page, 'provider-datasets');
        // The token is kept for the tab: a reload stays signed in.
        await page.reload();
        await page.getByTestId('whoami').waitFor();
        await page.context().close();
      },
    );
  }

  test('a wrong password shows an error and keeps the user out', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await page.goto(`${web.url}/admin/review`);
    await page.waitForURL('**/admin/login');
    await page.getByLabel('Email').fill('admin@demo.eastlake');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /UNAUTHENTICATED/);
    await screenshot(page, 'login-error');
    await page.context().close();
  });

  test('an admin reviews and approves an ambiguous listing', { timeout: TIMEOUT }, async () => {
    const title = `Resident survey ${Date.now()}`;
    const id = await listSurvey(title);
    const page = await newPage();
    await signIn(page, 'admin@demo.eastlake');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Review queue' })
      .click();
    await page.getByRole('link', { name: new RegExp(title) }).click();
    await page.waitForURL(`**/admin/review/${id}`);
    await page.getByRole('heading', { name: 'Findings' }).waitFor();
    // Findings with legal citations, per-column classification, and the masked preview.
    await page.getByText('Legal basis').first().waitFor();
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    await page.getByTestId('masked-preview').waitFor();
    assert.ok((await page.getByTestId('masked-preview').locator('tbody tr').count()) > 0);
    await screenshot(page, 'admin-review-item');

    // A rejection needs a note: refused in the page before reaching the API.
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('A rejection needs a note explaining why.').waitFor();

    await page
      .getByLabel('Note to the provider')
      .fill('Quasi-identifiers are coarse enough for this purpose.');
    await page.getByRole('button', { name: 'Approve' }).click();
    // The decision is confirmed in a dialog that spells out its consequence.
    const approve = page.getByRole('dialog', { name: `Approve “${title}”?` });
    await approve.getByText('becomes tradeable').waitFor();
    await approve.getByText('cannot be undone').waitFor();
    await approve.getByText('Quasi-identifiers are coarse enough for this purpose.').waitFor();
    await approve.getByRole('button', { name: 'Approve the listing' }).click();
    await page.getByText(`“${title}” was approved and is now tradeable.`).waitFor();
    await screenshot(page, 'admin-review-approved');

    const token = await apiLogin(api.url, 'admin@demo.eastlake');
    const { dataset } = await gql(
      api.url,
      'query($id: ID!) { dataset(id: $id) { status reviewNote } }',
      { id },
      token,
    );
    assert.equal(dataset.status, 'TRADEABLE');
    assert.equal(dataset.reviewNote, 'Quasi-identifiers are coarse enough for this purpose.');

    // The detail page shows the verdict, the reasons and the version.
    await page.goto(`${web.url}/admin/datasets/${id}`);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByText('Current version').waitFor();
    await screenshot(page, 'admin-dataset-detail');
    await page.context().close();
  });

  test('datasets can be filtered by status', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'regulator@demo.eastlake');
    await page.goto(`${web.url}/admin/datasets`);
    await page.getByTestId('datasets-table').waitFor();
    await page.getByLabel('Status').selectOption('TRADEABLE');
    await page.waitForURL('**/admin/datasets?status=TRADEABLE');
    // The URL changes a render before the new page of rows is asked for: wait for the filtered rows
    // (a timeout here, with the statuses below, is a filter that does not filter).
    await page
      .waitForFunction(() => {
        const cells = [...document.querySelectorAll('[data-testid="datasets-table"][aria-busy="false"] tbody td:nth-child(3)')];
        return cells.length > 0 && cells.every((c) => c.textContent.trim() === 'Tradeable');
      }, undefined, { timeout: 15_000 })
      .catch(() => undefined);
    const statuses = await page
      .getByTestId('datasets-table')
      .locator('tbody td:nth-child(3)')
      .allInnerTexts();
    assert.ok(statuses.length > 0);
    assert.ok(
      statuses.every((s) => s.trim() === 'Tradeable'),
      statuses.join(','),
    );
    await page.getByLabel('Status').selectOption('SUSPENDED');
    await page.getByText('No dataset matches these filters.').waitFor();
    await page.context().close();
  });

  test('a regulator verifies ledger proofs in the browser', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'regulator@demo.eastlake');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Ledger' })
      .click();
    await page.getByTestId('ledger-table').waitFor();
    await page.getByLabel('Choose entry 1', { exact: true }).check();
    await page.getByLabel('Choose entry 2', { exact: true }).check();
    await verifyEntries(page).click();
    const report = page.getByTestId('verify-report');
    await report.waitFor();
    assert.equal(await report.getAttribute('data-ok'), 'true', await report.innerText());
    assert.match(await report.innerText(), /Inclusion proof/);
    assert.match(await report.innerText(), /Head signature/);

    // The log grows (a new listing); the next run proves the kept head is a prefix.
    await listSurvey(`Ledger growth ${Date.now()}`);
    await page.getByRole('button', { name: 'Select page' }).click();
    await verifyEntries(page).click();
    await page.getByText(/Consistency proven from the kept head of size \d+/).waitFor();
    assert.equal(await report.getAttribute('data-ok'), 'true', await report.innerText());
    assert.match(await report.innerText(), /Consistency proof/);
    await screenshot(page, 'regulator-ledger-verified');

    // A forged audit path from the server is caught by the browser's own check.
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('ledgerInclusionProof')) return route.continue();
      const response = await route.fetch();
      const body = await response.json();
      const path = body.data.ledgerInclusionProof.auditPath;
      if (path.length > 0) path[0] = path[0].replace(/^./, (c) => (c === '0' ? '1' : '0'));
      await route.fulfill({ response, json: body });
    });
    await verifyEntries(page).click();
    await page.getByText('Verification FAILED').waitFor();
    assert.equal(await report.getAttribute('data-ok'), 'false');
    await screenshot(page, 'regulator-ledger-forged-proof');
    await page.context().close();
  });

  test('a buyer cannot reach the admin pages', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'buyer@demo.eastlake');
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Review queue' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Dashboard' }).count(), 0);
    for (const path of ['review', 'ledger', 'dashboard']) {
      await page.goto(`${web.url}/admin/${path}`);
      await page.getByTestId('not-allowed').waitFor();
      if (path === 'review') await screenshot(page, 'buyer-review-refused');
    }
    // The API refuses too, whatever the page shows.
    const token = await apiLogin(api.url, 'buyer@demo.eastlake');
    await assert.rejects(gql(api.url, '{ ledgerHead { treeSize } }', {}, token), /FORBIDDEN/);
    await page.context().close();
  });

  test('two edits of the create-account form before React re-renders both stay', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'admin@demo.eastlake');
    await page.goto(`${web.url}/admin/organizations`);
    const form = page.getByRole('form', { name: 'Create an account' });
    await form.getByLabel('Email').waitFor();
    // Both inputs changed in one task, as autofill (or a fast typist during a slow render) does:
    // the second handler runs before the first update has re-rendered the form.
    await page.evaluate(() => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const type = (input, value) => {
        setValue.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      };
      const formEl = document.querySelector('form[aria-labelledby="create-user-title"]');
      type(formEl.querySelector('input[type="email"]'), 'autofilled@cac.example');
      type(formEl.querySelector('input[type="password"]'), 'autofilled-password');
    });
    await page.waitForTimeout(100);
    assert.equal(await form.getByLabel('Email').inputValue(), 'autofilled@cac.example');
    assert.equal(await form.getByLabel('Password').inputValue(), 'autofilled-password');
    await page.context().close();
  });

  test(
    'an admin verifies an organization and creates a regulator',
    { timeout: TIMEOUT },
    async () => {
      const orgName = `Jianghan Data ${Date.now()}`;
      await gql(api.url, 'mutation($input: RegisterInput!) { register(input: $input) { token } }', {
        input: {
          email: `owner${Date.now()}@jianghan.example`,
          password: 'long-enough-password',
          organizationName: orgName,
          kind: 'PROVIDER',
        },
      });
      const page = await newPage();
      await signIn(page, 'admin@demo.eastlake');
      await page.goto(`${web.url}/admin/organizations`);
      const row = page.getByTestId('orgs-table').getByRole('row', { name: new RegExp(orgName) });
      await row.getByText('Unverified').waitFor();
      await page.getByRole('button', { name: `Verify ${orgName}` }).click();
      await page
        .getByRole('dialog', { name: `Verify ${orgName}?` })
        .getByRole('button', { name: 'Verify the organization' })
        .click();
      await row.getByText('Verified').waitFor();
      // The form's handlers used to rebuild its state from their render's copy, so an edit made
      // while the page re-rendered after the verification could undo the one before (the email
      // was lost about one run in three; fixed, see the test above). After the fix it failed once
      // more on a cold first run, its values not recorded: the wait stays, and the values are
      // checked before the click so a failure says which field was lost.
      await page.waitForLoadState('networkidle');

      const email = `inspector${Date.now()}@cac.example`;
      const form = page.getByRole('form', { name: 'Create an account' });
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Password').fill('inspector-password');
      await form.getByLabel('Role', { exact: true }).selectOption('REGULATOR');
      // A new organization: the picker's first choice, then its name.
      await form.getByLabel('Organization', { exact: true }).selectOption({ label: 'New organization…' });
      await form.getByLabel('New organization name').fill('Hubei Cyberspace Administration');
      assert.deepEqual(
        [await form.getByLabel('Email').inputValue(), await form.getByLabel('Password').inputValue(), await form.getByLabel('New organization name').inputValue()],
        [email, 'inspector-password', 'Hubei Cyberspace Administration'],
      );
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText(`Created ${email} in Hubei Cyberspace Administration.`).waitFor();
      await page.getByTestId('users-table').getByText(email).waitFor();
      await screenshot(page, 'admin-organizations');
      const token = await apiLogin(api.url, email, 'inspector-password');
      const { me } = await gql(api.url, '{ me { role } }', {}, token);
      assert.equal(me.role, 'REGULATOR');
      await page.context().close();
    },
  );

  test(
    'the language switches to Simplified Chinese and stays switched',
    { timeout: TIMEOUT },
    async () => {
      const page = await newPage();
      await signIn(page, 'admin@demo.eastlake');
      await page.getByLabel('Language').selectOption('zh');
      const nav = page.getByRole('navigation', { name: '主导航' });
      await nav.getByRole('link', { name: '审核队列' }).waitFor();
      assert.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN');
      await page.reload();
      await nav.getByRole('link', { name: '监管看板' }).waitFor();
      await page.getByRole('heading', { name: '监管看板' }).waitFor();
      await screenshot(page, 'admin-dashboard-zh');
      await nav.getByRole('link', { name: '审核队列' }).click();
      await page.getByRole('heading', { name: '审核队列' }).waitFor();
      await page.context().close();

      // A browser asking for Chinese gets Chinese without choosing.
      const zhPage = await newPage({ locale: 'zh-CN' });
      await zhPage.goto(`${web.url}/admin/login`);
      await zhPage.getByRole('button', { name: '登录' }).waitFor();
      await screenshot(zhPage, 'login-zh');
      await zhPage.context().close();
    },
  );

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
