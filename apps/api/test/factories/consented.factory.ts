import { subjectKeyFor } from '@eastlake/classifier';
import type { TestApp } from '../utils/create-test-app.js';
import { createDataset, putFile, waitForClassification } from './datasets.factory.js';

/** A valid A-share style securities account number (A + 9 digits). */
const account = (i: number) => `A${String(100000000 + i * 7907).slice(-9)}`;
const mobile = (i: number) => `139${String(10000000 + i * 7919).padStart(8, '0').slice(-8)}`;

/**
 * A published dataset of `rows` shareholders (mobiles + securities accounts, subjects
 * numbered from `offset`: different organizations' lists must not share people, or
 * resale detection rightly sends them to review) whose
 * consent manifest covers every row for `purpose`: tradeable, with a credit/property
 * exposure (STOCK_ACCOUNT, 50-item tier) the regulator views count.
 */
export async function publishConsentedShareholders(t: TestApp, token: string, title: string, rows = 60, offset = 0, purpose = 'research'): Promise<string> {
  const lines = ['mobile,股东账户,shares'];
  const manifest = ['subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at'];
  for (let n = 0; n < rows; n++) {
    const i = offset + n;
    lines.push(`${mobile(i)},${account(i)},${100 + n}`);
    manifest.push(`${subjectKeyFor('CN_MOBILE', mobile(i))},${purpose},true,true,2099-01-01T00:00:00Z,`);
  }
  const id = await createDataset(t, token, { title });
  const upload = await putFile(t, token, id, lines.join('\n') + '\n');
  if (upload.status !== 201) throw new Error(`upload: ${upload.status}`);
  await waitForClassification(t, token, id);
  const res = await t.http().put(`/api/datasets/${id}/consents`).set('authorization', `Bearer ${token}`).send(Buffer.from(manifest.join('\n') + '\n'));
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
  const d = await waitForClassification(t, token, id);
  if (d.status !== 'TRADEABLE') throw new Error(`expected TRADEABLE, got ${d.status}: ${JSON.stringify(d.classification?.reasons.map((r) => r.code))}`);
  const pub = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, token);
  if (pub.data?.publishDataset.status !== 'PUBLISHED') throw new Error(`publish: ${JSON.stringify(pub.errors)}`);
  return id;
}

/**
 * Uploads customers with the given subject indices (mobiles), attaches a manifest covering
 * every row, and returns the dataset id and status after reclassification.
 */
export async function uploadConsentedCustomers(
  t: TestApp,
  token: string,
  title: string,
  indices: number[],
  input: { provenance?: string; parentGrantId?: string } = {},
): Promise<{ id: string; status: string; reasons: string[] }> {
  const lines = ['mobile,city,amount'];
  const manifest = ['subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at'];
  for (const i of indices) {
    lines.push(`${mobile(i)},武汉,${i % 500}`);
    manifest.push(`${subjectKeyFor('CN_MOBILE', mobile(i))},marketing,true,false,2099-01-01T00:00:00Z,`);
  }
  const id = await createDataset(t, token, { title, ...input });
  if ((await putFile(t, token, id, lines.join('\n') + '\n')).status !== 201) throw new Error('upload failed');
  await waitForClassification(t, token, id);
  const res = await t.http().put(`/api/datasets/${id}/consents`).set('authorization', `Bearer ${token}`).send(Buffer.from(manifest.join('\n') + '\n'));
  if (res.status !== 201) throw new Error(`consent: ${res.status}`);
  const d = await waitForClassification(t, token, id);
  return { id, status: d.status, reasons: d.classification?.reasons.map((r) => r.code) ?? [] };
}

/** Buyer requests, provider approves, buyer downloads once. */
export async function buyAndDeliver(t: TestApp, buyerToken: string, providerToken: string, datasetId: string, purpose = 'research'): Promise<string> {
  const req = await t.gql<{ requestAccess: { id: string; status: string; reasons: string[] } }>(
    `mutation($d: ID!, $p: String!) { requestAccess(input: { datasetId: $d, purpose: $p, durationDays: 30, region: "CN" }) { id status reasons } }`,
    { d: datasetId, p: purpose },
    buyerToken,
  );
  if (req.data?.requestAccess.status !== 'PENDING') throw new Error(`request: ${JSON.stringify(req.data ?? req.errors)}`);
  const decided = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(
    `mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`,
    { id: req.data.requestAccess.id },
    providerToken,
  );
  const grantId = decided.data!.decideAccessRequest.grant.id;
  const token = await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: grantId }, buyerToken);
  const res = await t.http().get(token.data!.issueDownloadToken.url).set('authorization', `Bearer ${buyerToken}`);
  if (res.status !== 200) throw new Error(`download: ${res.status}`);
  return grantId;
}
