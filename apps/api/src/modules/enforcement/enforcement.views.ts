/**
 * The enforcement module's tables as read-only relations for other modules' reports (regulator,
 * statutory report): see access/access.views.ts for the contract.
 */
export const ENFORCEMENT_ORDERS_VIEW = `(SELECT id, kind, status, target_type, target_id, reason, legal_basis, deadline, created_at, closed_at FROM enforcement_orders)`;

/** What each buyer received per version, with or without a lawful basis (2017 SPC/SPP interpretation Art. 5). */
export const BUYER_HOLDINGS_VIEW = `(SELECT buyer_org_id, version_id, lawful, whereabouts_items, health_items, other_items, first_delivered_at FROM buyer_holdings)`;

export const ORGANIZATION_INSIDERS_VIEW = `(SELECT organization_id, insider FROM organization_insiders)`;

export const DATA_GRADE_DECLARATIONS_VIEW = `(SELECT dataset_id, grade, created_at FROM data_grade_declarations)`;
