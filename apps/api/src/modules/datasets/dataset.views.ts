/**
 * The datasets module's tables as read-only relations for other modules' joins that must stay one
 * query (regulator and statutory reports; resale detection against every current version): see
 * access/access.views.ts for the contract.
 */
export const DATASETS_VIEW = `(SELECT id, title, owner_org_id, current_version_id, parent_grant_id, acquired_from_dataset_id FROM datasets)`;

export const DATASET_VERSIONS_VIEW = `(SELECT id, dataset_id, storage_key FROM dataset_versions)`;
