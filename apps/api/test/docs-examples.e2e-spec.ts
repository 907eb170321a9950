import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { CORPUS, corpusFile } from './utils/fixtures.util.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

/**
 * Docs that run: every GraphQL and curl example of README.md and docs/api-guide.md is
 * executed against a test server, with the guide's documented placeholders ("<datasetId>",
 * $TOKEN, $ID, $URL, …) filled in by fresh objects made for that example.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DOCS = ['README.md', 'docs/api-guide.md'];

interface Example {
  doc: string;
  line: number;
  lang: 'graphql' | 'sh';
  text: string;
}

function examplesOf(doc: string): Example[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(graphql|sh|bash|shell)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    out.push({ doc, line: start, lang: open[1] === 'graphql' ? 'graphql' : 'sh', text: body.join('\n') });
  }
  return out;
}

const EXAMPLES = DOCS.flatMap(examplesOf);
const GRAPHQL = EXAMPLES.filter((e) => e.lang === 'graphql').flatMap((e) =>
  parse(e.text)
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((op) => ({ ...e, line: e.line + (op.loc?.startToken.line ?? 1) - 1, text: print(op), field: (op.selectionSet.selections[0] as { name: { value: string } }).name.value })),
);

interface Curl {
  doc: string;
  line: number;
  words: string[];
  /** The status (and body) the guide's `# 201 {…}` comment promises. */
  expectStatus?: number;
  expectBody?: string;
}

/** Shell words of one command: quotes, backslash-newlines and trailing comments as sh reads them. */
function shellWords(command: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const expand = (s: string) => s.replace(/\$([A-Z_]+)/g, (_, name: string) => {
    if (!(name in env)) throw new Error(`no value for $${name}`);
    return env[name];
  });
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === '\\' && command[i + 1] === '\n') { i++; continue; }
    if (/\s/.test(c)) { if (word !== null) words.push(word); word = null; continue; }
    if (c === '#' && word === null) break;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let s = '';
      for (i++; command[i] !== '"'; i++) s += command[i] === '\\' && /["\\$]/.test(command[i + 1]) ? command[++i] : command[i];
      word = (word ?? '') + expand(s);
    } else {
      let s = '';
      for (; i < command.length && !/[\s'"]/.test(command[i]); i++) s += command[i];
      i--;
      word = (word ?? '') + expand(s);
    }
  }
  if (word !== null) words.push(word);
  return words;
}

const CURLS: Array<Omit<Curl, 'words'> & { command: string }> = EXAMPLES.filter((e) => e.lang === 'sh').flatMap((e) => {
  const lines = e.text.split('\n');
  const out: Array<Omit<Curl, 'words'> & { command: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^curl\s/.test(lines[i].trim())) continue;
    const start = i;
    let command = lines[i];
    while (/\\\s*$/.test(lines[i]) && i + 1 < lines.length) command += '\n' + lines[++i];
    const promise = /^#\s*(\d{3})\s*(.*)$/.exec(lines[i + 1]?.trim() ?? '');
    out.push({ doc: e.doc, line: e.line + start, command, expectStatus: promise ? Number(promise[1]) : undefined, expectBody: promise?.[2] || undefined });
  }
  return out;
});

/** Every documented key is there; values other than "…" are equal. */
function expectDocumentedBody(actual: unknown, documented: string | undefined): void {
  if (!documented) return;
  let want: Record<string, unknown>;
  try {
    want = JSON.parse(documented) as Record<string, unknown>;
  } catch {
    return; // prose, not JSON
  }
  const got = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(want)) {
    expect(got).toHaveProperty(key);
    if (value !== '…') expect(got[key]).toEqual(value);
  }
}

const MANIFEST = corpusFile('wine_customers.consent.csv');
const KEYS = MANIFEST.toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
/** The files the shell examples name, from the corpus. */
const FILES: Record<string, Buffer> = {
  'weather.csv': corpusFile('weather_wuhan.csv'),
  'consent.csv': MANIFEST,
  'withdrawn-keys.txt': Buffer.from(`${KEYS[10]}\n${KEYS[11]}\n`),
};

