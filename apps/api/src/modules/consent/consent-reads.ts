import type { EntityManager } from 'typeorm';

/**
 * Plain reads of the consent module's tables for other modules' code that runs in the caller's
 * transaction without dependency injection (see classification/classification-reads.ts).
 */

/** The subject keys whose consent was withdrawn on a dataset (distinct, sorted). */
export async function revokedSubjectKeysWithManager(manager: EntityManager, datasetId: string): Promise<string[]> {
  const rows: Array<{ subject_key: string }> = await manager.query(`SELECT DISTINCT subject_key FROM consent_revocations WHERE dataset_id = $1 ORDER BY subject_key`, [datasetId]);
  return rows.map((r) => r.subject_key);
}
