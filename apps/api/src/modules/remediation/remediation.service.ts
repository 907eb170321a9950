import { Inject, Injectable } from '@nestjs/common';
import type { ClassificationReport } from '@eastlake/classifier';
import { subject, type AppAbility } from '@eastlake/policy';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { requestLoader } from '../../common/graphql/request-loaders.util.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ClassificationService } from '../classification/classification.service.js';
import { CLASSIFICATION_QUEUE, type ClassificationQueue } from '../classification/jobs/classification-queue.js';
import type { ConsentManifest } from '../consent/consent-manifest.entity.js';
import { ConsentService } from '../consent/consent.service.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { DatasetVersion } from '../datasets/dataset-version.entity.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetsService } from '../datasets/datasets.service.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { deriveTable, type ConsentLookup } from './derived-table.writer.js';
import { RemediationException, RemediationExceptionCode } from './exceptions/remediation.exception.js';
import { OrganizationSalt } from './organization-salt.entity.js';
import { compilePlan, validateTransforms, type TransformRequest } from './transforms.js';
import { VersionLineage } from './version-lineage.entity.js';

const MANIFEST_MAX_BYTES = 512 * 1024 * 1024;

/** `customers.csv` → `customers-v3.csv`: a derived version is always CSV. */
function derivedFileName(parent: string | null, number: number): string {
  const base = (parent ?? 'dataset').replace(/\.[A-Za-z0-9]{1,8}$/, '').replace(/-v\d+$/, '');
  return `${base}-v${number}.csv`.slice(0, 255);
}

/**
 * Derives a new version of a dataset server-side from per-column transforms: the parent
 * file is streamed through the transforms into storage, then — in one transaction — the
 * version, its lineage, the status change and the ledger entry are written and the version
 * is queued for classification (with the parent's consent manifest carried over, since the
 * data subjects are the same people).
 */
