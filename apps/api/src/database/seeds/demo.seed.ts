import type { OrganizationKind, Role } from '@eastlake/policy';
import type { DataSource, EntityManager } from 'typeorm';
import { Organization } from '../../modules/organizations/organization.entity.js';
import { User } from '../../modules/users/user.entity.js';

/** The demo password of every demo account (DESIGN.md, "GraphQL contract"). */
export const DEMO_PASSWORD = 'demo-password';

export const DEMO_ACCOUNTS: ReadonlyArray<{
  email: string;
  role: Role;
  organization: string;
  kind: OrganizationKind;
}> = [
  { email: 'provider@demo.eastlake', role: 'PROVIDER', organization: 'Demo Provider Co.', kind: 'PROVIDER' },
  { email: 'provider2@demo.eastlake', role: 'PROVIDER', organization: 'Second Provider Co.', kind: 'PROVIDER' },
  { email: 'buyer@demo.eastlake', role: 'BUYER', organization: 'Demo Buyer Ltd.', kind: 'BUYER' },
  { email: 'regulator@demo.eastlake', role: 'REGULATOR', organization: 'Demo Regulator', kind: 'REGULATOR' },
  { email: 'admin@demo.eastlake', role: 'ADMIN', organization: 'EastLake Platform', kind: 'PLATFORM' },
];

/**
 * Creates the demo organizations (verified) and accounts when they are missing.
 * Idempotent: a restart finds them and changes nothing.
 * @returns the emails it created.
 */
export async function seedDemo(
  dataSource: DataSource,
  hash: (password: string) => Promise<string>,
  record: (manager: EntityManager, user: User, organization: Organization) => Promise<void>,
): Promise<string[]> {
  const created: string[] = [];
  const passwordHash = await hash(DEMO_PASSWORD);
  await dataSource.transaction(async (manager) => {
    for (const account of DEMO_ACCOUNTS) {
      if (await manager.existsBy(User, { email: account.email })) continue;
      let organization = await manager.findOneBy(Organization, { name: account.organization });
      organization ??= await manager.save(
        manager.create(Organization, { name: account.organization, kind: account.kind, verified: true }),
      );
      const user = await manager.save(
        manager.create(User, { email: account.email, passwordHash, role: account.role, organizationId: organization.id }),
      );
      await record(manager, user, organization);
      created.push(account.email);
    }
  });
  return created;
}
