/**
 * The organizations table as a read-only relation for other modules' joins that must stay one
 * query (regulator reports, lists that show an organization's name and are filtered or ordered
 * by it): see access/access.views.ts for the contract.
 */
export const ORGANIZATIONS_VIEW = `(SELECT id, name, kind, verified, created_at FROM organizations)`;