@Injectable()
export class RemediationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetsService,
    private readonly lifecycle: DatasetLifecycleService,
    private readonly classification: ClassificationService,
    private readonly consent: ConsentService,
    @Inject(CLASSIFICATION_QUEUE) private readonly queue: ClassificationQueue,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async remediate(user: AuthUser, ability: AppAbility, id: string, requested: readonly TransformRequest[]): Promise<Dataset> {
    const dataset = await this.datasets.getFor(ability, id, 'update');
    this.lifecycle.assertCan(dataset, 'UPLOAD');
    const manager = this.dataSource.manager;
    const classification = dataset.currentVersionId ? await this.classification.forVersionWithManager(manager, dataset.currentVersionId) : null;
    if (!dataset.currentVersionId || !classification) {
      throw new RemediationException(RemediationExceptionCode.NOT_CLASSIFIED, 'the current version has no verdict yet: upload a file and wait for its classification');
    }
    const report: ClassificationReport = classification.report;
    if (report.reasons.some((r) => (r.code as string) === 'UNREADABLE_INPUT')) {
      throw new RemediationException(RemediationExceptionCode.UNREADABLE_VERSION, 'the current version could not be read, so it cannot be transformed: upload a readable file');
    }
    const transforms = validateTransforms(report, requested);
    const parent = await this.lifecycle.versionWithManager(manager, dataset.currentVersionId);
    const manifest = await this.consent.latestManifestFor(parent.id);
    const subset = transforms.find((t) => t.kind === 'COVERED_SUBSET');
    if (subset && !manifest) {
      throw new RemediationException(RemediationExceptionCode.NO_CONSENT_MANIFEST, 'a covered subset needs a consent manifest on the current version: attach consent first');
    }
    const salt = transforms.some((t) => t.kind === 'HASH') ? await this.saltFor(dataset.ownerOrgId) : '';
    const plan = compilePlan(report, transforms, salt, new Date());
    const lookup: ConsentLookup | null = subset ? (keys) => this.consent.validSubjectKeys(manifest!.id, subset.purpose!, keys) : null;

    const key = `datasets/${dataset.id}/${randomUUID()}`;
    const derived = deriveTable(this.storage.read(parent.storageKey), parent.bytes, report, plan, lookup);
    let stored: { bytes: number; sha256: string };
    let counts: { rowsIn: number; rowsOut: number };
    try {
      [stored, counts] = await Promise.all([this.storage.write(key, derived.output, this.config.uploadMaxBytes), derived.stats]);
    } catch (error) {
      await this.storage.remove(key);
      throw error;
    }
    if (counts.rowsOut === 0) {
      await this.storage.remove(key);
      throw new RemediationException(
        RemediationExceptionCode.NOTHING_LEFT,
        subset ? `no row would remain: consent covers none of the ${counts.rowsIn} rows for "${subset.purpose}"` : 'no row would remain',
      );
    }
    const manifestKey = manifest ? `consents/${dataset.id}/${randomUUID()}.csv` : null;
    try {
      if (manifest && manifestKey) await this.storage.write(manifestKey, this.storage.read(manifest.storageKey), MANIFEST_MAX_BYTES);
      const { version, carried } = await this.dataSource.transaction(async (tx) => {
        const locked = await this.lifecycle.lockWithManager(tx, dataset.id);
        if (locked.currentVersionId !== parent.id) {
          throw new RemediationException(RemediationExceptionCode.VERSION_CHANGED, 'a newer version was uploaded meanwhile: look at it and remediate again');
        }
        this.lifecycle.assertCan(locked, 'UPLOAD');
        const version = await this.lifecycle.createVersionWithManager(tx, {
          datasetId: dataset.id,
          storageKey: key,
          fileName: (number) => derivedFileName(parent.fileName, number),
          bytes: stored.bytes,
          sha256: stored.sha256,
          uploadedBy: user.id,
        });
        await tx.insert(VersionLineage, { versionId: version.id, parentVersionId: parent.id, transforms, rowsIn: counts.rowsIn, rowsOut: counts.rowsOut, createdBy: user.id });
        await this.classification.createJobWithManager(tx, version);
        let carried: ConsentManifest | null = null;
        if (manifest && manifestKey) {
          carried = await this.consent.copyManifestWithManager(tx, manifest, { versionId: version.id, storageKey: manifestKey, uploadedBy: user.id });
          await this.classification.setJobManifestWithManager(tx, version.id, carried.id);
        }
        await this.lifecycle.applyWithManager(
          tx,
          locked,
          'UPLOAD',
          {
            action: 'dataset.remediated',
            actor: actorOf(user),
            data: {
              versionId: version.id,
              number: version.number,
              parentVersionId: parent.id,
              transforms: transforms.map((t) => ({ kind: t.kind, column: t.column, mode: t.mode, purpose: t.purpose })),
              rowsIn: counts.rowsIn,
              rowsOut: counts.rowsOut,
              bytes: version.bytes,
              sha256: version.sha256,
              manifestId: carried?.id ?? null,
            },
          },
          { currentVersionId: version.id, reviewNote: null },
        );
        return { version, carried };
      });
      await this.queue.enqueue(version.id, carried?.id);
    } catch (error) {
      await this.storage.remove(key);
      if (manifestKey) await this.storage.remove(manifestKey);
      throw error;
    }
    return this.lifecycle.getWithManager(this.dataSource.manager, dataset.id);
  }

  /** The organization's hashing salt, created on first use (32 random bytes). */
  private async saltFor(organizationId: string): Promise<string> {
    await this.dataSource.query(`INSERT INTO organization_salts (organization_id, salt) VALUES ($1, $2) ON CONFLICT (organization_id) DO NOTHING`, [
      organizationId,
      randomBytes(32).toString('hex'),
    ]);
    return (await this.dataSource.manager.findOneByOrFail(OrganizationSalt, { organizationId })).salt;
  }

  /** Every version of a dataset, newest first: owner and reviewers only (others get none). */
  async versions(ability: AppAbility, dataset: Dataset): Promise<DatasetVersion[]> {
    if (!ability.can('readPreview', subject('Dataset', dataset))) return [];
    return this.lifecycle.versionsOfWithManager(this.dataSource.manager, dataset.id);
  }

  versionLoader(req: object) {
    return requestLoader(req, 'remediationVersion', async (ids) =>
      new Map((await this.lifecycle.versionsWithManager(this.dataSource.manager, [...ids])).map((v) => [v.id, v])),
    );
  }

  lineageLoader(req: object) {
    return requestLoader(req, 'versionLineage', async (ids) =>
      new Map((await this.dataSource.manager.findBy(VersionLineage, { versionId: In([...ids]) })).map((l) => [l.versionId, l])),
    );
  }
}
