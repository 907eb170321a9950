import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { approvedEvidence, exportsOfYear, yearOf } from './cross-border-checks.js';
import { assessCrossBorder, EVIDENCE_MECHANISMS, volumeWith, type EvidenceMechanism } from './export-volume.js';
import { CrossBorderException, CrossBorderExceptionCode } from './exceptions/cross-border.exception.js';
import type { CrossBorderEvidenceModel, CrossBorderPositionModel } from './models/cross-border.models.js';
import { ORGANIZATIONS_VIEW } from '../organizations/organization.views.js';

/** Evidence documents are contracts, certificates or CAC decisions: 20 MB is plenty. */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

interface EvidenceRow {
  id: string;
  exporter_org_id: string;
  exporter_name: string;
  year: number;
  mechanism: EvidenceMechanism;
  storage_key: string;
  file_name: string | null;
  bytes: string;
  sha256: string;
  status: string;
  review_note: string | null;
  reviewed_at: Date | null;
  created_at: Date;
}

const toModel = (r: EvidenceRow): CrossBorderEvidenceModel => ({
  id: r.id,
  exporterOrgId: r.exporter_org_id,
  exporterName: r.exporter_name,
  year: Number(r.year),
  mechanism: r.mechanism,
  fileName: r.file_name,
  bytes: Number(r.bytes),
  sha256: r.sha256.trim(),
  status: r.status,
  reviewNote: r.review_note,
  reviewedAt: r.reviewed_at ? new Date(r.reviewed_at) : null,
  createdAt: new Date(r.created_at),
  documentUrl: `/api/cross-border/evidence/${r.id}/document`,
});

const EVIDENCE_SELECT = `SELECT e.*, o.name AS exporter_name FROM cross_border_evidence e JOIN ${ORGANIZATIONS_VIEW} o ON o.id = e.exporter_org_id`;

/**
 * Cross-border mechanisms (CAC Provisions on Promoting and Regulating Cross-border Data Flows,
 * 2024): exporters file evidence of theirs for a calendar year, regulators approve or reject it
 * (ledgered), and everyone concerned sees each exporter's year against the thresholds.
 */
