import type { LedgerActor } from '@eastlake/ledger';
import type { EntityManager } from 'typeorm';
import type { LedgerService } from '../ledger/ledger.service.js';
import { assessCrossBorder, volumeWith, type CrossBorderAssessment, type EvidenceMechanism, type VersionExport } from './export-volume.js';

/**
 * The cross-border facts of a request or delivery, read with the caller's `manager` (inside its
 * transaction): the exporter's exports this calendar year (UTC), this version's people, and the
 * approved evidence on file for the year.
 */

export function yearOf(at: Date = new Date()): number {
  return at.getUTCFullYear();
}

interface ExportRow {
  version_id: string;
  people: string;
  sensitive_people: string;
  important: boolean;
}

export async function exportsOfYear(manager: EntityManager, exporterOrgId: string, year: number): Promise<VersionExport[]> {
  const rows: ExportRow[] = await manager.query(`SELECT version_id, people, sensitive_people, important FROM cross_border_exports WHERE exporter_org_id = $1 AND year = $2`, [exporterOrgId, year]);
  return rows.map((r) => ({ versionId: r.version_id, people: Number(r.people), sensitivePeople: Number(r.sensitive_people), important: r.important }));
}

export async function approvedEvidence(manager: EntityManager, exporterOrgId: string, year: number): Promise<Array<{ id: string; mechanism: EvidenceMechanism }>> {
  return manager.query(`SELECT id, mechanism FROM cross_border_evidence WHERE exporter_org_id = $1 AND year = $2 AND status = 'APPROVED' ORDER BY reviewed_at DESC`, [exporterOrgId, year]);
}

/**
 * The mechanism providing a version abroad needs this year, and whether the exporter has it.
 * `candidate` is what the version adds to the exporter's year (`versionExportOf` its graded
 * report; null when it is not classified): the caller grades it, so this module imports no grading.
 */
export async function crossBorderAssessment(manager: EntityManager, t: { exporterOrgId: string; candidate: VersionExport | null }, at = new Date()): Promise<CrossBorderAssessment> {
  const year = yearOf(at);
  const volume = volumeWith(await exportsOfYear(manager, t.exporterOrgId, year), t.candidate);
  return assessCrossBorder(year, volume, await approvedEvidence(manager, t.exporterOrgId, year));
}

/** A delivery outside the mainland: counted once per version and year for the exporter, ledgered with the mechanism it relied on. */
export async function recordCrossBorderExport(
  manager: EntityManager,
  ledger: LedgerService,
  actor: LedgerActor,
  grant: { id: string; datasetId: string; versionId: string; providerOrgId: string; region: string },
  assessment: CrossBorderAssessment,
  v: VersionExport | null,
): Promise<void> {
  if (!v) return;
  const inserted: unknown[] = await manager.query(
    `INSERT INTO cross_border_exports (exporter_org_id, year, version_id, grant_id, region, people, sensitive_people, important, mechanism)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING version_id`,
    [grant.providerOrgId, assessment.year, grant.versionId, grant.id, grant.region, v.people, v.sensitivePeople, v.important, assessment.mechanism],
  );
  if (inserted.length === 0) return;
  await ledger.append(manager, {
    action: 'cross_border.exported',
    actor,
    subject: { type: 'Grant', id: grant.id },
    data: {
      exporterOrgId: grant.providerOrgId,
      year: assessment.year,
      versionId: grant.versionId,
      region: grant.region,
      people: v.people,
      sensitivePeople: v.sensitivePeople,
      importantData: v.important,
      mechanism: assessment.mechanism,
      rule: assessment.rule,
      evidenceId: assessment.evidenceId,
      yearNonSensitivePeople: assessment.nonSensitivePeople,
      yearSensitivePeople: assessment.sensitivePeople,
    },
  });
}
