import { Injectable } from '@nestjs/common';
import { containment, type Reason } from '@eastlake/classifier';
import type { EntityManager } from 'typeorm';
import type { DatasetVersion } from '../datasets/dataset-version.entity.js';
import { DATASETS_VIEW } from '../datasets/dataset.views.js';
import type { SubjectFingerprint } from './classify-in-thread.js';

/** Share of a new version's subjects found in another organization's listing that sends it to review. */
export const RESALE_OVERLAP = 0.3;

/** What the uploader reads: the overlapping listing is named to reviewers and regulators only. */
export const RESALE_REASON: Reason = {
  code: 'RESALE_SUSPECTED',
  severity: 'REVIEW',
  column: null,
  message: `At least ${RESALE_OVERLAP * 100} % of the people in this file also appear in another organization's listing: a reviewer must check where the data came from before it can be traded.`,
  citations: ['Criminal Law Art. 253-1', 'PIPL Art. 10', 'Data Security Law Art. 32', 'Data Security Law Art. 33'],
  remediation: 'Declare the provenance as ACQUIRED with the grant you obtained the data under, or remove the records you did not collect yourself.',
};

/**
 * Resale detection: compares the MinHash fingerprint of a new version's data subjects
 * with the current versions of other organizations' datasets (never its own, nor the
 * listing it was acquired from: `acquired_from_dataset_id`, which the access module records
 * at creation from a parent grant made to the dataset's organization).
 */
@Injectable()
export class ResaleDetector {
  /** Stores the fingerprint and every overlap ≥ 30 %. @returns how many listings overlap. */
  async findWithManager(manager: EntityManager, version: DatasetVersion, fingerprint: SubjectFingerprint): Promise<number> {
    await manager.query(`INSERT INTO version_fingerprints (version_id, subjects, signature) VALUES ($1, $2, $3) ON CONFLICT (version_id) DO NOTHING`, [
      version.id,
      fingerprint.subjects,
      JSON.stringify(fingerprint.signature),
    ]);
    const others: Array<{ version_id: string; dataset_id: string; subjects: number; signature: number[] }> = await manager.query(
      `SELECT f.version_id, d.id AS dataset_id, f.subjects, f.signature
         FROM version_fingerprints f
         JOIN ${DATASETS_VIEW} d ON d.current_version_id = f.version_id
         JOIN ${DATASETS_VIEW} mine ON mine.id = $1
        WHERE d.owner_org_id <> mine.owner_org_id
          AND d.id IS DISTINCT FROM mine.acquired_from_dataset_id`,
      [version.datasetId],
    );
    let found = 0;
    for (const other of others) {
      const overlap = containment(fingerprint.signature, fingerprint.subjects, other.signature, other.subjects);
      if (overlap < RESALE_OVERLAP) continue;
      found++;
      await manager.query(
        `INSERT INTO resale_suspicions (version_id, other_dataset_id, other_version_id, overlap_permille) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [version.id, other.dataset_id, other.version_id, Math.round(overlap * 1000)],
      );
    }
    return found;
  }

  /** The overlaps recorded for a version, largest first. */
  async suspicionsWithManager(manager: EntityManager, versionId: string): Promise<Array<{ otherDatasetId: string; overlapPermille: number }>> {
    const rows: Array<{ other_dataset_id: string; overlap_permille: number }> = await manager.query(
      `SELECT other_dataset_id, overlap_permille FROM resale_suspicions WHERE version_id = $1 ORDER BY overlap_permille DESC`,
      [versionId],
    );
    return rows.map((r) => ({ otherDatasetId: r.other_dataset_id, overlapPermille: r.overlap_permille }));
  }

  async isSuspectedWithManager(manager: EntityManager, versionId: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM resale_suspicions WHERE version_id = $1 LIMIT 1`, [versionId])).length > 0;
  }
}
