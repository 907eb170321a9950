import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { defineAbilityFor, subject, ROLES, type PolicyUser } from '@eastlake/policy';
import { whereAbilityAllows } from '../src/common/database/ability-to-sql.util.js';
import { AccessRequest } from '../src/modules/access/access-request.entity.js';
import { Grant } from '../src/modules/access/grant.entity.js';
import { Dataset } from '../src/modules/datasets/dataset.entity.js';
import { DATASET_STATUSES } from '../src/modules/datasets/dataset-status.js';
import { User } from '../src/modules/users/user.entity.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';

/**
 * Differential test of "abilities turned into SQL": for random callers, the rows the SQL
 * filter returns are exactly the rows `ability.can('read', row)` accepts in memory.
 */
describe('CASL abilities in SQL == in memory (e2e, property)', () => {
  let t: TestApp;
  const orgs: string[] = [];
  const ids = { datasets: [] as string[], requests: [] as string[], grants: [] as string[], users: [] as string[] };

  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'false' });
    const m = t.dataSource.manager;
    for (let i = 0; i < 4; i++) {
      orgs.push((await m.query(`INSERT INTO organizations (name, kind, verified) VALUES ($1, 'PROVIDER', true) RETURNING id`, [`diff-org-${i}`]))[0].id);
    }
    const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length];
    for (let i = 0; i < 12; i++) {
      const u = await m.query(`INSERT INTO users (email, password_hash, role, organization_id) VALUES ($1, 'x', $2, $3) RETURNING id`, [
        `diff-${i}@example.test`,
        pick(ROLES, i),
        pick(orgs, i * 7),
      ]);
      ids.users.push(u[0].id);
    }
    for (let i = 0; i < 40; i++) {
      const d = await m.query(
        `INSERT INTO datasets (owner_org_id, title, description, region, provenance, rights, status) VALUES ($1, $2, '', 'CN', 'COLLECTED', '{}', $3) RETURNING id`,
        [pick(orgs, i * 3 + 1), `diff ${i}`, pick(DATASET_STATUSES, i * 5)],
      );
      ids.datasets.push(d[0].id);
    }
    const versionId = (await m.query(
      `INSERT INTO dataset_versions (dataset_id, number, storage_key, bytes, sha256, uploaded_by) VALUES ($1, 1, 'k', 1, repeat('0', 64), $2) RETURNING id`,
      [ids.datasets[0], ids.users[0]],
    ))[0].id;
    for (let i = 0; i < 24; i++) {
      const buyer = pick(orgs, i);
      const provider = pick(orgs, i * 3 + 2);
      const r = await m.query(
        `INSERT INTO access_requests (dataset_id, buyer_org_id, provider_org_id, requested_by, purpose, duration_days, region, status)
         VALUES ($1, $2, $3, $4, 'p', 1, 'CN', 'PENDING') RETURNING id`,
        [ids.datasets[0], buyer, provider, ids.users[0]],
      );
      ids.requests.push(r[0].id);
      const g = await m.query(
        `INSERT INTO grants (request_id, dataset_id, version_id, buyer_org_id, provider_org_id, purposes, region, expires_at, status)
         VALUES ($1, $2, $3, $4, $5, '{p}', 'CN', now() + interval '1 day', 'ACTIVE') RETURNING id`,
        [r[0].id, ids.datasets[0], versionId, buyer, provider],
      );
      ids.grants.push(g[0].id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const callers = fc.record({
    role: fc.constantFrom(...ROLES),
    org: fc.nat({ max: 4 }), // 4 = an organization that owns nothing
    user: fc.nat({ max: 12 }),
  });

  it('agrees for datasets, access requests, grants and users', async () => {
    await fc.assert(
      fc.asyncProperty(callers, async ({ role, org, user }) => {
        const caller: PolicyUser = { id: ids.users[user] ?? randomUUID(), organizationId: orgs[org] ?? randomUUID(), role };
        const ability = defineAbilityFor(caller);
        const m = t.dataSource.manager;
        const cases = [
          { entity: Dataset, name: 'Dataset' as const, alias: 'dataset', idList: ids.datasets },
          { entity: AccessRequest, name: 'AccessRequest' as const, alias: 'request', idList: ids.requests },
          { entity: Grant, name: 'Grant' as const, alias: 'grant', idList: ids.grants },
          { entity: User, name: 'User' as const, alias: 'user', idList: ids.users },
        ];
        for (const c of cases) {
          const all = await m.createQueryBuilder(c.entity, c.alias).where(`${c.alias}.id IN (:...ids)`, { ids: c.idList }).getMany();
          const inMemory = all.filter((row) => ability.can('read', subject(c.name, row as never))).map((r) => r.id).sort();
          const qb = m.createQueryBuilder(c.entity, c.alias).where(`${c.alias}.id IN (:...ids)`, { ids: c.idList });
          const inSql = (await whereAbilityAllows(qb, ability, 'read', c.name).getMany()).map((r) => r.id).sort();
          expect(inSql).toEqual(inMemory);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('is not vacuous: callers see different, non-empty subsets', async () => {
    const count = async (caller: PolicyUser) => {
      const qb = t.dataSource.manager.createQueryBuilder(Dataset, 'dataset').where('dataset.id IN (:...ids)', { ids: ids.datasets });
      return whereAbilityAllows(qb, defineAbilityFor(caller), 'read', 'Dataset').getCount();
    };
    const provider = await count({ id: ids.users[0], organizationId: orgs[1], role: 'PROVIDER' });
    const buyer = await count({ id: ids.users[1], organizationId: orgs[0], role: 'BUYER' });
    const regulator = await count({ id: ids.users[3], organizationId: orgs[0], role: 'REGULATOR' });
    expect(regulator).toBe(ids.datasets.length);
    expect(buyer).toBeGreaterThan(0);
    expect(buyer).toBeLessThan(regulator);
    expect(provider).toBeGreaterThan(buyer);
  });
});
