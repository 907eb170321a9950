/**
 * The organizations table as a read-only relation for other modules' reports (regulator,
 * statutory report): see access/access.views.ts for the contract.
 */
export const ORGANIZATIONS_VIEW = `(SELECT id, name, kind, verified, created_at FROM organizations)`;
