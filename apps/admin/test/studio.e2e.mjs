// The provider journey in a real browser, through the UI only: register an organization,
// create a dataset with the "New dataset" wizard, upload it with a progress bar, read the
// report as a data dictionary, mask a column, attach a consent manifest (template and
// in-browser subject keys), keep the consented rows, publish; the versions list shows the
// lineage. A platform admin verifies the new organization in the UI too.
// Screenshots go to apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './support/admin-server.mjs';
import { startApi } from './support/api.mjs';
import { ARTIFACTS, launchBrowser, screenshot } from './support/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../dist');
const TIMEOUT = 180_000;
const STAMP = Date.now();
const ORG = `Lakeside Wine Club ${STAMP}`;
const EMAIL = `owner${STAMP}@lakeside.example`;
const PASSWORD = 'lakeside-password';
const TITLE = `Lakeside club members, studio e2e ${STAMP}`;

const MEMBERS = join(ARTIFACTS, 'lakeside_members.csv');
const HALF_CONSENT = join(ARTIFACTS, 'lakeside_members.half.consent.csv');
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟'];
const phoneOf = (i) => `139${String(27_000_000 + i * 7919).padStart(8, '0')}`;

/** 300 club members (name, mobile, street address, spend) and consent for the first 150. */
function writeMembers() {
  const rows = ['name,phone,address,spend_cny'];
  const consent = ['subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at'];
  for (let i = 0; i < 300; i++) {
    const name = `${SURNAMES[i % 10]}${GIVEN[(i * 7) % 12]}${GIVEN[(i * 5 + 3) % 12]}`;
    rows.push(`${name},${phoneOf(i)},湖北省武汉市洪山区珞喻路${100 + i}号${1 + (i % 30)}栋${1 + (i % 4)}单元${101 + (i % 20)}室,${(i * 37) % 900 + 50}`);
    if (i < 150) consent.push(`${createHash('sha256').update(phoneOf(i)).digest('hex')},marketing,true,false,2030-12-31T00:00:00Z,`);
  }
  writeFileSync(MEMBERS, `${rows.join('\n')}\n`);
  writeFileSync(HALF_CONSENT, `${consent.join('\n')}\n`);
}

let api;
let web;
let browser;
const pageErrors = [];

