/** Roles a user can hold. */
export const ROLES = ['PROVIDER', 'BUYER', 'REGULATOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of organization. */
export const ORGANIZATION_KINDS = ['PROVIDER', 'BUYER', 'REGULATOR', 'PLATFORM'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** The kinds an organization may have when it registers itself; the rest are created by admins. */
export const SELF_REGISTERED_KINDS = ['PROVIDER', 'BUYER'] as const satisfies readonly OrganizationKind[];

/** The role a user gets when their organization registers. */
export function roleForKind(kind: OrganizationKind): Role {
  switch (kind) {
    case 'PROVIDER':
      return 'PROVIDER';
    case 'BUYER':
      return 'BUYER';
    case 'REGULATOR':
      return 'REGULATOR';
    case 'PLATFORM':
      return 'ADMIN';
  }
}
