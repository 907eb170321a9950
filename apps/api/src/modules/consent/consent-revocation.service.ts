import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { nextStatus } from '../datasets/dataset-status.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { ConsentManifest } from './consent-manifest.entity.js';
import { ConsentWithdrawn } from './events/consent.events.js';

const SUBJECT_KEY = /^[0-9a-f]{64}$/;
export const MAX_REVOCATIONS = 100_000;

/**
 * Consent withdrawn by data subjects. One transaction records the revocations, marks the
 * consent records revoked, emits ConsentWithdrawn (access suspends the grants whose purpose
 * the withdrawn consent covered; classification re-queues the exact re-evaluation of the
 * current version against the remaining consent) and suspends a published listing that
 * relied on it. Either all of it commits or none.
 */
@Injectable()
export class ConsentRevocationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: DatasetLifecycleService,
    private readonly ledger: LedgerService,
    private readonly events: DomainEvents,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  static parseKeys(text: string): string[] {
    const keys = text
      .split(/\r?\n/)
      .map((l) => l.split(',')[0].trim().toLowerCase())
      .filter((l) => l && l !== 'subject_key');
    const bad = keys.findIndex((k) => !SUBJECT_KEY.test(k));
    if (bad >= 0) throw new BadInputException(`revocation line ${bad + 1}: a subject key is 64 hex characters (a SHA-256)`);
    if (keys.length === 0) throw new BadInputException('no subject keys to revoke');
    if (keys.length > MAX_REVOCATIONS) throw new BadInputException(`at most ${MAX_REVOCATIONS} revocations per upload`);
    return [...new Set(keys)];
  }

  async revoke(user: AuthUser, ability: AppAbility, datasetId: string, subjectKeys: string[]): Promise<Dataset> {
    const keys = subjectKeys.map((k) => k.trim().toLowerCase());
    if (keys.some((k) => !SUBJECT_KEY.test(k))) throw new BadInputException('subjectKey must be 64 hex characters (the SHA-256 subject key)');
    const found = await this.lifecycle.findWithManager(this.dataSource.manager, datasetId);
    if (!found || !ability.can('read', subject('Dataset', found))) throw new NotFoundException('dataset', datasetId);
    ForbiddenError.from(ability).setMessage('only the owner or an admin records a withdrawal of consent').throwUnlessCan('revokeConsent', subject('Dataset', found));

    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.lifecycle.lockWithManager(manager, datasetId);
      await manager.query(
        `INSERT INTO consent_revocations (dataset_id, subject_key, revoked_by) SELECT $1, k, $2 FROM unnest($3::text[]) AS k`,
        [datasetId, user.id, keys],
      );
      const revoked: Array<{ manifest_id: string; purposes: string[] }> = await manager.query(
        `WITH updated AS (
           UPDATE consent_records r SET revoked_at = now()
             FROM consent_manifests m
            WHERE m.id = r.manifest_id AND m.dataset_id = $1 AND r.subject_key = ANY($2::text[])
              AND (r.revoked_at IS NULL OR r.revoked_at > now())
           RETURNING r.manifest_id, r.purposes)
         SELECT manifest_id, purposes FROM updated`,
        [datasetId, keys],
      );

      const latest = dataset.currentVersionId
        ? await manager.findOne(ConsentManifest, { where: { versionId: dataset.currentVersionId }, order: { createdAt: 'DESC' } })
        : null;
      const purposes = [...new Set(revoked.filter((r) => r.manifest_id === latest?.id).flatMap((r) => r.purposes))].sort();
      const withdrawal = { actor: actorOf(user), datasetId, subjects: keys.length, recordsRevoked: revoked.length, purposes };
      if (!latest || purposes.length === 0) {
        await this.events.emit(manager, new ConsentWithdrawn({ ...withdrawal, manifest: null }));
        return dataset;
      }
      // The manifest file is rewritten from the records, which are authoritative, for the re-evaluation.
      const manifestId = await this.rewriteManifestWithManager(manager, latest);
      await this.events.emit(manager, new ConsentWithdrawn({ ...withdrawal, manifest: { id: manifestId, versionId: latest.versionId, purposes: latest.purposes.length } }));
      if (dataset.status === 'PUBLISHED') {
        await this.lifecycle.applyWithManager(manager, dataset, 'SUSPEND', {
          action: 'dataset.suspended',
          actor: actorOf(user),
          data: { reason: 'consent withdrawn', purposes },
        });
      } else if (dataset.status === 'SUSPENDED') {
        // Stays suspended (a later withdrawal lifts nothing); the coverage is still re-evaluated.
        await this.ledger.append(manager, {
          action: 'dataset.reevaluated',
          actor: actorOf(user),
          subject: { type: 'Dataset', id: datasetId },
          data: { from: 'SUSPENDED', to: 'SUSPENDED', reason: 'consent withdrawn', purposes },
        });
      } else if (nextStatus(dataset.status, 'CONSENT_ATTACHED')) {
        await this.lifecycle.applyWithManager(manager, dataset, 'CONSENT_ATTACHED', {
          action: 'dataset.reevaluated',
          actor: actorOf(user),
          data: { reason: 'consent withdrawn', purposes },
        });
      }
      return dataset;
    });
  }

  /** A new manifest (same records, revocations included) for the same version; returns its id. */
  private async rewriteManifestWithManager(manager: EntityManager, manifest: ConsentManifest): Promise<string> {
    const rows: Array<{ subject_key: string; purposes: string[]; third_party: boolean; sensitive_separate: boolean; expires_at: Date; revoked_at: Date | null }> =
      await manager.query(`SELECT subject_key, purposes, third_party, sensitive_separate, expires_at, revoked_at FROM consent_records WHERE manifest_id = $1`, [manifest.id]);
    const csv = [
      'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at',
      ...rows.map((r) => [r.subject_key, r.purposes.join(';'), r.third_party, r.sensitive_separate, new Date(r.expires_at).toISOString(), r.revoked_at ? new Date(r.revoked_at).toISOString() : ''].join(',')),
    ].join('\n');
    const key = `consents/${manifest.datasetId}/${randomUUID()}.csv`;
    await this.storage.write(key, Readable.from([Buffer.from(csv + '\n')]), Number.MAX_SAFE_INTEGER);
    const copy = await manager.save(
      manager.create(ConsentManifest, { datasetId: manifest.datasetId, versionId: manifest.versionId, storageKey: key, records: rows.length, purposes: manifest.purposes, uploadedBy: manifest.uploadedBy }),
    );
    await manager.query(
      `INSERT INTO consent_records (manifest_id, subject_key, purposes, third_party, sensitive_separate, expires_at, revoked_at)
       SELECT $1, subject_key, purposes, third_party, sensitive_separate, expires_at, revoked_at FROM consent_records WHERE manifest_id = $2`,
      [copy.id, manifest.id],
    );
    return copy.id;
  }

}
