import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKey } from '@eastlake/ledger/node';
import type { Response } from 'supertest';
import { GRAPHQL_MAX_DIRECTIVES, GRAPHQL_MAX_TOKENS } from '../src/common/graphql/graphql-limits.js';
import { codeOf, createTestApp, type GqlResult, type TestApp } from './utils/create-test-app.js';
import { LOGIN, REGISTER, createProvider, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, putFile, waitForClassification } from './factories/datasets.factory.js';

/**
 * The OWASP GraphQL cheat sheet, item by item, against a production-mode app with the
 * default limits (depth 10, aliases 15, cost 5,000, 5,000 tokens, 20 directives): every
 * refusal is a GraphQL error with a code and a message a person can act on (or an HTTP
 * status with a JSON message), answered quickly, never a 500, a stack trace or a hang.
 */
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-for-the-security-suite',
  SEED_DEMO: 'false',
  LEDGER_SIGNING_KEY: generateSigningKey().privateKeyPem,
};

type Gql = GqlResult & { ms: number };

/** Past the suite's UPLOAD_MAX_BYTES (1 MiB). */
const TOO_BIG_UPLOAD = 'a,b\n'.repeat(300_000);

/** The refusal's first error, checked to be one a person can act on. */
function refused(res: Gql, status = 400): { message: string; code?: string; limit?: unknown } {
  expect(res.status).toBe(status);
  expect(res.data ?? undefined).toBeUndefined();
  const first = res.errors?.[0];
  expect(first).toBeDefined();
  expect(typeof first!.extensions?.code).toBe('string');
  expect(first!.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|\bat .*\.[cm]?js|Maximum call stack|Syntax Error: (Aliases|Query|Directives)/);
  expect(res.ms).toBeLessThan(5000);
  return { message: first!.message, code: first!.extensions?.code, limit: first!.extensions?.limit };
}

