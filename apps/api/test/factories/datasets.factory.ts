import { readFileSync } from 'node:fs';
import type { TestApp } from '../utils/create-test-app.js';

export const DATASET_FIELDS = `id title status region reviewNote
  classification { verdict rows engineVersion reasons { code severity column message citations remediation }
                   columns { name category types { type matches ratio } } exposure { type distinct tier } }
  classificationJob { state progress attempts error }`;

export interface DatasetView {
  id: string;
  title: string;
  status: string;
  reviewNote: string | null;
  classification: null | {
    verdict: string;
    rows: number;
    engineVersion: string;
    reasons: Array<{ code: string; severity: string; column: string | null; citations: string[]; remediation: string }>;
    columns: Array<{ name: string; category: string; types: Array<{ type: string; matches: number; ratio: number }> }>;
  };
  classificationJob: null | { state: string; progress: number; attempts: number; error: string | null };
}

/** The rights declaration createDataset requires; a provider holding every right. */
export const ALL_RIGHTS = { holding: true, processing: true, operation: true };

export async function createDataset(
  t: TestApp,
  token: string,
  overrides: Partial<{ title: string; region: string; provenance: string; description: string; parentGrantId: string; rights: { holding: boolean; processing: boolean; operation: boolean } }> = {},
): Promise<string> {
  const res = await t.gql<{ createDataset: { id: string } }>(
    `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
    { input: { title: 'Test dataset', description: 'for tests', region: 'CN', provenance: 'COLLECTED', rights: ALL_RIGHTS, ...overrides } },
    token,
  );
  if (!res.data?.createDataset) throw new Error(`createDataset failed: ${JSON.stringify(res.errors)}`);
  return res.data.createDataset.id;
}

export function putFile(t: TestApp, token: string, datasetId: string, body: Buffer | string) {
  return t
    .http()
    .put(`/api/datasets/${datasetId}/file`)
    .set('authorization', `Bearer ${token}`)
    .set('content-type', 'application/octet-stream')
    .send(typeof body === 'string' ? Buffer.from(body) : body);
}

export async function getDataset(t: TestApp, token: string, id: string, fields = DATASET_FIELDS): Promise<DatasetView> {
  const res = await t.gql<{ dataset: DatasetView }>(`query($id: ID!) { dataset(id: $id) { ${fields} } }`, { id }, token);
  if (!res.data?.dataset) throw new Error(`dataset ${id}: ${JSON.stringify(res.errors)}`);
  return res.data.dataset;
}

/** Polls until the current version's job has finished (the API runs it by itself). */
export async function waitForClassification(t: TestApp, token: string, id: string, timeoutMs = 60_000): Promise<DatasetView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const d = await getDataset(t, token, id);
    if (d.classificationJob && ['COMPLETED', 'FAILED'].includes(d.classificationJob.state) && d.status !== 'CLASSIFYING') return d;
    if (Date.now() > until) throw new Error(`dataset ${id} still ${d.status} (${JSON.stringify(d.classificationJob)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates a dataset, uploads `file` and waits for its verdict. */
export async function uploadDataset(t: TestApp, token: string, file: string, title = file): Promise<DatasetView> {
  const id = await createDataset(t, token, { title });
  const res = await putFile(t, token, id, readFileSync(file));
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return waitForClassification(t, token, id);
}
