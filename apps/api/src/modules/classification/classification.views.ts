/**
 * The classification module's tables as read-only relations for other modules' reports
 * (regulator, statutory report): see access/access.views.ts for the contract.
 */
export const CLASSIFICATIONS_VIEW = `(SELECT version_id, verdict, report, created_at FROM classifications)`;

/** Versions whose data subjects overlap another organization's listing. */
export const RESALE_SUSPICIONS_VIEW = `(SELECT version_id, other_dataset_id, other_version_id, overlap_permille FROM resale_suspicions)`;
