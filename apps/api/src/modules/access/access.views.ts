/**
 * The access module's tables as read-only relations for other modules' reports (regulator,
 * statutory report): a reader joins `FROM ${GRANTS_VIEW} g`, never the table, and sees only the
 * columns listed here, so this module may change its tables behind them. Plain subqueries:
 * PostgreSQL inlines them, a report stays one query with the plan it had.
 */
export const ACCESS_REQUESTS_VIEW = `(SELECT id, created_at, dataset_id, buyer_org_id, provider_org_id, status, purpose FROM access_requests)`;

export const GRANTS_VIEW = `(SELECT id, created_at, dataset_id, buyer_org_id, provider_org_id, status, purposes, rows_delivered FROM grants)`;

export const DELIVERIES_VIEW = `(SELECT id, created_at, grant_id, version_id, rows_delivered FROM deliveries)`;

/** Personal-information items per buyer and type (each delivered version counted once). */
export const BUYER_EXPOSURE_VIEW = `(SELECT buyer_org_id, pii_type, items, tier FROM buyer_exposure)`;