async function newPage(locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
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

/** Waits until the studio shows a verdict for version `n` (classification finished). */
async function waitForVersionClassified(page, n) {
  await page.getByTestId('versions-table').getByRole('rowheader', { name: new RegExp(`^${n} · current`) }).waitFor();
  await page.getByTestId('data-dictionary').waitFor();
  await page.locator('[data-testid="studio"][data-running="false"]').waitFor({ timeout: 60_000 });
}

before(
  async () => {
    api = await startApi();
    web = await adminOrigin();
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
    writeMembers();
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
});

describe('the provider studio in a real browser', () => {
  test('a provider registers an organization from the sign-in page', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await page.goto(`${web.url}/admin/login`);
    await page.getByRole('link', { name: 'Register an organization' }).click();
    await page.getByLabel('Organization name').fill(ORG);
    await page.getByLabel('Provides data').check();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, 'studio-register');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('whoami').getByText(EMAIL).waitFor();
    await page.waitForURL('**/admin/datasets');
    await page.getByRole('button', { name: 'New dataset' }).waitFor();
    await page.context().close();
  });

  test('a platform admin verifies the new organization, confirming first', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    await signIn(page, 'admin@demo.eastlake');
    await page.goto(`${web.url}/admin/organizations`);
    await page.getByRole('button', { name: `Verify ${ORG}` }).click();
    const dialog = page.getByRole('dialog', { name: `Verify ${ORG}?` });
    await dialog.getByText('cannot be undone here').waitFor();
    await screenshot(page, 'studio-admin-verify-confirm');
    await dialog.getByRole('button', { name: 'Verify the organization' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: new RegExp(ORG) });
    await row.getByText('admin@demo.eastlake').waitFor();
    await page.context().close();
  });

  test('New dataset → upload → report → mask → consent → covered subset → publish', { timeout: TIMEOUT }, async () => {
    const page = await newPage();
    try {
      await journey(page);
    } catch (error) {
      await screenshot(page, 'studio-failure');
      throw error;
    }
    await page.context().close();
  });

  async function journey(page) {
    await signIn(page, EMAIL, PASSWORD);
    await page.goto(`${web.url}/admin/datasets`);
    await page.getByRole('button', { name: 'New dataset' }).click();
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Description').fill('Members of the wine club with their phone and address.');
    await page.getByLabel('Region').fill('CN-HB');
    await page.getByLabel('Provenance').selectOption('ACQUIRED');
    // Acquired data names the grant it came from.
    await page.getByLabel('Parent grant').waitFor();
    await page.getByLabel('Provenance').selectOption('COLLECTED');
    assert.equal(await page.getByLabel('Parent grant').count(), 0);
    await page.getByLabel('Resource holding right').check();
    await page.getByLabel('Processing and use right').check();
    await page.getByLabel('Product operation right').check();
    await screenshot(page, 'studio-new-dataset');
    await page.getByRole('button', { name: 'Create dataset' }).click();
    await page.waitForURL('**/admin/datasets/*/studio');

    // Upload: XHR PUT of the file with a progress bar.
    await page.getByLabel('Dataset file').setInputFiles(MEMBERS);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('lakeside_members.csv uploaded.').waitFor();
    const bar = page.getByRole('progressbar', { name: 'Upload progress' });
    assert.equal(await bar.getAttribute('aria-valuetext'), '100%');
    await waitForVersionClassified(page, 1);
    const job = page.getByRole('progressbar', { name: 'Classification progress' });
    assert.equal(await job.getAttribute('aria-valuetext'), '100%');

    // The report as a data dictionary: columns, categories, findings with citations, fixes.
    const dictionary = page.getByTestId('data-dictionary');
    const phone = dictionary.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'phone', exact: true }) });
    await phone.getByText('Direct identifier').waitFor();
    await phone.getByText(/CN_MOBILE/).waitFor();
    await phone.getByText(/PIPL/).first().waitFor();
    await phone.getByRole('button', { name: 'Mask column phone' }).waitFor();
    await page.getByRole('heading', { name: /Data dictionary/ }).getByText('Untradeable').waitFor();
    await screenshot(page, 'studio-report-v1');

    // Mask the address: version 2, derived from version 1, reclassified.
    const address = dictionary.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'address', exact: true }) });
    await address.getByRole('button', { name: 'Mask column address' }).click();
    await page.getByText('“Mask column address” applied: version 2 is being classified.').waitFor();
    await waitForVersionClassified(page, 2);
    const versions = page.getByTestId('versions-table');
    await versions.getByRole('row', { name: /^2 · current/ }).getByText('From version 1').waitFor();
    await versions.getByRole('row', { name: /^2 · current/ }).getByText('masked address').waitFor();

    // The manifest template downloads as a CSV with the manifest's header.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download template' }).click(),
    ]);
    assert.equal(template.suggestedFilename(), 'consent-manifest-template.csv');
    const templatePath = join(ARTIFACTS, 'consent-manifest-template.csv');
    await template.saveAs(templatePath);
    assert.equal(readFileSync(templatePath, 'utf8').trim(), 'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at');

    // The subject-key helper hashes in the browser exactly as the classifier does.
    await page.getByText('Subject-key helper').click();
    const first = phoneOf(0);
    await page
      .getByLabel('Identifiers, one per line')
      .fill(`+86 ${first.slice(0, 3)} ${first.slice(3, 7)} ${first.slice(7)}\nnot-a-phone`);
    await page.getByRole('button', { name: 'Compute subject keys' }).click();
    await page.getByText('1 subject keys computed; 1 lines were not valid identifiers of this type.').waitFor();
    const expected = createHash('sha256').update(first).digest('hex');
    assert.equal((await page.getByLabel('Subject keys').inputValue()).trim(), expected);
    // The same key is in the manifest for this member.
    assert.match(readFileSync(HALF_CONSENT, 'utf8'), new RegExp(expected));

    // Attach a manifest covering half of the members.
    await page.getByLabel('Consent manifest').setInputFiles(HALF_CONSENT);
    await page.getByRole('button', { name: 'Attach consent' }).click();
    await page.getByText('lakeside_members.half.consent.csv uploaded.').waitFor();
    await page.getByTestId('consent-coverage').getByText(/For marketing: 150 of 300 rows covered/).waitFor();
    await page.locator('[data-testid="studio"][data-running="false"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'studio-consent-partial');

    // Keep the consented rows: version 3, which carries the manifest and is tradeable.
    await page.getByRole('button', { name: 'Keep the 150 consented rows for marketing' }).click();
    await page.getByText(/applied: version 3 is being classified/).waitFor();
    await waitForVersionClassified(page, 3);
    await versions.getByRole('row', { name: /^3 · current/ }).getByText('consented rows for marketing').waitFor();
    await versions.getByRole('row', { name: /^3 · current/ }).getByRole('cell', { name: '150', exact: true }).waitFor();
    await page.getByRole('heading', { name: new RegExp(TITLE) }).getByText('Tradeable').waitFor();
    await screenshot(page, 'studio-subset-tradeable');

    // Publish: what it means is said beside the button.
    await page.getByText(/Buyers will see the listing, its terms and its region \(CN-HB\)/).waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published: buyers can find this listing and request access.').waitFor();
    await page.getByRole('heading', { name: new RegExp(TITLE) }).getByText('Published').waitFor();
    assert.equal(await versions.locator('tbody tr').count(), 3);
    await screenshot(page, 'studio-published');
  }

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