describe('GraphQL security: the OWASP GraphQL cheat sheet (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;

  const post = async (body: unknown, token?: string): Promise<Gql> => {
    const started = Date.now();
    const req = t.http().post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send(JSON.stringify(body));
    return { status: res.status, ...(res.body as object), ms: Date.now() - started };
  };
  const gql = (query: string, variables?: Record<string, unknown>, token?: string) => post({ query, variables }, token);
  const count = async (table: string) => Number(((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as Array<{ n: string }>)[0]!.n);

  beforeAll(async () => {
    t = await createTestApp({ ...PRODUCTION, UPLOAD_MAX_BYTES: String(1024 * 1024) });
    provider = await createProvider(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('denial of service: depth, amount, cost, tokens', () => {
    it('answers a query within every limit', async () => {
      const res = await gql(`{ me { id email organization { id name } } }`, {}, provider.token);
      expect(res.errors).toBeUndefined();
      expect(res.data).toMatchObject({ me: { email: provider.email } });
    });

    it('refuses a query deeper than 10, through fragments too', async () => {
      const nested = `${'organization { users { '.repeat(5)}id${' } }'.repeat(5)}`;
      const deep = refused(await gql(`{ me { ${nested} } }`, {}, provider.token));
      expect(deep).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' });
      expect(deep.message).toMatch(/^Query depth limit of 10 exceeded, found \d+\. Nest fewer levels\.$/);
      const viaFragments = refused(await gql(`{ me { ...A } } fragment A on User { ${nested} }`, {}, provider.token));
      expect(viaFragments.limit).toBe('depth');
    });

    it('refuses nesting too deep to parse with a message, not a stack overflow', async () => {
      const res = refused(await gql(`{ ${'me { '.repeat(3000)}id${' }'.repeat(3000)} }`));
      expect(res).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', limit: 'depth' });
      expect(res.message).toBe('The query is nested too deeply to parse: nest fewer levels.');
      const list = refused(await gql(`{ __typename @include(if: ${'['.repeat(2400)}true${']'.repeat(2400)}) }`));
      expect(list.message).toMatch(/nested too deeply/);
    });

    it('refuses a document of more than 5,000 tokens before parsing it whole', async () => {
      expect(GRAPHQL_MAX_TOKENS).toBe(5000);
      const res = refused(await gql(`{ me { ${'id '.repeat(6000)} } }`, {}, provider.token));
      expect(res).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', limit: 'tokens' });
      expect(res.message).toBe('The query has more than 5000 tokens and was not parsed: ask for less in one request, or split it.');
    });

    it('refuses a query that costs more than 5,000, and a page past 100 asked through a variable', async () => {
      const res = refused(await gql(`{ datasets(first: 100000) { totalCount edges { node { id title } } } }`, {}, provider.token));
      expect(res).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' });
      expect(res.message).toMatch(/^Query Cost limit of 5000 exceeded, found \d+\. /);
      // A variable hides `first` from the cost rule: the resolver's own cap answers.
      const viaVariable = await gql(`query($n: Int) { datasets(first: $n) { totalCount } }`, { n: 100000 }, provider.token);
      expect(viaVariable.status).toBe(200);
      expect(codeOf(viaVariable)).toBe('BAD_USER_INPUT');
      expect(viaVariable.errors?.[0]?.message).toMatch(/100/);
    });

    it('refuses fields repeated past what validation checks, with a message instead of "Validation aborted."', async () => {
      const res = refused(await gql(`{ ${'__typename '.repeat(1000)} }`));
      expect(res).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'field-overlap' });
      expect(res.message).toBe('The query repeats the same fields too often to be checked and was not run: ask for each field once.');
    });

    it('survives a fragment bomb (each fragment spreading the next twice, 2^40 fields) in milliseconds', async () => {
      const n = 40;
      const fragments = Array.from({ length: n }, (_, i) =>
        i === n - 1 ? `fragment F${i} on User { id }` : `fragment F${i} on User { ...F${i + 1} organization { id } ...F${i + 1} }`,
      ).join(' ');
      const res = refused(await gql(`{ me { ...F0 } } ${fragments}`, {}, provider.token));
      expect(res.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('aliases and batching', () => {
    it('takes 15 aliases and refuses 16', async () => {
      const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ');
      const ok = await gql(`{ ${aliases(15)} }`);
      expect(ok.errors).toBeUndefined();
      expect(Object.keys(ok.data ?? {})).toHaveLength(15);
      const res = refused(await gql(`{ ${aliases(16)} }`));
      expect(res).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' });
      expect(res.message).toBe('Aliases limit of 15 exceeded, found 16. Use fewer aliases, or send several requests.');
    });

    it('counts __typename aliases: 1,000 hit the alias limit, 5,000 the token limit', async () => {
      const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ');
      expect(refused(await gql(`{ ${aliases(1000)} }`)).message).toMatch(/Aliases limit of 15 exceeded, found 1000/);
      expect(refused(await gql(`{ ${aliases(5000)} }`)).limit).toBe('tokens');
    });

    it('refuses a batched array of operations', async () => {
      const res = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]).toMatchObject({ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } });
    });

    it('refuses aliased credential batching: one login or register per request, nothing run', async () => {
      const input = (i: number) => `{ email: "batch-${i}@example.test", password: "wrong-password-${i}" }`;
      const logins = refused(await gql(`mutation { a: login(input: ${input(1)}) { token } b: login(input: ${input(2)}) { token } }`));
      expect(logins).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'credential-batching' });
      expect(logins.message).toBe('login may be asked once per request, found it again: send one login at a time.');
      const users = await count('users');
      const registers = refused(
        await gql(
          `mutation { ${[1, 2]
            .map((i) => `r${i}: register(input: { email: "batch-reg-${i}@example.test", password: "a-long-password", organizationName: "Batch ${i}", kind: BUYER }) { token }`)
            .join(' ')} }`,
        ),
      );
      expect(registers.limit).toBe('credential-batching');
      expect(await count('users')).toBe(users);
    });

    it('refuses 16 aliased mutations before running any', async () => {
      const datasets = await count('datasets');
      const input = `{ title: "batched", description: "d", region: "CN", provenance: COLLECTED, rights: { holding: true, processing: true, operation: true } }`;
      const res = refused(await gql(`mutation { ${Array.from({ length: 16 }, (_, i) => `d${i}: createDataset(input: ${input}) { id }`).join(' ')} }`, {}, provider.token));
      expect(res.limit).toBe('aliases');
      expect(await count('datasets')).toBe(datasets);
    });
  });

  describe('directive overloading and fragment cycles', () => {
    it(`takes ${GRAPHQL_MAX_DIRECTIVES} directives and refuses more, known or unknown`, async () => {
      const fields = (n: number, directive: string) => Array.from({ length: n }, (_, i) => `a${i}: __typename ${directive}`).join(' ');
      const ok = await gql(`{ ${Array.from({ length: GRAPHQL_MAX_DIRECTIVES }, () => '__typename @include(if: true)').join(' ')} }`);
      expect(ok.errors).toBeUndefined();
      const res = refused(await gql(`{ ${Array.from({ length: GRAPHQL_MAX_DIRECTIVES + 1 }, () => '__typename @include(if: true)').join(' ')} }`));
      expect(res).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'directives' });
      expect(res.message).toBe(`Directives limit of ${GRAPHQL_MAX_DIRECTIVES} exceeded, found ${GRAPHQL_MAX_DIRECTIVES + 1}. Use fewer directives.`);
      // Repeated unknown directives on one field are counted before they are looked up.
      expect(refused(await gql(`{ __typename ${'@aa '.repeat(30)} }`)).limit).toBe('directives');
      expect(refused(await gql(`{ ${fields(10, '@skip(if: false) @include(if: true) @x')} }`)).limit).toBe('directives');
    });

    it('refuses 1,000 @include(if: true) on one field at the token limit', async () => {
      expect(refused(await gql(`{ __typename ${'@include(if: true) '.repeat(1000)} }`)).limit).toBe('tokens');
    });

    it('refuses fragment cycles by validation with the cycle named, at once', async () => {
      const pair = refused(await gql(`{ me { ...A } } fragment A on User { id ...B } fragment B on User { email ...A }`, {}, provider.token));
      expect(pair).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', message: 'Cannot spread fragment "A" within itself via "B".' });
      const self = refused(await gql(`{ ...A } fragment A on Query { __typename ...A }`));
      expect(self.message).toBe('Cannot spread fragment "A" within itself.');
      const throughField = refused(await gql(`{ me { ...A } } fragment A on User { organization { users { ...A } } }`, {}, provider.token));
      expect(throughField.message).toMatch(/Cannot spread fragment "A" within itself/);
    });
  });

  describe('schema discovery in production', () => {
    it('turns introspection off: __schema and __type refused, __typename answered', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "User") { fields { name } } }', '{ me { id } __schema { queryType { name } } }']) {
        const refusal = refused(await gql(query, {}, provider.token));
        expect(refusal.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(refusal.message).toMatch(/introspection/i);
      }
      expect((await gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    });

    it('gives no suggestions for fields, arguments, types, enum values or variables', async () => {
      const attempts: Array<[string, Record<string, unknown>?]> = [
        ['{ mee { id } }'],
        ['{ me { emial } }'],
        ['{ datasets(frist: 3) { totalCount } }'],
        ['query($f: DatasetFiltr) { datasets(filter: $f) { totalCount } }'],
        [`mutation { register(input: { email: "s@example.test", password: "a-long-password", organizationName: "S", kind: BUYR }) { token } }`],
        ['mutation($i: RegisterInput!) { register(input: $i) { token } }', { i: { email: 's@example.test', password: 'a-long-password', organizationName: 'S', kind: 'BUYR' } }],
        ['mutation($i: RegisterInput!) { register(input: $i) { token } }', { i: { emial: 's@example.test', password: 'a-long-password', organizationName: 'S', kind: 'BUYER' } }],
      ];
      for (const [query, variables] of attempts) {
        const res = await gql(query, variables, provider.token);
        expect(res.status).toBe(400);
        expect(res.errors?.length).toBeGreaterThan(0);
        expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean/);
        // The enum's values are not listed either.
        if (query.includes('BUYR') || JSON.stringify(variables ?? {}).includes('BUYR')) expect(JSON.stringify(res.errors)).not.toMatch(/BUYER/);
      }
    });

    it('serves no GraphQL explorer and no stack traces', async () => {
      const page = await t.http().get('/graphql').set('accept', 'text/html');
      expect(page.headers['content-type'] ?? '').not.toContain('text/html');
      expect((await t.http().get('/graphql-explorer/')).status).toBe(404);
      const res = await gql(`{ dataset(id: "not-a-uuid") { id } }`, {}, provider.token);
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|\bat .*\.[cm]?js/);
      expect(typeof res.errors?.[0]?.extensions?.code).toBe('string');
    });
  });

  describe('CSRF', () => {
    const mutation = `mutation { register(input: { email: "csrf@example.test", password: "a-long-password", organizationName: "CSRF", kind: BUYER }) { token } }`;
    const CSRF = /blocked as a potential Cross-Site Request Forgery/;

    it('never runs a mutation over GET, even with the preflight header', async () => {
      const withHeader = await t.http().get('/graphql').query({ query: mutation }).set('apollo-require-preflight', 'true');
      expect(withHeader.status).toBe(405);
      expect(withHeader.body.errors[0]).toMatchObject({ message: 'GET requests only support query operations, not mutation operations', extensions: { code: 'BAD_REQUEST' } });
      const bare = await t.http().get('/graphql').query({ query: mutation });
      expect(bare.status).toBe(400);
      expect(bare.body.errors[0].message).toMatch(CSRF);
      expect(await count(`users WHERE email = 'csrf@example.test'`)).toBe(0);
    });

    it('answers a GET query only with a header no cross-site form can send', async () => {
      const bare = await t.http().get('/graphql').query({ query: '{ __typename }' });
      expect(bare.status).toBe(400);
      expect(bare.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
      expect(bare.body.errors[0].message).toMatch(CSRF);
      const preflighted = await t.http().get('/graphql').query({ query: '{ __typename }' }).set('apollo-require-preflight', 'true');
      expect(preflighted.status).toBe(200);
      expect(preflighted.body).toEqual({ data: { __typename: 'Query' } });
    });

    it('refuses text/plain, form-urlencoded and multipart POSTs, running nothing', async () => {
      const body = JSON.stringify({ query: mutation });
      const attempts: Array<[string, Promise<Response>]> = [
        ['text/plain', t.http().post('/graphql').set('content-type', 'text/plain').send(body)],
        ['text/plain;charset=UTF-8', t.http().post('/graphql').set('content-type', 'text/plain;charset=UTF-8').send(body)],
        ['application/x-www-form-urlencoded', t.http().post('/graphql').set('content-type', 'application/x-www-form-urlencoded').send(`query=${encodeURIComponent(mutation)}`)],
        ['multipart/form-data', t.http().post('/graphql').field('query', mutation)],
      ];
      for (const [type, pending] of attempts) {
        const res = await pending;
        expect([type, res.status]).toEqual([type, 400]);
        expect(res.headers['content-type']).toMatch(/application\/json/);
        expect(res.body.errors[0].message).toMatch(CSRF);
        expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      }
      expect(await count(`users WHERE email = 'csrf@example.test'`)).toBe(0);
    });
  });

  describe('request size', () => {
    it('refuses a GraphQL body over 1 MB with 413 and a GraphQL error saying so', async () => {
      const res = await post({ query: '{ __typename }', variables: { padding: 'x'.repeat(1_100_000) } });
      expect(res.status).toBe(413);
      expect(res.errors?.[0]).toEqual({
        message: 'the GraphQL request body is larger than 1 MB; files go to PUT /api/datasets/:id/file, not through GraphQL',
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      });
    });

    it('refuses a body that is not JSON with 400 and the shape it expects', async () => {
      const res = await t.http().post('/graphql').set('content-type', 'application/json').send('{"query": ');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toMatch(/^the request body is not valid JSON \(.+\); send \{"query"/);
    });

    it('counts a gzip body inflated: a 50 MB bomb in 50 kB gets 413, a broken one 400', async () => {
      const bomb = gzipSync(JSON.stringify({ query: '{ __typename }', variables: { p: '0'.repeat(50_000_000) } }));
      expect(bomb.length).toBeLessThan(100_000);
      const { port } = (t.app.getHttpServer() as { address(): { port: number } }).address();
      const gzipped = async (body: Buffer | string) => {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body,
        });
        return { status: res.status, body: (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> } };
      };
      const big = await gzipped(bomb);
      expect(big.status).toBe(413);
      expect(big.body.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
      const broken = await gzipped('not gzip');
      expect(broken.status).toBe(400);
      expect(broken.body.errors[0]).toEqual({
        message: 'the request body is not valid gzip as its Content-Encoding says; send it compressed that way, or without Content-Encoding',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect((await gzipped(gzipSync('{"query":"{ __typename }"}'))).body).toEqual({ data: { __typename: 'Query' } });
    });

    it('answers malformed GraphQL requests with 4xx, a code and a reason', async () => {
      const cases: Array<[unknown, number, string, RegExp]> = [
        [{ query: 5 }, 400, 'BAD_REQUEST', /must be strings/],
        [{ query: '{ __typename }', variables: '{}' }, 400, 'BAD_REQUEST', /should be provided as an object/],
        [{ variables: {} }, 400, 'BAD_REQUEST', /non-empty `query`/],
        [{ query: 'query A { __typename }', operationName: 'B' }, 400, 'OPERATION_RESOLUTION_FAILURE', /Unknown operation named "B"/],
        [{ query: 'subscription { datasets { totalCount } }' }, 400, 'GRAPHQL_VALIDATION_FAILED', /^This API has no subscription operations: send a query or a mutation\.$/],
        ['null', 400, 'BAD_USER_INPUT', /not valid JSON/],
      ];
      for (const [body, status, code, message] of cases) {
        const res = await post(typeof body === 'string' ? JSON.parse(body) : body);
        expect([body, res.status, res.errors?.[0]?.extensions?.code]).toEqual([body, status, code]);
        expect(res.errors?.[0]?.message).toMatch(message);
      }
      const put = await t.http().put('/graphql').set('content-type', 'application/json').send('{"query":"{ __typename }"}');
      expect(put.status).toBe(405);
      expect(put.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('refuses an upload over UPLOAD_MAX_BYTES with 413 and a JSON message', async () => {
      const id = await createDataset(t, provider.token, { title: 'too big' });
      const res = await putFile(t, provider.token, id, TOO_BIG_UPLOAD);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('limit') });
    });

    it('refuses headers over Node’s limit with 431 and a JSON message', async () => {
      const raw = await rawRequest(t, `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(raw.status).toBe(431);
      expect(JSON.parse(raw.body)).toEqual({ code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', message: 'the request headers are too large' });
    });
  });

  describe('security headers on every kind of response', () => {
    const expectSecurityHeaders = (what: string, headers: Record<string, string | undefined>) => {
      const seen = {
        what,
        csp: headers['content-security-policy'],
        nosniff: headers['x-content-type-options'],
        frame: headers['x-frame-options'],
        referrer: headers['referrer-policy'],
        hsts: headers['strict-transport-security'],
        poweredBy: headers['x-powered-by'],
      };
      expect(seen).toEqual({
        what,
        csp: expect.stringMatching(/default-src 'self'.*frame-ancestors 'self'.*object-src 'none'/),
        nosniff: 'nosniff',
        frame: 'SAMEORIGIN',
        referrer: 'no-referrer',
        hsts: expect.stringMatching(/^max-age=\d{7,}/),
        poweredBy: undefined,
      });
      expect(seen.csp).not.toContain('upgrade-insecure-requests');
    };

    it('sends them on GraphQL, REST, health, ledger and error responses alike', async () => {
      const datasetId = await createDataset(t, provider.token, { title: 'headers' });
      const other = await createDataset(t, provider.token, { title: 'headers, too big' });
      const checkpoint = await t.http().get('/api/ledger/checkpoint');
      const treeSize = Number(checkpoint.text.split('\n')[1]);
      expect(treeSize).toBeGreaterThan(0);
      const responses: Array<[string, number, Response]> = [
        ['GraphQL 200', 200, await t.http().post('/graphql').send({ query: '{ __typename }' })],
        ['GraphQL 400 (validation)', 400, await t.http().post('/graphql').send({ query: '{ mee }' })],
        ['GraphQL 400 (CSRF)', 400, await t.http().post('/graphql').set('content-type', 'text/plain').send('{}')],
        ['GraphQL 413', 413, await t.http().post('/graphql').set('content-type', 'application/json').send(JSON.stringify({ query: 'x'.repeat(1_100_000) }))],
        ['GET /healthz', 200, await t.http().get('/healthz')],
        ['GET /api/ledger/checkpoint', 200, checkpoint],
        ['GET a ledger tile', 200, await t.http().get(`/api/ledger/tile/0/000.p/${Math.min(treeSize, 255)}`)],
        ['GET a missing tile (404)', 404, await t.http().get('/api/ledger/tile/5/000.p/3')],
        ['GET a malformed tile path (400)', 400, await t.http().get('/api/ledger/tile/0/1')],
        ['PUT upload 201', 201, await putFile(t, provider.token, datasetId, 'name,city\nA,Wuhan\n')],
        ['PUT upload 413', 413, await putFile(t, provider.token, other, TOO_BIG_UPLOAD)],
        ['PUT upload 415', 415, await t.http().put(`/api/datasets/${datasetId}/file`).set('authorization', `Bearer ${provider.token}`).field('f', 'x')],
        ['PUT upload 401', 401, await t.http().put(`/api/datasets/${datasetId}/file`).send('a,b\n')],
        ['GET download 404', 404, await t.http().get('/api/deliveries/00000000-0000-4000-8000-000000000000.abc').set('authorization', `Bearer ${provider.token}`)],
        ['GET download 401', 401, await t.http().get('/api/deliveries/00000000-0000-4000-8000-000000000000.abc')],
        ['GET unknown route (404)', 404, await t.http().get('/nope')],
      ];
      for (const [what, status, res] of responses) {
        expect([what, res.status]).toEqual([what, status]);
        expectSecurityHeaders(what, res.headers as Record<string, string>);
      }
    });

    it('sends them on answers written before Express sees the request (431, a body cut short)', async () => {
      const big = await rawRequest(t, `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big.status).toBe(431);
      expectSecurityHeaders('431', big.headers);
      const chunked = await rawRequest(t, `POST /graphql HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-type: application/json\r\n\r\nzz\r\n`);
      expect(chunked.status).toBe(400);
      expect(JSON.parse(chunked.body)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expectSecurityHeaders('400 (bad framing)', chunked.headers);
    });
  });

  describe('the attack run’s findings', () => {
    it('classifies 1,000-deep and 100,000-deep NDJSON without exhausting the stack', async () => {
      for (const depth of [1000, 100_000]) {
        const id = await createDataset(t, provider.token, { title: `deep ${depth}` });
        const line = `${'{"a":'.repeat(depth)}"13800138000"${'}'.repeat(depth)}`;
        const res = await t
          .http()
          .put(`/api/datasets/${id}/file`)
          .set('authorization', `Bearer ${provider.token}`)
          .set('content-type', 'application/x-ndjson')
          .set('x-file-name', 'deep.ndjson')
          .send(`${line}\n{"b":1}\n`);
        expect([depth, res.status]).toEqual([depth, 201]);
        const dataset = await waitForClassification(t, provider.token, id);
        expect([depth, dataset.classificationJob?.state, dataset.classificationJob?.error]).toEqual([depth, 'COMPLETED', null]);
      }
    }, 120_000);
  });
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request written by hand on a socket (what supertest cannot send), its answer parsed. */
function rawRequest(t: TestApp, text: string): Promise<RawAnswer> {
  const { port } = (t.app.getHttpServer() as { address(): { port: number } }).address();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 10 s'));
    }, 10_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const answer = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = answer.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(text);
  });
}

describe('TRUST_PROXY decides which address the per-IP sign-in limit counts (e2e)', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });
  const start = async (env: Record<string, string>) => {
    const app = await createTestApp({ ...PRODUCTION, LOGIN_MAX_FAILURES_PER_IP: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', ...env });
    apps.push(app);
    return app;
  };
  const attempt = async (t: TestApp, forwardedFor: string, n: number) => {
    const res = await t
      .http()
      .post('/graphql')
      .set('x-forwarded-for', forwardedFor)
      .send({ query: LOGIN, variables: { input: { email: `proxy-${n}@example.test`, password: 'wrong-password' } } });
    return codeOf({ status: res.status, ...(res.body as object) });
  };

  it('unset: X-Forwarded-For is ignored, every failure counts against the connecting address', async () => {
    const t = await start({});
    expect(t.config.trustProxy).toBe(false);
    for (let i = 0; i < 3; i++) expect(await attempt(t, `198.51.100.${i + 1}`, i)).toBe('UNAUTHENTICATED');
    expect(await attempt(t, '198.51.100.200', 99)).toBe('TOO_MANY_REQUESTS');
    // Sign-ups are not a way around it either: they do not reset the address's count.
    const res = await t.gql(REGISTER, { input: { email: 'proxy-reg@example.test', password: 'a-long-password', organizationName: 'Proxy', kind: 'BUYER' } });
    expect(res.errors).toBeUndefined();
    expect(await attempt(t, '198.51.100.201', 100)).toBe('TOO_MANY_REQUESTS');
  });

  it('loopback: each forwarded client has its own count, and a forged left-hand entry changes nothing', async () => {
    const t = await start({ TRUST_PROXY: 'loopback' });
    expect(t.config.trustProxy).toBe('loopback');
    for (let i = 0; i < 4; i++) expect(await attempt(t, `203.0.113.${i + 1}`, i)).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 2; i++) expect(await attempt(t, '203.0.113.1', 10 + i)).toBe('UNAUTHENTICATED');
    expect(await attempt(t, '203.0.113.1', 20)).toBe('TOO_MANY_REQUESTS');
    // The proxy appends the address it saw: a client prepending others is still that address.
    expect(await attempt(t, '10.9.9.9, 203.0.113.1', 21)).toBe('TOO_MANY_REQUESTS');
    expect(await attempt(t, '203.0.113.2', 22)).toBe('UNAUTHENTICATED');
  });
});
