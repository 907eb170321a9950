// The statutory report and cross-border pages in a real browser (issue 15): a regulator
// approves an exporter's standard-contract evidence on the Cross-border page and reads the
// period report (ledger root, PDF download); an admin sees the evidence but cannot review it
// and has no statutory report. Evidence is filed through the API. Screenshots go to
// apps/admin/test-artifacts/.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { after, before, describe, test } from 'node:test';
import { login as apiLogin } from './support/api.mjs';
import { screenshot } from './support/browser.mjs';
import { nav, startSession } from './support/session.mjs';

const TIMEOUT = 120_000;
const YEAR = new Date().getUTCFullYear();

let session;
let api;
let newPage;
let signIn;

before(
  async () => {
    session = await startSession();
    ({ api, newPage, signIn } = session);
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
  await session?.stop();
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
    const confirm = page.getByRole('dialog', { name: /^Approve the evidence of .+ for \d{4}\?$/ });
    await confirm.getByText('cannot be changed').waitFor();
    await confirm.getByRole('button', { name: 'Approve the evidence' }).click();
    await page.getByRole('status').getByText('Evidence Approved.').waitFor();
    await row.getByText('CAC filing verified (browser test)').waitFor();
    await screenshot(page, 'cross-border-approved');
    assert.deepEqual(session.pageErrors, []);
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
      assert.deepEqual(session.pageErrors, []);
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
      assert.deepEqual(session.pageErrors, []);
    },
  );
});
