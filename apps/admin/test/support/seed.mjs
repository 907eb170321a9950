// Seeding through the API for the browser tests: a provider lists a corpus file and waits
// for the classifier's verdict.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gql, login } from './api.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const CORPUS = process.env.EASTLAKE_CORPUS ?? resolve(here, '../../../../fixtures/corpus');

export async function waitForVerdict(apiUrl, token, id, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let status;
  while (Date.now() < deadline) {
    ({
      dataset: { status },
    } = await gql(apiUrl, 'query($id: ID!) { dataset(id: $id) { status } }', { id }, token));
    if (!['DRAFT', 'CLASSIFYING'].includes(status)) return status;
    await new Promise((ok) => setTimeout(ok, 300));
  }
  throw new Error(`dataset ${id} is still ${status}`);
}

/** A provider lists a corpus file through the API and waits for the classifier's verdict. */
export async function listFile(apiUrl, file, title, email = 'provider@demo.eastlake') {
  const token = await login(apiUrl, email);
  const { createDataset } = await gql(
    apiUrl,
    'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }',
    { input: { title, description: `${file} (e2e)`, region: 'CN-HB', provenance: 'COLLECTED', rights: { holding: true, processing: true, operation: true } } },
    token,
  );
  const res = await fetch(`${apiUrl}/api/datasets/${createDataset.id}/file`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: readFileSync(resolve(CORPUS, file)),
  });
  assert.equal(res.status, 201, await res.text());
  return {
    id: createDataset.id,
    token,
    status: await waitForVerdict(apiUrl, token, createDataset.id),
  };
}

export async function publish(apiUrl, id, token) {
  const { publishDataset } = await gql(
    apiUrl,
    'mutation($id: ID!) { publishDataset(id: $id) { status } }',
    { id },
    token,
  );
  return publishDataset.status;
}
