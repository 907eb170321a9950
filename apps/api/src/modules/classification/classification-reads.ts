import type { ClassificationReport } from '@eastlake/classifier';
import type { EntityManager } from 'typeorm';

/**
 * The classifier's report of a version, or null while it has none, read with the caller's
 * `manager` (inside its transaction). For the plain check functions other modules run without
 * dependency injection (enforcement's grades and tiers); services use ClassificationService.
 */
export async function reportOfVersion(manager: EntityManager, versionId: string): Promise<ClassificationReport | null> {
  const rows: Array<{ report: ClassificationReport }> = await manager.query(`SELECT report FROM classifications WHERE version_id = $1`, [versionId]);
  return rows[0]?.report ?? null;
}
