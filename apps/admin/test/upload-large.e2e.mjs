// A large upload through the provider studio in a real browser: a generated 40 MB CSV goes
// up as one streamed XHR PUT while the progress bar passes intermediate values (recorded in
// the page as they render; the upload is throttled to 16 MB/s with Chromium's network
// emulation so that a loopback upload lasts long enough to be watched), then the
// classifier's report appears as the data dictionary. The listing is created through the
// API; the file is written to a temporary folder and removed afterwards.
/* global window, document, MutationObserver -- in page.evaluate, run in the browser */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gql, login as apiLogin } from './support/api.mjs';
import { screenshot } from './support/browser.mjs';
import { startSession } from './support/session.mjs';

const TIMEOUT = 300_000;
const TARGET_BYTES = 40 * 1024 * 1024;
const DISTRICTS = ['江岸区', '江汉区', '硚口区', '汉阳区', '武昌区', '青山区', '洪山区'];

let session;
let dir;
let file;
let datasetId;

/** Daily sales per district and product line: no personal information, ~40 MB. */
function writeSales(path) {
  const lines = ['day,district,product,units,revenue_fen'];
  let bytes = lines[0].length + 1;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 366) * 86_400_000).toISOString().slice(0, 10);
    const line = `${day},${DISTRICTS[i % DISTRICTS.length]},line-${i % 97},${(i * 7) % 500},${(i * 7919) % 1_000_000}`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

before(
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'eastlake-large-upload-'));
    file = join(dir, 'district_sales_large.csv');
    writeSales(file);
    session = await startSession();
    const token = await apiLogin(session.api.url, 'provider@demo.eastlake');
    const { createDataset } = await gql(
      session.api.url,
      'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }',
      {
        input: {
          title: 'District sales (large upload e2e)',
          description: 'Daily sales per district, generated for the large-upload browser test',
          region: 'CN-HB',
          provenance: 'COLLECTED',
          rights: { holding: true, processing: true, operation: true },
        },
      },
      token,
    );
    datasetId = createDataset.id;
  },
  { timeout: TIMEOUT },
);

after(async () => {
  await session?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a large upload in the provider studio', () => {
  test('a 40 MB CSV: the progress bar moves through intermediate values, then the report appears', { timeout: TIMEOUT }, async () => {
    const bytes = statSync(file).size;
    assert.ok(bytes >= TARGET_BYTES, `the generated file has ${bytes} bytes`);
    const page = await session.newPage();
    await session.signIn(page, 'provider@demo.eastlake');
    await page.goto(`${session.web.url}/admin/datasets/${datasetId}/studio`);
    await page.getByLabel('Dataset file').waitFor();
    // Every value the upload bar shows, as rendered.
    await page.evaluate(() => {
      const seen = [];
      window.__uploadProgress = seen;
      const record = () => {
        const bar = document.querySelector('progress[aria-label="Upload progress"]');
        const v = bar?.getAttribute('aria-valuetext');
        if (v && seen[seen.length - 1] !== v) seen.push(v);
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuetext'],
      });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 16 * 1024 * 1024,
    });
    await page.getByLabel('Dataset file').setInputFiles(file);
    const started = Date.now();
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('district_sales_large.csv uploaded.').waitFor({ timeout: 120_000 });
    const uploadMs = Date.now() - started;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const seen = await page.evaluate(() => window.__uploadProgress);
    const percents = seen.map((v) => Number.parseInt(v, 10));
    const intermediate = percents.filter((p) => p > 0 && p < 100);
    console.log(`# upload of ${bytes} bytes took ${uploadMs} ms; the bar showed ${seen.join(' ')}`);
    assert.ok(intermediate.length >= 2, `intermediate values: ${seen.join(', ')}`);
    assert.deepEqual([...percents].sort((a, b) => a - b), percents, 'the bar never goes back');
    assert.equal(percents[percents.length - 1], 100);

    // The classifier's report, as the data dictionary, once the job has run.
    await page.locator('[data-testid="studio"][data-running="false"]').waitFor({ timeout: 240_000 });
    const dictionary = page.getByTestId('data-dictionary');
    await dictionary.waitFor();
    await dictionary.getByRole('rowheader', { name: 'district', exact: true }).waitFor();
    await page.getByTestId('versions-table').getByRole('rowheader', { name: /^1 · current/ }).waitFor();
    await screenshot(page, 'studio-large-upload');
    assert.deepEqual(session.pageErrors, []);
    await page.context().close();
  });
});
