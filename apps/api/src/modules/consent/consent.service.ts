import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { NotFoundException } from '../../common/errors/domain.exception.js';
import { requestLoader } from '../../common/graphql/request-loaders.util.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { ConsentCoverage } from './consent-coverage.entity.js';
import { parseConsentManifest } from './consent-manifest.parser.js';
import { ConsentManifest } from './consent-manifest.entity.js';
import { ConsentAttached } from './events/consent.events.js';

const MANIFEST_MAX_BYTES = 512 * 1024 * 1024;
const INSERT_CHUNK = 2000;

@Injectable()
export class ConsentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: DatasetLifecycleService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  /**
   * Stores a consent manifest for the dataset's current version (subject keys only),
   * and reclassifies the version with it for every purpose it names.
   */
  async attach(user: AuthUser, ability: AppAbility, datasetId: string, body: Readable): Promise<ConsentManifest> {
    const dataset = await this.lifecycle.findWithManager(this.dataSource.manager, datasetId);
    if (!dataset || !ability.can('read', subject('Dataset', dataset))) throw new NotFoundException('dataset', datasetId);
    ForbiddenError.from(ability).setMessage('only the owner attaches consent').throwUnlessCan('update', subject('Dataset', dataset));
    this.lifecycle.assertCan(dataset, 'CONSENT_ATTACHED');

    const key = `consents/${dataset.id}/${randomUUID()}.csv`;
    await this.storage.write(key, body, MANIFEST_MAX_BYTES);
    let manifest: ConsentManifest;
    try {
      const records = await parseConsentManifest(this.storage.read(key));
      const purposes = [...new Set(records.flatMap((r) => r.purposes))].sort();
      manifest = await this.dataSource.transaction(async (manager) => {
        const locked = await this.lifecycle.lockWithManager(manager, datasetId);
        this.lifecycle.assertCan(locked, 'CONSENT_ATTACHED');
        const version = await this.lifecycle.versionWithManager(manager, locked.currentVersionId!);
        const saved = await manager.save(
          manager.create(ConsentManifest, { datasetId, versionId: version.id, storageKey: key, records: records.length, purposes, uploadedBy: user.id }),
        );
        for (let i = 0; i < records.length; i += INSERT_CHUNK) {
          const chunk = records.slice(i, i + INSERT_CHUNK);
          await manager.query(
            `INSERT INTO consent_records (manifest_id, subject_key, purposes, third_party, sensitive_separate, expires_at, revoked_at)
             SELECT $1, k, string_to_array(p, '|'), t, s, e, r
               FROM unnest($2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::timestamptz[], $7::timestamptz[]) AS x(k, p, t, s, e, r)`,
            [
              saved.id,
              chunk.map((r) => r.subjectKey),
              chunk.map((r) => r.purposes.join('|')),
              chunk.map((r) => r.thirdParty),
              chunk.map((r) => r.sensitiveSeparate),
              chunk.map((r) => r.expiresAt.toISOString()),
              chunk.map((r) => r.revokedAt?.toISOString() ?? null),
            ],
          );
        }
        await this.lifecycle.applyWithManager(manager, locked, 'CONSENT_ATTACHED', {
          action: 'consent.attached',
          actor: actorOf(user),
          data: { manifestId: saved.id, versionId: version.id, records: records.length, purposes },
          // Classification re-runs the version with this manifest (its subscriber).
          as: (transition) => new ConsentAttached(transition, { id: saved.id, versionId: version.id, purposes: purposes.length }),
        });
        return saved;
      });
    } catch (error) {
      await this.storage.remove(key);
      throw error;
    }
    return manifest;
  }

  /** A manifest by id, read in the caller's transaction (the classifier re-runs a version with it). */
  manifestWithManager(manager: EntityManager, id: string): Promise<ConsentManifest> {
    return manager.findOneByOrFail(ConsentManifest, { id });
  }

  /** Records the coverage the classifier measured for each purpose of `manifestId` on a version (a re-run overwrites it). */
  async recordCoverageWithManager(
    manager: EntityManager,
    versionId: string,
    manifestId: string,
    coverages: ReadonlyArray<Pick<ConsentCoverage, 'purpose' | 'coveredRows' | 'neededRows' | 'rows' | 'verdict'>>,
  ): Promise<void> {
    await manager.upsert(
      ConsentCoverage,
      coverages.map((c) => ({ versionId, manifestId, purpose: c.purpose, coveredRows: c.coveredRows, neededRows: c.neededRows, rows: c.rows, verdict: c.verdict, computedAt: new Date() })),
      ['versionId', 'manifestId', 'purpose'],
    );
  }

  /** Coverage per purpose from the latest manifest of each version, batched per request. */
  coverageLoader(req: object) {
    return requestLoader(req, 'consentCoverage', async (versionIds) => {
      const rows = await this.dataSource.manager
        .createQueryBuilder(ConsentCoverage, 'c')
        .where('c.versionId IN (:...ids)', { ids: [...versionIds] })
        .andWhere(
          `c.manifestId = (SELECT m.id FROM consent_manifests m WHERE m.version_id = c.version_id ORDER BY m.created_at DESC LIMIT 1)`,
        )
        .orderBy('c.purpose')
        .getMany();
      const byVersion = new Map<string, ConsentCoverage[]>();
      for (const row of rows) byVersion.set(row.versionId, [...(byVersion.get(row.versionId) ?? []), row]);
      return byVersion;
    });
  }

  /** Coverage of every purpose of the version's latest manifest, read in the caller's transaction. */
  latestCoverageWithManager(manager: EntityManager, versionId: string): Promise<Array<Pick<ConsentCoverage, 'purpose' | 'coveredRows' | 'neededRows'>>> {
    return manager.query(
      `SELECT c.purpose, c.covered_rows::int AS "coveredRows", c.needed_rows::int AS "neededRows"
         FROM consent_coverage c
        WHERE c.version_id = $1
          AND c.manifest_id = (SELECT m.id FROM consent_manifests m WHERE m.version_id = $1 ORDER BY m.created_at DESC LIMIT 1)
        ORDER BY c.purpose`,
      [versionId],
    );
  }

  /** Coverage of `purpose` by the version's latest manifest, or null when it has none (read in the caller's transaction). */
  async purposeCoverageWithManager(manager: EntityManager, versionId: string, purpose: string): Promise<{ coveredRows: number; neededRows: number } | null> {
    const [row]: Array<{ covered: string; needed: string }> = await manager.query(
      `SELECT c.covered_rows AS covered, c.needed_rows AS needed FROM consent_coverage c
        WHERE c.version_id = $1 AND c.purpose = $2
          AND c.manifest_id = (SELECT m.id FROM consent_manifests m WHERE m.version_id = $1 ORDER BY m.created_at DESC LIMIT 1)`,
      [versionId, purpose],
    );
    return row ? { coveredRows: Number(row.covered), neededRows: Number(row.needed) } : null;
  }

  /** Whether consent on record (the latest manifest) for `purpose` covers every row of the version (read in the caller's transaction). */
  async coversEveryRowWithManager(manager: EntityManager, versionId: string, purpose: string): Promise<boolean> {
    const coverage = await this.purposeCoverageWithManager(manager, versionId, purpose);
    if (!coverage) return false;
    const version = await this.lifecycle.findVersionWithManager(manager, versionId);
    const needed = coverage.neededRows;
    return needed > 0 && coverage.coveredRows === needed && needed === (version?.rows ?? -1);
  }

  /** Coverage of one purpose on a version (latest manifest), or null when none. */
  async coverageFor(versionId: string, purpose: string): Promise<ConsentCoverage | null> {
    const rows = await this.dataSource.manager.find(ConsentCoverage, {
      where: { versionId, purpose: In([purpose]) },
      order: { computedAt: 'DESC' },
      take: 1,
    });
    return rows[0] ?? null;
  }

  /** A copy of `manifest` (its records included) for another version of the same dataset, stored under `storageKey`. */
  async copyManifestWithManager(manager: EntityManager, manifest: ConsentManifest, to: { versionId: string; storageKey: string; uploadedBy: string }): Promise<ConsentManifest> {
    const copy = await manager.save(
      manager.create(ConsentManifest, { datasetId: manifest.datasetId, versionId: to.versionId, storageKey: to.storageKey, records: manifest.records, purposes: manifest.purposes, uploadedBy: to.uploadedBy }),
    );
    await manager.query(
      `INSERT INTO consent_records (manifest_id, subject_key, purposes, third_party, sensitive_separate, expires_at, revoked_at)
       SELECT $1, subject_key, purposes, third_party, sensitive_separate, expires_at, revoked_at FROM consent_records WHERE manifest_id = $2`,
      [copy.id, manifest.id],
    );
    return copy;
  }

  /** The latest consent manifest attached to a version, or null. */
  latestManifestFor(versionId: string): Promise<ConsentManifest | null> {
    return this.dataSource.manager.findOne(ConsentManifest, { where: { versionId }, order: { createdAt: 'DESC' } });
  }

  /**
   * Which of `keys` have a record in `manifestId` valid today for `purpose` (third party,
   * the purpose listed, not expired, not revoked); the value is `sensitive_separate`.
   */
  async validSubjectKeys(manifestId: string, purpose: string, keys: readonly string[]): Promise<Map<string, boolean>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ subject_key: string; separate: boolean }> = await this.dataSource.query(
      `SELECT subject_key, bool_or(sensitive_separate) AS separate FROM consent_records
        WHERE manifest_id = $1 AND subject_key = ANY($2::char(64)[]) AND third_party AND $3 = ANY(purposes)
          AND expires_at > now() AND (revoked_at IS NULL OR revoked_at > now())
        GROUP BY subject_key`,
      [manifestId, keys, purpose.trim().toLowerCase()],
    );
    return new Map(rows.map((r) => [r.subject_key.trim(), r.separate]));
  }
}
