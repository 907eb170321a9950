/**
 * The cross-border exports as a read-only relation for other modules' reports (statutory
 * report): see access/access.views.ts for the contract.
 */
export const CROSS_BORDER_EXPORTS_VIEW = `(SELECT exporter_org_id, year, version_id, mechanism, people, sensitive_people, important, first_delivered_at FROM cross_border_exports)`;