describe('the documentation’s examples run (e2e)', () => {
  let t: TestApp;
  let accounts: Record<'provider' | 'buyer' | 'regulator' | 'admin', TestAccount>;
  let wine: string;

  const publish = (id: string) => t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id }, accounts.provider.token);
  const listed = async (file: string, title: string) => {
    const id = await createDataset(t, accounts.provider.token, { title, region: 'CN-HB' });
    expect((await putFile(t, accounts.provider.token, id, corpusFile(file))).status).toBe(201);
    await waitForClassification(t, accounts.provider.token, id);
    return id;
  };
  const consented = async (title: string) => {
    const id = await listed('wine_customers.csv', title);
    const res = await t.http().put(`/api/datasets/${id}/consents`).set('authorization', `Bearer ${accounts.provider.token}`).set('content-type', 'text/csv').send(MANIFEST);
    expect(res.status).toBe(201);
    expect((await waitForClassification(t, accounts.provider.token, id)).status).toBe('TRADEABLE');
    await publish(id);
    return id;
  };
  const pendingRequest = async () => {
    const res = await t.gql<{ requestAccess: { id: string; status: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "marketing", durationDays: 30, region: "CN" }) { id status } }`,
      { d: wine },
      accounts.buyer.token,
    );
    expect(res.data!.requestAccess.status).toBe('PENDING');
    return res.data!.requestAccess.id;
  };
  const grant = async () => {
    const res = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id: await pendingRequest() }, accounts.provider.token);
    return res.data!.decideAccessRequest.grant.id;
  };

  /** Who runs an operation, by its root field. */
  const ROLE: Record<string, keyof typeof accounts | null> = {
    register: null, login: null, me: 'buyer',
    createDataset: 'provider', publishDataset: 'provider', dataset: 'provider', datasets: 'buyer', reviewDataset: 'admin',
    revokeConsent: 'provider', requestAccess: 'buyer', decideAccessRequest: 'provider', revokeGrant: 'provider',
    issueDownloadToken: 'buyer', accessRequests: 'buyer', grants: 'buyer',
    ledgerHead: 'regulator', ledgerEntries: 'regulator', ledgerInclusionProof: 'regulator', ledgerConsistencyProof: 'regulator',
    verifyLedger: 'regulator', transactions: 'regulator', riskFlags: 'regulator', complianceReport: 'regulator',
    offerAggregateQueries: 'provider', reviewQueryOffer: 'admin', queryableColumns: 'buyer', runAggregateQuery: 'buyer', setGrantQueryPolicy: 'provider',
    setDatasetPrice: 'provider', orders: 'buyer', setInsiderStatus: 'regulator', insiderStatuses: 'regulator', tierPositions: 'regulator',
    crossBorderPositions: 'regulator', crossBorderEvidence: 'regulator', statutoryReport: 'regulator',
  };

  /** A survey listing (AMBIGUOUS) offered for queries; reviewed and published when asked; the buyer's QUERY grant on it. */
  const queryOffered = async (title: string) => {
    const id = await listed('survey_quasi.csv', title);
    await t.gql(`mutation($d: ID!) { offerAggregateQueries(datasetId: $d) { status } }`, { d: id }, accounts.provider.token);
    return id;
  };
  const queryGrant = async () => {
    const d = await queryOffered('survey, query grant');
    await t.gql(`mutation($d: ID!) { reviewQueryOffer(datasetId: $d, approve: true) { status } }`, { d }, accounts.admin.token);
    await publish(d);
    const req = await t.gql<{ requestAccess: { id: string } }>(
      `mutation($d: ID!) { requestAccess(input: { datasetId: $d, purpose: "research", durationDays: 30, region: "CN", mode: QUERY }) { id } }`,
      { d },
      accounts.buyer.token,
    );
    const res = await t.gql<{ decideAccessRequest: { grant: { id: string } } }>(`mutation($id: ID!) { decideAccessRequest(id: $id, approve: true) { grant { id } } }`, { id: req.data!.requestAccess.id }, accounts.provider.token);
    return res.data!.decideAccessRequest.grant.id;
  };

  /** Fresh values for the placeholders of one operation. */
  const placeholdersFor = async (field: string): Promise<Record<string, string>> => {
    switch (field) {
      case 'publishDataset':
        return { datasetId: await listed('weather_wuhan.csv', 'weather to publish') };
      case 'reviewDataset': {
        const id = await listed('survey_quasi.csv', 'survey to review');
        return { datasetId: id };
      }
      case 'revokeConsent':
        return { datasetId: await consented('wine, consent to withdraw'), subjectKey: KEYS[0] };
      case 'decideAccessRequest':
        return { requestId: await pendingRequest() };
      case 'revokeGrant':
      case 'issueDownloadToken':
        return { grantId: await grant() };
      case 'datasets': {
        const page = await t.gql<{ datasets: { pageInfo: { endCursor: string } } }>(`{ datasets(first: 1) { pageInfo { endCursor } } }`, {}, accounts.buyer.token);
        return { endCursor: page.data!.datasets.pageInfo.endCursor };
      }
      case 'transactions':
        return { organizationId: accounts.buyer.organizationId, datasetId: wine };
      case 'setInsiderStatus':
        return { organizationId: accounts.buyer.organizationId };
      case 'offerAggregateQueries':
        return { datasetId: await listed('survey_quasi.csv', 'survey to offer for queries') };
      case 'reviewQueryOffer':
        return { datasetId: await queryOffered('survey, query offer to review') };
      case 'queryableColumns':
      case 'runAggregateQuery':
      case 'setGrantQueryPolicy':
        return { grantId: await queryGrant() };
      default:
        return { datasetId: wine };
    }
  };

  /** The shell variables of one curl example, by its route. */
  const envFor = async (command: string): Promise<Record<string, string>> => {
    if (command.includes('/consents/revocations')) return { TOKEN: accounts.provider.token, ID: await consented('wine, bulk withdrawal') };
    if (command.includes('/consents')) return { TOKEN: accounts.provider.token, ID: await listed('wine_customers.csv', 'wine, consent to attach') };
    if (command.includes('/file')) return { TOKEN: accounts.provider.token, ID: await createDataset(t, accounts.provider.token, { title: 'upload' }) };
    if (command.includes('$URL')) {
      const res = await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: await grant() }, accounts.buyer.token);
      return { TOKEN: accounts.buyer.token, URL: res.data!.issueDownloadToken.url };
    }
    if (/\/api\/(ledger|regulator)\//.test(command)) return { TOKEN: accounts.regulator.token };
    return {};
  };

  beforeAll(async () => {
    t = await createTestApp();
    accounts = {
      provider: await login(t, 'provider@demo.eastlake'),
      buyer: await login(t, 'buyer@demo.eastlake'),
      regulator: await loginRegulator(t),
      admin: await loginAdmin(t),
    };
    wine = await consented('wine customers, consented');
    // A delivery, so the regulator's examples have a transaction to show.
    const url = (await t.gql<{ issueDownloadToken: { url: string } }>(`mutation($g: ID!) { issueDownloadToken(grantId: $g) { url } }`, { g: await grant() }, accounts.buyer.token)).data!.issueDownloadToken.url;
    expect((await t.http().get(url).set('authorization', `Bearer ${accounts.buyer.token}`)).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('finds the examples', () => {
    expect(GRAPHQL.length).toBeGreaterThan(20);
    expect(CURLS.length).toBeGreaterThanOrEqual(5);
    expect(CURLS.map((c) => c.command).join('\n')).toMatch(/--data-binary[\s\S]*\/file[\s\S]*\/consents[\s\S]*\$URL/);
    expect(readFileSync(join(CORPUS, 'expected.json')).length).toBeGreaterThan(0);
  });

  it.each(GRAPHQL.map((g) => [`${g.doc}:${g.line} ${g.field}`, g] as const))('GraphQL %s', async (_name, example) => {
    if (!(example.field in ROLE)) throw new Error(`${example.doc}:${example.line}: say in ROLE who runs ${example.field}`);
    const values = await placeholdersFor(example.field);
    const query = example.text.replace(/"<([A-Za-z]+)>"/g, (whole, name: string) => {
      if (!(name in values)) throw new Error(`${example.doc}:${example.line}: no value for the placeholder ${whole}`);
      return JSON.stringify(values[name]);
    });
    const role = ROLE[example.field];
    const res = await t.gql(query, {}, role ? accounts[role].token : undefined);
    expect({ status: res.status, errors: res.errors }).toEqual({ status: 200, errors: undefined });
    expect(res.data?.[example.field]).toBeTruthy();
  });

  it.each(CURLS.map((c) => [`${c.doc}:${c.line}`, c] as const))('curl %s', async (_name, example) => {
    const words = shellWords(example.command, await envFor(example.command));
    let method: string | undefined;
    let url: string | undefined;
    let body: Buffer | string | undefined;
    const headers: Record<string, string> = {};
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (w === '-X' || w === '--request') method = words[++i];
      else if (w === '-H' || w === '--header') {
        const [name, ...rest] = words[++i].split(':');
        headers[name.trim().toLowerCase()] = rest.join(':').trim();
      } else if (w === '-d' || w === '--data' || w === '--data-raw' || w === '--data-binary') {
        const data = words[++i];
        if (data.startsWith('@') && w !== '--data-raw') {
          const file = FILES[data.slice(1)];
          if (!file) throw new Error(`${example.doc}:${example.line}: add ${data.slice(1)} to FILES`);
          body = file;
        } else body = data;
      } else if (w === '-o' || w === '--output') i++;
      else if (/^-[sSfiLv]+$/.test(w) || w === '--silent' || w === '--fail') continue;
      else if (w.startsWith('-')) throw new Error(`${example.doc}:${example.line}: the test does not know the curl option ${w}`);
      else url = w;
    }
    if (!url) throw new Error(`${example.doc}:${example.line}: no URL`);
    // As curl does: data means POST and, unless a header says otherwise, a form content type.
    if (body && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded';
    const path = new URL(url.startsWith('http') ? url : `http://${url}`).pathname;
    const verb = (method ?? (body ? 'POST' : 'GET')).toLowerCase() as 'get' | 'post' | 'put';
    let req = t.http()[verb](path);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = await (body ? req.send(body) : req);
    const ok = example.expectStatus ? res.status === example.expectStatus : res.status < 300;
    if (!ok) throw new Error(`${example.doc}:${example.line}: ${res.status} ${res.text.slice(0, 500)}`);
    if (path === '/graphql') expect(res.body.errors).toBeUndefined();
    expectDocumentedBody(res.body, example.expectBody);
  });
});
