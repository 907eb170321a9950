import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CORPUS } from './utils/fixtures.util.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { login, loginAdmin, loginRegulator, type TestAccount } from './factories/accounts.factory.js';
import { createDataset, getDataset, putFile, uploadDataset, waitForClassification, type DatasetView } from './factories/datasets.factory.js';
import { QueryCountingLogger } from '../src/common/database/query-counting.logger.js';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Kind, parse, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { selectedFieldsAt } from '../src/common/graphql/selected-fields.util.js';
import { ClassificationService } from '../src/modules/classification/classification.service.js';
import { reportProjectionOf } from '../src/modules/classification/report-projection.js';
import { defineAbilityFor } from '@eastlake/policy';
import type { Dataset } from '../src/modules/datasets/dataset.entity.js';
import { DatasetPagePrefetch } from '../src/modules/datasets/dataset-page-prefetch.js';
import { DatasetsService } from '../src/modules/datasets/datasets.service.js';

const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<
  string,
  { verdict: string; types: string[]; file?: string; consent?: string }
>;

describe('listings (e2e)', () => {
  let t: TestApp;
  let provider: TestAccount;
  let provider2: TestAccount;
  let buyer: TestAccount;
  let admin: TestAccount;
  let regulator: TestAccount;
  const byFile = new Map<string, DatasetView>();

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(200 * 1024) });
    provider = await login(t, 'provider@demo.eastlake');
    provider2 = await login(t, 'provider2@demo.eastlake');
    buyer = await login(t, 'buyer@demo.eastlake');
    admin = await loginAdmin(t);
    regulator = await loginRegulator(t);
    for (const [name, want] of Object.entries(expected)) {
      if (want.consent) continue; // consent manifests arrive with the Access issue
      byFile.set(name, await uploadDataset(t, provider.token, join(CORPUS, want.file ?? name), name));
    }
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('classification of every corpus file uploaded through the API', () => {
    const cases = Object.entries(expected).filter(([, want]) => !want.consent);
    it.each(cases)('%s', (name, want) => {
      const d = byFile.get(name)!;
      expect(d.classificationJob).toMatchObject({ state: 'COMPLETED', progress: 1 });
      expect(d.classification?.verdict).toBe(want.verdict);
      const types = new Set(d.classification!.columns.flatMap((c) => c.types.map((x) => x.type)));
      for (const type of want.types) expect(types).toContain(type);
      expect(d.classification?.engineVersion).toMatch(/\d/);
      expect(d.status).toBe({ TRADEABLE: 'TRADEABLE', AMBIGUOUS: 'IN_REVIEW', UNTRADEABLE: 'UNTRADEABLE' }[want.verdict]);
    });
  });

  describe('publishing and review', () => {
    it('publishes a tradeable dataset and refuses an untradeable one with CONFLICT', async () => {
      const ok = byFile.get('weather_wuhan.csv')!;
      const res = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: ok.id }, provider.token);
      expect(res.data?.publishDataset.status).toBe('PUBLISHED');
      const bad = byFile.get('shareholders.csv')!;
      const refused = await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: bad.id }, provider.token);
      expect(codeOf(refused)).toBe('CONFLICT');
      expect(refused.errors?.[0].message).toContain('UNTRADEABLE');
      const again = await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: ok.id }, provider.token);
      expect(codeOf(again)).toBe('CONFLICT');
      // The report says how to fix an untradeable dataset.
      expect(bad.classification!.reasons.filter((r) => r.severity === 'BLOCK').every((r) => r.remediation.length > 10 && r.citations.length > 0)).toBe(true);
    });

    it('runs the review flow: approve → publish, reject → REJECTED with a note', async () => {
      const ambiguous = byFile.get('survey_quasi.csv')!;
      expect(codeOf(await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: ambiguous.id }, provider.token))).toBe('CONFLICT');
      expect(codeOf(await t.gql(`mutation($id: ID!) { reviewDataset(id: $id, decision: APPROVE) { status } }`, { id: ambiguous.id }, provider.token))).toBe('FORBIDDEN');
      const approved = await t.gql<{ reviewDataset: { status: string } }>(
        `mutation($id: ID!) { reviewDataset(id: $id, decision: APPROVE, note: "bands are wide enough") { status reviewNote } }`,
        { id: ambiguous.id },
        admin.token,
      );
      expect(approved.data?.reviewDataset).toEqual({ status: 'TRADEABLE', reviewNote: 'bands are wide enough' });
      const published = await t.gql<{ publishDataset: { status: string } }>(`mutation($id: ID!) { publishDataset(id: $id) { status } }`, { id: ambiguous.id }, provider.token);
      expect(published.data?.publishDataset.status).toBe('PUBLISHED');

      const hashed = byFile.get('hashed_loyalty.csv')!;
      const noNote = await t.gql(`mutation($id: ID!) { reviewDataset(id: $id, decision: REJECT) { status } }`, { id: hashed.id }, regulator.token);
      expect(codeOf(noNote)).toBe('BAD_USER_INPUT');
      const rejected = await t.gql<{ reviewDataset: { status: string } }>(
        `mutation($id: ID!) { reviewDataset(id: $id, decision: REJECT, note: "digests are linkable") { status } }`,
        { id: hashed.id },
        regulator.token,
      );
      expect(rejected.data?.reviewDataset.status).toBe('REJECTED');
      const twice = await t.gql(`mutation($id: ID!) { reviewDataset(id: $id, decision: APPROVE) { status } }`, { id: hashed.id }, admin.token);
      expect(codeOf(twice)).toBe('CONFLICT');
    });

    it('reclassifies a new version', async () => {
      const id = await createDataset(t, provider.token, { title: 'changes its mind' });
      expect((await putFile(t, provider.token, id, readFileSync(join(CORPUS, 'weather_wuhan.csv')))).status).toBe(201);
      expect((await waitForClassification(t, provider.token, id)).status).toBe('TRADEABLE');
      const second = await putFile(t, provider.token, id, readFileSync(join(CORPUS, 'wine_customers.csv')));
      expect(second.status).toBe(201);
      const after = await waitForClassification(t, provider.token, id);
      expect(after.status).toBe('UNTRADEABLE');
      const versions = await t.dataSource.query(`SELECT number FROM dataset_versions WHERE dataset_id = $1 ORDER BY number`, [id]);
      expect(versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    });
  });

  describe('tenancy and visibility', () => {
    it("keeps a second provider out of the first one's datasets", async () => {
      const d = byFile.get('orders.csv')!;
      const hidden = await t.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id: d.id }, provider2.token);
      expect(codeOf(hidden)).toBe('NOT_FOUND');
      expect(hidden.errors?.[0]?.extensions).toMatchObject({ params: { what: 'dataset', id: d.id } });
      expect(codeOf(await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: d.id }, provider2.token))).toBe('NOT_FOUND');
      const upload = await putFile(t, provider2.token, d.id, 'a,b\n1,2\n');
      expect(upload.status).toBe(404);
      const list = await t.gql<{ datasets: { edges: Array<{ node: { id: string } }> } }>(`{ datasets(first: 100) { edges { node { id } } } }`, {}, provider2.token);
      expect(list.data?.datasets.edges.map((e) => e.node.id)).not.toContain(d.id);
    });

    it('shows buyers published listings only, never drafts, ambiguous, untradeable or rejected ones', async () => {
      const list = await t.gql<{ datasets: { totalCount: number; edges: Array<{ node: { id: string; status: string } }> } }>(
        `{ datasets(first: 100) { totalCount edges { node { id status } } } }`,
        {},
        buyer.token,
      );
      const statuses = new Set(list.data!.datasets.edges.map((e) => e.node.status));
      expect([...statuses]).toEqual(['PUBLISHED']);
      expect(list.data!.datasets.totalCount).toBe(list.data!.datasets.edges.length);
      for (const name of ['shareholders.csv', 'hashed_loyalty.csv', 'company_registry.csv', 'orders.csv']) {
        const res = await t.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id: byFile.get(name)!.id }, buyer.token);
        expect(codeOf(res)).toBe('NOT_FOUND');
      }
    });

    it('gives buyers columns, types and the verdict of a published listing but never rows', async () => {
      const id = byFile.get('weather_wuhan.csv')!.id;
      const view = await getDataset(t, buyer.token, id, 'id classification { verdict columns { name types { type } } }');
      expect(view.classification?.verdict).toBe('TRADEABLE');
      const preview = await t.gql(`query($id: ID!) { dataset(id: $id) { preview { rows } } }`, { id }, buyer.token);
      expect(codeOf(preview)).toBe('FORBIDDEN');
    });

    it('lets a regulator see everything', async () => {
      const list = await t.gql<{ datasets: { totalCount: number } }>(`{ datasets(first: 1) { totalCount } }`, {}, regulator.token);
      expect(list.data!.datasets.totalCount).toBeGreaterThanOrEqual(byFile.size);
    });
  });

  describe('browsing', () => {
    it('searches, filters and pages in a stable order', async () => {
      const all = await t.gql<{ datasets: { totalCount: number } }>(`{ datasets(first: 100, filter: { verdict: UNTRADEABLE }) { totalCount } }`, {}, provider.token);
      const untradeable = [...byFile.values()].filter((d) => d.classification?.verdict === 'UNTRADEABLE').length;
      expect(all.data!.datasets.totalCount).toBeGreaterThanOrEqual(untradeable);
      const search = await t.gql<{ datasets: { edges: Array<{ node: { title: string } }> } }>(`{ datasets(first: 10, filter: { search: "SHAREHOLD" }) { edges { node { title } } } }`, {}, provider.token);
      expect(search.data!.datasets.edges.map((e) => e.node.title)).toEqual(['shareholders.csv']);

      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { data?: { datasets: { edges: Array<{ node: { id: string } }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } | null } =
          await t.gql(`query($after: String) { datasets(first: 3, after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`, { after }, provider.token);
        seen.push(...page.data!.datasets.edges.map((e) => e.node.id));
        if (!page.data!.datasets.pageInfo.hasNextPage) break;
        after = page.data!.datasets.pageInfo.endCursor;
      }
      const oneGo = await t.gql<{ datasets: { edges: Array<{ node: { id: string } }> } }>(`{ datasets(first: 100) { edges { node { id } } } }`, {}, provider.token);
      expect(seen).toEqual(oneGo.data!.datasets.edges.map((e) => e.node.id));
      expect(new Set(seen).size).toBe(seen.length);
      expect(codeOf(await t.gql(`{ datasets(first: 101) { totalCount } }`, {}, provider.token))).toBe('BAD_USER_INPUT');
      expect(codeOf(await t.gql(`{ datasets(after: "garbage") { totalCount } }`, {}, provider.token))).toBe('BAD_USER_INPUT');
    });

    it("filters by provider organization: only that organization's listings, the caller's visibility kept", async () => {
      const other = await createDataset(t, provider2.token, { title: 'provider facet (provider2)' });
      type Page = { datasets: { totalCount: number; edges: Array<{ node: { id: string; owner: { id: string } } }> } };
      const query = `query($org: ID!) { datasets(first: 100, filter: { providerOrganizationId: $org }) { totalCount edges { node { id owner { id } } } } }`;
      const second = await t.gql<Page>(query, { org: provider2.organizationId }, regulator.token);
      const secondIds = second.data!.datasets.edges.map((e) => e.node.id);
      expect(secondIds).toContain(other);
      expect(second.data!.datasets.edges.every((e) => e.node.owner.id === provider2.organizationId)).toBe(true);
      expect(second.data!.datasets.totalCount).toBe(secondIds.length);
      const first = await t.gql<Page>(query, { org: provider.organizationId }, regulator.token);
      expect(first.data!.datasets.totalCount).toBeGreaterThanOrEqual(byFile.size);
      expect(first.data!.datasets.edges.some((e) => e.node.id === other)).toBe(false);
      expect(first.data!.datasets.edges.every((e) => e.node.owner.id === provider.organizationId)).toBe(true);
      // A provider asking for another organization's listings still sees only its own: none.
      expect((await t.gql<Page>(query, { org: provider2.organizationId }, provider.token)).data!.datasets.totalCount).toBe(0);
      expect(codeOf(await t.gql(query, { org: 'not-an-id' }, regulator.token))).toBe('BAD_USER_INPUT');
    });

    it('answers a list with its verdicts in a fixed number of SQL statements (no N+1)', async () => {
      const logger = t.dataSource.logger as QueryCountingLogger;
      const query = `{ datasets(first: 50) { totalCount edges { node { id title status owner { name } currentVersion { bytes }
        classification { verdict reasons { code } } classificationJob { state progress } } } } }`;
      await t.gql(query, {}, regulator.token); // warm
      const before = logger.count;
      const res = await t.gql<{ datasets: { edges: unknown[] } }>(query, {}, regulator.token);
      const statements = logger.count - before;
      expect(res.data!.datasets.edges.length).toBeGreaterThan(10);
      // user (guard) + count + page + owner + version + classification + job
      expect(statements).toBeLessThanOrEqual(8);
    });

    it('reads only the columns the selection needs, and answers the same as reading them all', async () => {
      const fields = 'id title status description region provenance createdAt owner { id name } currentVersion { id bytes } classification { verdict reasons { code } } classificationJob { state }';
      type Page = { datasets: { totalCount: number; edges: Array<{ cursor: string; node: Record<string, unknown> }> } };
      const projected = await t.gql<Page>(`{ datasets(first: 20) { totalCount edges { cursor node { ${fields} } } } }`, {}, regulator.token);
      // offer's resolver declares nothing: with it the list reads every column.
      const whole = await t.gql<Page>(`{ datasets(first: 20) { totalCount edges { cursor node { ${fields} offer { purposes { purpose } } } } } }`, {}, regulator.token);
      expect(projected.errors).toBeUndefined();
      expect(whole.errors).toBeUndefined();
      expect(projected.data!.datasets.edges.length).toBeGreaterThan(5);
      const strip = (p: Page) => ({ ...p.datasets, edges: p.datasets.edges.map(({ cursor, node: { offer: _offer, ...node } }) => ({ cursor, node })) });
      expect(strip(projected.data!)).toEqual(strip(whole.data!));
      const service = t.app.get(DatasetsService);
      const ability = defineAbilityFor({ id: regulator.userId, role: 'REGULATOR', organizationId: regulator.organizationId });
      const [some] = (await service.list(ability, { first: 1 }, new Set(['title']))).nodes;
      expect(Object.keys(some).sort()).toEqual(['createdAt', 'id', 'title']);
    });

    it("answers a page's verdicts and jobs without a promise once the list has prefetched them, and the same values as its loaders", async () => {
      const fields = (t.app.get(GraphQLSchemaHost).schema.getType('Dataset') as GraphQLObjectType).getFields();
      const ability = defineAbilityFor({ id: regulator.userId, role: 'REGULATOR', organizationId: regulator.organizationId });
      const page = (await t.app.get(DatasetsService).list(ability, { first: 100 })).nodes.filter((d) => d.currentVersionId);
      expect(page.length).toBeGreaterThan(0);
      // A node's selection, as graphql-js hands it to the field resolvers and the list to the prefetch.
      const operation = parse('{ classification { verdict reasons { code severity } } classificationJob { state } }').definitions[0] as OperationDefinitionNode;
      const [cls, job] = operation.selectionSet.selections as FieldNode[];
      const infoOf = (nodes: FieldNode[]) => ({ fieldNodes: nodes, fragments: {} }) as unknown as GraphQLResolveInfo;
      const node = infoOf([{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'node' }, selectionSet: operation.selectionSet }]);
      const resolve = (name: 'classification' | 'classificationJob', dataset: Dataset, req: object) =>
        fields[name].resolve!(dataset, {}, { req }, infoOf([name === 'classification' ? cls : job]));
      const isPromise = (v: unknown) => typeof (v as { then?: unknown } | null)?.then === 'function';
      const cold = {};
      const loaded = await Promise.all(page.map(async (d) => [await resolve('classification', d, cold), await resolve('classificationJob', d, cold)]));
      expect(page.every((d) => isPromise(resolve('classification', d, {})))).toBe(true);
      const warm = {};
      await t.app.get(DatasetPagePrefetch).run(warm, new Set(['classification', 'classificationJob']), page, (...path) => selectedFieldsAt(node, path));
      const answered = page.map((d) => [resolve('classification', d, warm), resolve('classificationJob', d, warm)]);
      expect(answered.flat().some(isPromise)).toBe(false);
      expect(answered).toEqual(loaded);
      expect(answered.some(([c]) => c !== null)).toBe(true);
    });

    it('reads only the report parts a selection asks for, each reason with only its keys asked, and gives the same answers as whole reports', async () => {
      type Page = { datasets: { edges: Array<{ node: { classification: Record<string, unknown> | null } }> } };
      const list = (selection: string) => t.gql<Page>(`{ datasets(first: 20) { edges { node { classification { ${selection} } } } } }`, {}, regulator.token);
      const narrow = await list('verdict reasons { code severity } warnings classifiedAt engineVersion versionId');
      // grade reads the whole report: the same parts, read from it.
      const whole = await list('verdict reasons { code severity } warnings classifiedAt engineVersion versionId grade');
      expect(narrow.errors).toBeUndefined();
      expect(whole.errors).toBeUndefined();
      const withoutGrade = whole.data!.datasets.edges.map((e) => (e.node.classification ? { ...e.node.classification, grade: undefined } : null));
      expect(narrow.data!.datasets.edges.map((e) => (e.node.classification ? { ...e.node.classification, grade: undefined } : null))).toEqual(withoutGrade);
      expect(narrow.data!.datasets.edges.some((e) => ((e.node.classification?.reasons as unknown[]) ?? []).length > 1)).toBe(true);
      const service = t.app.get(ClassificationService);
      const versionIds = (await t.app.get(DatasetsService).list(defineAbilityFor({ id: regulator.userId, role: 'REGULATOR', organizationId: regulator.organizationId }), { first: 20 })).nodes.flatMap((d) => (d.currentVersionId ? [d.currentVersionId] : []));
      const projected = await service.classificationsByVersionIds(versionIds, reportProjectionOf(new Set(['verdict', 'reasons', 'classifiedAt', 'engineVersion']), new Set(['code'])));
      const full = new Map((await service.classificationsByVersionIds(versionIds)).map((c) => [c.versionId, c]));
      for (const c of projected) {
        expect(Object.keys(c.report)).toEqual(['reasons']);
        expect(c.report.reasons).toEqual(full.get(c.versionId)!.report.reasons.map((r) => ({ code: r.code })));
        expect({ ...c, report: undefined }).toEqual({ ...full.get(c.versionId)!, report: undefined });
      }
    });
  });

  describe('masked preview', () => {
    it('shows the owner the first rows with identifiers masked', async () => {
      const id = byFile.get('shareholders.csv')!.id;
      const res = await t.gql<{ dataset: { preview: { columns: string[]; rows: string[][] } } }>(`query($id: ID!) { dataset(id: $id) { preview { columns rows } } }`, { id }, provider.token);
      const { columns, rows } = res.data!.dataset.preview;
      expect(rows).toHaveLength(20);
      const raw = readFileSync(join(CORPUS, 'shareholders.csv'), 'utf8');
      const idCol = columns.indexOf('身份证号');
      const phoneCol = columns.indexOf('手机号');
      const nameCol = columns.indexOf('姓名');
      for (const row of rows) {
        expect(row[idCol]).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
        expect(row[phoneCol]).toMatch(/^1\d{2}\*{4}\d{4}$/);
        expect(row[nameCol]).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
        expect(raw).not.toContain(row[idCol]);
      }
      const reviewer = await t.gql(`query($id: ID!) { dataset(id: $id) { preview { rows } } }`, { id }, regulator.token);
      expect(reviewer.errors).toBeUndefined();
    });
  });

  describe('uploads', () => {
    it('refuses a file over the limit with 413 and stores nothing', async () => {
      const id = await createDataset(t, provider.token, { title: 'too big' });
      const res = await putFile(t, provider.token, id, Buffer.alloc(200 * 1024 + 1, 0x61));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('limit') });
      // The figures of the message as parameters, for a client to say it in its own language.
      expect(res.body).toMatchObject({ reason: 'FILE_TOO_LARGE', params: { maxBytes: 200 * 1024 } });
      expect(res.body.params).not.toHaveProperty('reason');
      expect((await getDataset(t, provider.token, id)).status).toBe('DRAFT');
      expect(await t.dataSource.query(`SELECT id FROM dataset_versions WHERE dataset_id = $1`, [id])).toEqual([]);
    });

    it('refuses a file over the limit even without a Content-Length (chunked)', async () => {
      const id = await createDataset(t, provider.token, { title: 'too big, chunked' });
      const status = await new Promise<number>((resolve, reject) => {
        const address = t.app.getHttpServer().address() as { port: number };
        const req = httpRequest(
          { host: '127.0.0.1', port: address.port, method: 'PUT', path: `/api/datasets/${id}/file`, headers: { authorization: `Bearer ${provider.token}`, 'transfer-encoding': 'chunked' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 30; i++) req.write(Buffer.alloc(10 * 1024, 0x62));
        req.end();
      });
      expect(status).toBe(413);
      expect(await t.dataSource.query(`SELECT id FROM dataset_versions WHERE dataset_id = $1`, [id])).toEqual([]);
    });

    it('leaves no version when the upload is cut off mid-stream', async () => {
      const id = await createDataset(t, provider.token, { title: 'cut off' });
      await new Promise<void>((resolve) => {
        const address = t.app.getHttpServer().address() as { port: number };
        const req = httpRequest({
          host: '127.0.0.1',
          port: address.port,
          method: 'PUT',
          path: `/api/datasets/${id}/file`,
          headers: { authorization: `Bearer ${provider.token}`, 'content-length': '100000' },
        });
        req.on('error', () => resolve());
        req.write(Buffer.alloc(40_000, 0x63));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(await t.dataSource.query(`SELECT id FROM dataset_versions WHERE dataset_id = $1`, [id])).toEqual([]);
      expect((await getDataset(t, provider.token, id)).status).toBe('DRAFT');
    });

    it('refuses uploads by buyers, anonymous callers and to a dataset being classified', async () => {
      const id = await createDataset(t, provider.token, { title: 'guarded' });
      expect((await putFile(t, buyer.token, id, 'a\n1\n')).status).toBe(403);
      expect((await t.http().put(`/api/datasets/${id}/file`).send('a\n1\n')).status).toBe(401);
      expect((await putFile(t, provider.token, 'not-a-uuid', 'a\n1\n')).status).toBe(400);
    });

    it('lists an unreadable file as UNTRADEABLE with the reason', async () => {
      const id = await createDataset(t, provider.token, { title: 'binary' });
      expect((await putFile(t, provider.token, id, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]))).status).toBe(201);
      const d = await waitForClassification(t, provider.token, id);
      expect(d.status).toBe('UNTRADEABLE');
      expect(d.classification?.reasons[0].code).toBe('UNREADABLE_INPUT');
    });

    it('refuses an empty file', async () => {
      const id = await createDataset(t, provider.token, { title: 'empty' });
      const res = await putFile(t, provider.token, id, Buffer.alloc(0));
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('empty');
    });
  });

  describe('ledger', () => {
    it('records every step of a listing, in order', async () => {
      const id = byFile.get('survey_quasi.csv')!.id;
      const res = await t.gql<{ ledgerEntries: Array<{ entry: { action: string; data: { from?: string; to?: string } } }> }>(
        `query($s: ID) { ledgerEntries(subjectId: $s) { entry } }`,
        { s: id },
        regulator.token,
      );
      expect(res.data!.ledgerEntries.map((e) => [e.entry.action, e.entry.data.to ?? null])).toEqual([
        ['dataset.created', null],
        ['dataset.version_uploaded', 'CLASSIFYING'],
        ['dataset.classified', 'IN_REVIEW'],
        ['dataset.reviewed', 'TRADEABLE'],
        ['dataset.published', 'PUBLISHED'],
      ]);
      const verify = await t.gql<{ verifyLedger: { ok: boolean } }>(`{ verifyLedger { ok } }`, {}, regulator.token);
      expect(verify.data!.verifyLedger.ok).toBe(true);
    });
  });
});
