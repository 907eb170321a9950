/**
 * The orders table as a read-only relation for other modules' reports (regulator, statutory
 * report): see access/access.views.ts for the contract.
 */
export const ORDERS_VIEW = `(SELECT provider_org_id, amount_fen, lawful, created_at FROM orders)`;