@Injectable()
export class CrossBorderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  /** Stores the document (streamed, hashed) and records it PENDING for a regulator, ledgered with its hash. */
  async upload(user: AuthUser, ability: AppAbility, meta: { year: number; mechanism: string; fileName?: string; contentLength?: number }, body: Readable): Promise<CrossBorderEvidenceModel> {
    ForbiddenError.from(ability).setMessage('only the exporter files its evidence').throwUnlessCan('upload', subject('CrossBorderEvidence', { exporterOrgId: user.organizationId }));
    if (!EVIDENCE_MECHANISMS.includes(meta.mechanism as EvidenceMechanism)) throw new BadInputException(`mechanism must be one of ${EVIDENCE_MECHANISMS.join(', ')}`);
    if (!Number.isInteger(meta.year) || meta.year < 2024 || meta.year > yearOf() + 1) throw new BadInputException(`year must be a calendar year from 2024 to ${yearOf() + 1}`);
    if (meta.contentLength !== undefined && meta.contentLength > MAX_EVIDENCE_BYTES) {
      throw new CrossBorderException(CrossBorderExceptionCode.DOCUMENT_TOO_LARGE, `the document is ${meta.contentLength} bytes; the limit is ${MAX_EVIDENCE_BYTES}`);
    }
    const key = `cross-border/${user.organizationId}/${randomUUID()}`;
    const stored = await this.storage.write(key, body, MAX_EVIDENCE_BYTES);
    if (stored.bytes === 0) {
      await this.storage.remove(key);
      throw new CrossBorderException(CrossBorderExceptionCode.EMPTY_DOCUMENT, 'the document is empty');
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [row]: Array<{ id: string }> = await manager.query(
          `INSERT INTO cross_border_evidence (exporter_org_id, year, mechanism, storage_key, file_name, bytes, sha256, status, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8) RETURNING id`,
          [user.organizationId, meta.year, meta.mechanism, key, meta.fileName ?? null, stored.bytes, stored.sha256, user.id],
        );
        await this.ledger.append(manager, {
          action: 'cross_border.evidence_filed',
          actor: actorOf(user),
          subject: { type: 'CrossBorderEvidence', id: row.id },
          data: { exporterOrgId: user.organizationId, year: meta.year, mechanism: meta.mechanism, bytes: stored.bytes, sha256: stored.sha256, fileName: meta.fileName ?? null },
        });
        return this.oneWithManager(manager, row.id);
      });
    } catch (error) {
      await this.storage.remove(key);
      throw error;
    }
  }

  private async oneWithManager(manager: EntityManager, id: string): Promise<CrossBorderEvidenceModel> {
    const [row]: EvidenceRow[] = await manager.query(`${EVIDENCE_SELECT} WHERE e.id = $1`, [id]);
    if (!row) throw new NotFoundException('cross-border evidence', id);
    return toModel(row);
  }

  /** A regulator approves or rejects PENDING evidence, with a note; ledgered in the same transaction. */
  async review(user: AuthUser, ability: AppAbility, id: string, approve: boolean, note: string): Promise<CrossBorderEvidenceModel> {
    ForbiddenError.from(ability).setMessage('only a regulator reviews cross-border evidence').throwUnlessCan('review', 'CrossBorderEvidence');
    const why = note.trim();
    if (!why) throw new BadInputException('a review needs a note (what was checked, e.g. "CAC filing no. … verified")');
    return this.dataSource.transaction(async (manager) => {
      const [row]: EvidenceRow[] = await manager.query(`SELECT * FROM cross_border_evidence WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw new NotFoundException('cross-border evidence', id);
      if (row.status !== 'PENDING') throw new CrossBorderException(CrossBorderExceptionCode.NOT_PENDING, `the evidence is already ${row.status}`, { status: row.status });
      const status = approve ? 'APPROVED' : 'REJECTED';
      await manager.query(`UPDATE cross_border_evidence SET status = $2, reviewed_by = $3, review_note = $4, reviewed_at = now() WHERE id = $1`, [id, status, user.id, why]);
      await this.ledger.append(manager, {
        action: approve ? 'cross_border.evidence_approved' : 'cross_border.evidence_rejected',
        actor: actorOf(user),
        subject: { type: 'CrossBorderEvidence', id },
        data: { exporterOrgId: row.exporter_org_id, year: Number(row.year), mechanism: row.mechanism, sha256: row.sha256.trim(), note: why },
      });
      return this.oneWithManager(manager, id);
    });
  }

  /** Evidence the caller may see (the exporter its own; regulators and admins all), newest first. */
  async list(ability: AppAbility, user: AuthUser, filter: { status?: string; year?: number }): Promise<CrossBorderEvidenceModel[]> {
    ForbiddenError.from(ability).throwUnlessCan('read', 'CrossBorderEvidence');
    const own = !ability.can('review', 'CrossBorderEvidence') && user.role === 'PROVIDER';
    const rows: EvidenceRow[] = await this.dataSource.query(
      `${EVIDENCE_SELECT} WHERE ($1::uuid IS NULL OR e.exporter_org_id = $1) AND ($2::text IS NULL OR e.status = $2) AND ($3::int IS NULL OR e.year = $3)
        ORDER BY e.created_at DESC, e.id DESC LIMIT 500`,
      [own ? user.organizationId : null, filter.status ?? null, filter.year ?? null],
    );
    return rows.map(toModel).filter((e) => ability.can('read', subject('CrossBorderEvidence', { exporterOrgId: e.exporterOrgId })));
  }

  /** The document, for the exporter, regulators and admins. */
  async document(ability: AppAbility, id: string): Promise<{ body: Readable; bytes: number; fileName: string }> {
    const [row]: EvidenceRow[] = await this.dataSource.query(`SELECT * FROM cross_border_evidence WHERE id = $1`, [id]);
    if (!row || !ability.can('read', subject('CrossBorderEvidence', { exporterOrgId: row.exporter_org_id }))) throw new NotFoundException('cross-border evidence', id);
    return { body: this.storage.read(row.storage_key), bytes: Number(row.bytes), fileName: row.file_name ?? `evidence-${id}` };
  }

  /** Each exporter's year abroad against the thresholds (the exporter sees its own; regulators and admins all). */
  async positions(ability: AppAbility, user: AuthUser, year: number): Promise<CrossBorderPositionModel[]> {
    ForbiddenError.from(ability).throwUnlessCan('read', 'CrossBorderEvidence');
    const own = !ability.can('review', 'CrossBorderEvidence') && user.role === 'PROVIDER';
    return positionsOfYear(this.dataSource.manager, year, own ? user.organizationId : null, this.list.bind(this, ability, user));
  }
}

/** Every exporter with exports or evidence in `year` (or just `onlyOrgId`), with its mechanism. */
export async function positionsOfYear(
  manager: EntityManager,
  year: number,
  onlyOrgId: string | null,
  evidenceOf?: (filter: { year: number }) => Promise<CrossBorderEvidenceModel[]>,
): Promise<CrossBorderPositionModel[]> {
  const orgs: Array<{ id: string; name: string }> = await manager.query(
    `SELECT o.id, o.name FROM ${ORGANIZATIONS_VIEW} o
      WHERE ($2::uuid IS NULL OR o.id = $2)
        AND (EXISTS (SELECT 1 FROM cross_border_exports x WHERE x.exporter_org_id = o.id AND x.year = $1)
          OR EXISTS (SELECT 1 FROM cross_border_evidence e WHERE e.exporter_org_id = o.id AND e.year = $1))
      ORDER BY o.name`,
    [year, onlyOrgId],
  );
  const evidence = evidenceOf ? await evidenceOf({ year }) : [];
  const out: CrossBorderPositionModel[] = [];
  for (const o of orgs) {
    const exported = await exportsOfYear(manager, o.id, year);
    const volume = volumeWith(exported, null);
    const a = assessCrossBorder(year, volume, await approvedEvidence(manager, o.id, year));
    out.push({
      exporterOrgId: o.id,
      exporterName: o.name,
      year,
      versions: volume.versions,
      nonSensitivePeople: a.nonSensitivePeople,
      sensitivePeople: a.sensitivePeople,
      importantData: a.importantData,
      mechanism: a.mechanism,
      rule: a.rule,
      citation: a.citation,
      satisfied: a.satisfied,
      evidence: evidence.filter((e) => e.exporterOrgId === o.id),
    });
  }
  return out;
}
