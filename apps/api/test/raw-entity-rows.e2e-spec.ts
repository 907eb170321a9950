import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ObjectLiteral } from 'typeorm';
import { findRawByIds, rawEntityRows } from '../src/common/database/raw-entity-rows.util.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, createProvider, loginAdmin } from './factories/accounts.factory.js';
import { buyAndDeliver, publishConsentedShareholders } from './factories/consented.factory.js';

/**
 * The reader without hydration (raw-entity-rows.util.ts) against TypeORM's own `find`,
 * for every entity of the app, over the demo seed and a consented listing bought and
 * delivered (organizations, users, listings, versions, classifications, jobs, consent,
 * requests, grants, orders, the ledger's tables …): the same
 * objects — prototype, keys, values and their types (dates, bigints through transformers,
 * jsonb, nulls).
 */
describe('entities read without hydration == find (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const provider = await createProvider(t);
    const buyer = await createBuyer(t);
    const admin = await loginAdmin(t);
    for (const org of [provider.organizationId, buyer.organizationId]) {
      await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: org }, admin.token);
    }
    const id = await publishConsentedShareholders(t, provider.token, 'Raw rows', 40, 9_000);
    await buyAndDeliver(t, buyer.token, provider.token, id);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('reads every entity of the app as find() does', async () => {
    const compared: Record<string, number> = {};
    for (const metadata of t.dataSource.entityMetadatas) {
      if (metadata.columns.some((c) => c.embeddedMetadata) || metadata.primaryColumns.length === 0) continue;
      const target = metadata.target as new () => ObjectLiteral;
      const order = Object.fromEntries(metadata.primaryColumns.map((c) => [c.propertyName, 'ASC' as const]));
      const expected = await t.dataSource.manager.find(target, { order, take: 200 });
      const reader = rawEntityRows(t.dataSource, target);
      const orderSql = metadata.primaryColumns.map((c) => `"t"."${c.databaseName}" ASC`).join(', ');
      const raw: Array<Record<string, unknown>> = await t.dataSource.query(`SELECT ${reader.selectList('t')} FROM ${reader.table} "t" ORDER BY ${orderSql} LIMIT 200`);
      const got = raw.map(reader.hydrate);
      expect({ entity: metadata.name, rows: got }).toEqual({ entity: metadata.name, rows: expected });
      for (const [i, row] of got.entries()) {
        expect(Object.getPrototypeOf(row)).toBe(Object.getPrototypeOf(expected[i]));
        expect(Object.keys(row).sort()).toEqual(Object.keys(expected[i]).sort());
      }
      compared[metadata.name] = got.length;
    }
    // The seed must have given most tables something to compare.
    for (const name of ['Organization', 'User', 'Dataset', 'DatasetVersion', 'Classification', 'ClassificationJob', 'Grant']) {
      expect({ name, read: (compared[name] ?? 0) > 0 }).toEqual({ name, read: true });
    }
  });

  it('finds by ids as find({ where: In(ids) }) does, and nothing for no ids', async () => {
    const { Classification } = await import('../src/modules/classification/classification.entity.js');
    const all = await t.dataSource.manager.find(Classification, { order: { id: 'ASC' } });
    expect(all.length).toBeGreaterThan(0);
    const ids = all.map((c) => c.versionId);
    const got = await findRawByIds(t.dataSource.manager, Classification, 'versionId', [...ids, '00000000-0000-4000-8000-000000000000']);
    expect([...got].sort((a, b) => a.id.localeCompare(b.id))).toEqual(all);
    expect(await findRawByIds(t.dataSource.manager, Classification, 'versionId', [])).toEqual([]);
  });
});
