import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defineAbilityFor, ROLES, type PolicyUser } from '@eastlake/policy';
import { whereAbilityAllows } from '../src/common/database/ability-to-sql.util.js';
import { Classification } from '../src/modules/classification/classification.entity.js';
import { Dataset } from '../src/modules/datasets/dataset.entity.js';
import { DATASET_STATUSES } from '../src/modules/datasets/dataset-status.js';
import { readDatasetRows } from '../src/modules/datasets/dataset-list.query.js';
import { DatasetsService } from '../src/modules/datasets/datasets.service.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLObjectType } from 'graphql';
import { isDirectResolver } from '../src/common/graphql/direct-field.decorator.js';

/**
 * The list read without entity hydration (dataset-list.query.ts) against TypeORM's own
 * `getMany()` and `getCount()` on the same query builders: the same Dataset objects (every
 * property, its type, the bigint transformer, nulls), the same order, the same total.
 */
describe('datasets list read without hydration == getMany (e2e)', () => {
  let t: TestApp;
  const orgs: string[] = [];
  const users: PolicyUser[] = [];

  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'false' });
    const m = t.dataSource.manager;
    for (let i = 0; i < 3; i++) {
      orgs.push((await m.query(`INSERT INTO organizations (name, kind, verified) VALUES ($1, 'PROVIDER', true) RETURNING id`, [`list-org-${i}`]))[0].id);
    }
    for (const [i, role] of ROLES.entries()) {
      const u = await m.query(`INSERT INTO users (email, password_hash, role, organization_id) VALUES ($1, 'x', $2, $3) RETURNING id`, [
        `list-${i}@example.test`,
        role,
        orgs[i % orgs.length],
      ]);
      users.push({ id: u[0].id, role, organizationId: orgs[i % orgs.length] });
    }
    // Two listings share a created_at (the id breaks the tie); some are priced, some carry a note or a parent grant id.
    const tie = new Date('2026-01-02T03:04:05.678Z');
    for (let i = 0; i < 30; i++) {
      await m.query(
        `INSERT INTO datasets (owner_org_id, title, description, region, provenance, rights, status, review_note, price_model, price_fen, created_at)
         VALUES ($1, $2, $3, $4, 'COLLECTED', $5, $6, $7, $8, $9, $10)`,
        [
          orgs[i % orgs.length],
          `list ${i}`,
          `description ${i}`,
          i % 2 ? 'CN-HB' : 'CN',
          JSON.stringify({ holding: true, processing: i % 3 === 0, operation: false }),
          DATASET_STATUSES[(i * 5) % DATASET_STATUSES.length],
          i % 4 === 0 ? `note ${i}` : null,
          i % 3 === 0 ? 'PER_DELIVERY' : null,
          i % 3 === 0 ? String(1_000 + i) : null,
          i < 2 ? tie : new Date(Date.UTC(2026, 0, 3, 0, 0, i)),
        ],
      );
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const builders = (user: PolicyUser | null) => {
    const ability = defineAbilityFor(user);
    const base = () => whereAbilityAllows(t.dataSource.manager.createQueryBuilder(Dataset, 'dataset'), ability, 'read', 'Dataset');
    return {
      all: base(),
      published: base().andWhere('dataset.status = :status', { status: 'PUBLISHED' }),
      region: base().andWhere('(dataset.region = :region OR dataset.region LIKE :within)', { region: 'CN', within: 'CN-%' }),
      none: base().andWhere('dataset.title = :title', { title: 'no such title' }),
      joined: base().innerJoin(Classification, 'c', 'c.version_id = dataset.current_version_id'),
    };
  };

  it('gives the same rows, in the same order, and the same total, for every role and filter', async () => {
    expect(users.length).toBeGreaterThan(0);
    let compared = 0;
    for (const user of [null, ...users]) {
      for (const [name, qb] of Object.entries(builders(user))) {
        for (const limit of [1, 7, 50]) {
          const expected = await qb.clone().orderBy('dataset.createdAt', 'DESC').addOrderBy('dataset.id', 'DESC').take(limit).getMany();
          const total = await qb.clone().getCount();
          const got = await readDatasetRows(qb.clone(), limit, true);
          const where = `${user?.role ?? 'anonymous'} / ${name} / ${limit}`;
          expect({ where, rows: got.rows }).toEqual({ where, rows: expected });
          expect({ where, total: got.totalCount }).toEqual({ where, total });
          for (const [i, row] of got.rows.entries()) {
            expect(row).toBeInstanceOf(Dataset);
            expect(Object.keys(row).sort()).toEqual(Object.keys(expected[i]).sort());
            expect(row.createdAt).toBeInstanceOf(Date);
            if (row.priceFen !== null) expect(typeof row.priceFen).toBe('number');
          }
          expect((await readDatasetRows(qb.clone(), limit, false)).totalCount).toBeNull();
          compared += expected.length;
        }
      }
    }
    // The fixture must have given the comparison something to compare.
    expect(compared).toBeGreaterThan(100);
  });

  it('answers GraphQL with Cache-Control: no-store (the header Apollo\'s cache-control plugin gave, now set without it)', async () => {
    const ok = await t.http().post('/graphql').set('content-type', 'application/json').send({ query: '{ datasets(first: 1) { totalCount } }' });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    const refused = await t.http().post('/graphql').set('content-type', 'application/json').send({ query: '{ nope }' });
    expect(refused.status).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it("resolves a listing's batched fields straight, outside Nest's per-call context creator, and the rest through Nest", () => {
    const dataset = t.app.get(GraphQLSchemaHost).schema.getType('Dataset') as GraphQLObjectType;
    const fields = dataset.getFields();
    for (const name of ['owner', 'currentVersion', 'classification', 'classificationJob', 'consentCoverage', 'offer']) {
      expect([name, isDirectResolver(fields[name].resolve)]).toEqual([name, true]);
    }
    // These read the caller's ability (a Nest parameter decorator): they keep Nest's path.
    for (const name of ['resaleSuspicions', 'preview']) expect([name, isDirectResolver(fields[name].resolve)]).toEqual([name, false]);
  });

  it('pages with a cursor to the same listings and total as a single page', async () => {
    const service = t.app.get(DatasetsService);
    const ability = defineAbilityFor(users.find((u) => u.role === 'ADMIN') ?? null);
    const whole = await service.list(ability, { first: 100 });
    expect(whole.totalCount).toBe(30);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await service.list(ability, { first: 4, after });
      expect(page.totalCount).toBe(whole.totalCount);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.hasNextPage) break;
      after = page.endCursor ?? undefined;
      expect(page.cursorOf(page.nodes.at(-1)!)).toBe(page.endCursor);
    }
    expect(seen).toEqual(whole.nodes.map((n) => n.id));
  });
});
