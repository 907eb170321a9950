import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Organization } from '../src/modules/organizations/organization.entity.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';

/**
 * The embedded database must keep transactions honest: STACK.md records a PGlite
 * adapter that lost a rollback when another connection wrote meanwhile.
 */
describe('transactions (e2e, on PGlite unless DATABASE_URL is set)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (name: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM organizations WHERE name = $1`, [name]))[0].n as number;

  it('leaves nothing behind when a transaction rolls back', async () => {
    await expect(
      t.dataSource.transaction(async (manager) => {
        await manager.save(manager.create(Organization, { name: 'rolled-back', kind: 'BUYER', verified: false }));
        expect(await manager.countBy(Organization, { name: 'rolled-back' })).toBe(1);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await count('rolled-back')).toBe(0);
  });

  it('keeps a rollback even while another write commits concurrently', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = t.dataSource.transaction(async (manager) => {
      await manager.save(manager.create(Organization, { name: 'inside-failed-tx', kind: 'BUYER', verified: false }));
      await gate;
      throw new Error('abort');
    });
    const concurrent = t.dataSource.manager.save(
      t.dataSource.manager.create(Organization, { name: 'outside-committed', kind: 'BUYER', verified: false }),
    );
    release();
    await expect(failing).rejects.toThrow('abort');
    await concurrent;
    expect(await count('inside-failed-tx')).toBe(0);
    expect(await count('outside-committed')).toBe(1);
  });

  it('commits both writes of a successful transaction', async () => {
    await t.dataSource.transaction(async (manager) => {
      await manager.save(manager.create(Organization, { name: 'tx-a', kind: 'BUYER', verified: false }));
      await manager.save(manager.create(Organization, { name: 'tx-b', kind: 'PROVIDER', verified: false }));
    });
    expect((await count('tx-a')) + (await count('tx-b'))).toBe(2);
  });
});
