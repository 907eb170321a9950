import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ClassifierError,
  ENGINE_VERSION,
  type ClassificationReport,
  type Verdict,
} from '@eastlake/classifier';
import type { Logger } from 'pino';
import { DataSource, In, type EntityManager } from 'typeorm';
import { LOGGER } from '../../common/logging/logger.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { DatasetVersion } from '../datasets/dataset-version.entity.js';
import { EVENT_FOR_VERDICT } from '../datasets/dataset-status.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { SYSTEM_ACTOR } from '../ledger/ledger-actor.js';
import { Classification } from './classification.entity.js';
import { classifyInThread, type SubjectFingerprint } from './classify-in-thread.js';
import { RESALE_REASON, ResaleDetector } from './resale-detector.js';
import { ClassificationJob } from './classification-job.entity.js';
import type { ConsentManifest } from '../consent/consent-manifest.entity.js';
import { ConsentService } from '../consent/consent.service.js';
import { findRawByIds, rawEntityRows } from '../../common/database/raw-entity-rows.util.js';
import { projectedReportSql, type ReportProjection } from './report-projection.js';
import { requestLoader, settledValue } from '../../common/graphql/request-loaders.util.js';

const PROGRESS_EVERY_MS = 500;

interface PurposeCoverage {
  purpose: string;
  coveredRows: number;
  neededRows: number;
  rows: number;
  verdict: string;
}

const RANK: Record<Verdict, number> = { UNTRADEABLE: 0, AMBIGUOUS: 1, TRADEABLE: 2 };

function bestVerdict(verdicts: Verdict[]): Verdict {
  return verdicts.reduce((best, v) => (RANK[v] > RANK[best] ? v : best));
}

/** A file the classifier cannot read is not listable: the report says why. */
function unreadableReport(error: ClassifierError, bytes: number): ClassificationReport {
  return {
    verdict: 'UNTRADEABLE',
    rows: 0,
    columns: [],
    reasons: [
      {
        code: 'UNREADABLE_INPUT',
        severity: 'BLOCK',
        column: null,
        message: `The file could not be classified: ${error.message}. Nothing can be listed without a verdict.`,
        citations: ['Data Security Law Art. 21', 'PIPL Art. 13'],
        remediation: 'Upload the data as CSV/TSV, NDJSON or a JSON array of objects, in UTF-8 or GB18030.',
      },
    ],
    consent: null,
    exposure: [],
    warnings: [],
    stats: { bytes, ms: 0 },
  };
}

/** Column names and their detected types: equal for the same data under another title. */
function fingerprintOf(report: ClassificationReport): string {
  const shape = report.columns.map((c) => `${c.name}:${c.category}:${c.types.map((t) => t.type).sort().join('+')}`);
  return createHash('sha256').update(shape.join('\n')).digest('hex');
}

/**
 * Runs the classifier on one dataset version and records the outcome: the report (with
 * the engine version), the version's row count and fingerprint, the dataset's next
 * status and the ledger entry, in one transaction. Safe to run twice for a version
 * (a retried job after a crash): a version classified already is left alone.
 */
@Injectable()
export class ClassificationService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: DatasetLifecycleService,
    private readonly consent: ConsentService,
    private readonly resale: ResaleDetector,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The classification of a version, or null, read with the caller's manager. */
  forVersionWithManager(manager: EntityManager, versionId: string): Promise<Classification | null> {
    return manager.findOneBy(Classification, { versionId });
  }

  /** The version's (still queued) job will run with `manifestId`. */
  async setJobManifestWithManager(manager: EntityManager, versionId: string, manifestId: string): Promise<void> {
    await manager.update(ClassificationJob, { versionId }, { manifestId });
  }

  /** The version's job runs again, with `manifestId` for `purposes` purposes (a consent manifest attached or rewritten). */
  async requeueWithManager(manager: EntityManager, manifest: { id: string; versionId: string; purposes: number }): Promise<void> {
    const version = await this.lifecycle.versionWithManager(manager, manifest.versionId);
    await manager.update(
      ClassificationJob,
      { versionId: version.id },
      { state: 'QUEUED', manifestId: manifest.id, bytesScanned: 0, totalBytes: version.bytes * manifest.purposes, error: null },
    );
  }

  createJobWithManager(manager: EntityManager, version: DatasetVersion): Promise<ClassificationJob> {
    return manager.save(
      manager.create(ClassificationJob, {
        versionId: version.id,
        state: 'QUEUED',
        bytesScanned: 0,
        totalBytes: version.bytes,
        attempts: 0,
        error: null,
        manifestId: null,
      }),
    );
  }

  /** Datasets a previous process left CLASSIFYING although their job had failed for good: settle them now. */
  async onApplicationBootstrap(): Promise<void> {
    const classifying = await this.lifecycle.currentVersionIdsInStatusWithManager(this.dataSource.manager, 'CLASSIFYING');
    const stuck = classifying.length ? await this.dataSource.manager.find(ClassificationJob, { where: { versionId: In(classifying), state: 'FAILED' } }) : [];
    for (const job of stuck) await this.markFailed(job.versionId, job.error ?? 'the classification failed');
  }

  /**
   * The classifications of these versions (read without hydration: list pages ask for one per
   * row); with a projection, each report holds only the parts it names (report-projection.ts).
   */
  async classificationsByVersionIds(versionIds: readonly string[], projection: ReportProjection | null = null): Promise<Classification[]> {
    if (!projection) return findRawByIds(this.dataSource.manager, Classification, 'versionId', versionIds);
    if (versionIds.length === 0) return [];
    const reader = rawEntityRows(this.dataSource.manager, Classification).only(new Set(['versionId', 'verdict', ...projection.columns]));
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${reader.selectList('c')}, ${projectedReportSql(projection, '"c"')} AS "report" FROM ${reader.table} "c" WHERE "c"."version_id" = ANY($1::uuid[])`,
      [versionIds],
    );
    return rows.map((row) => Object.assign(reader.hydrate(row), { report: row.report as Classification['report'] }));
  }

  /** The jobs of these versions (read without hydration). */
  jobsByVersionIds(versionIds: readonly string[]): Promise<ClassificationJob[]> {
    return findRawByIds(this.dataSource.manager, ClassificationJob, 'versionId', versionIds);
  }

  // Per-request loaders: a page of N listings costs one query per field, not N (the offer field shares the first).
  // With a projection, a loader of its own: a request asking for whole reports elsewhere gets them whole.
  classificationLoader(req: object, projection: ReportProjection | null = null) {
    return requestLoader(req, loaderName(projection), async (versionIds) => new Map((await this.classificationsByVersionIds(versionIds, projection)).map((c) => [c.versionId, c])));
  }

  /** The classification the request's loader (for `projection`) already holds for a version (null: none), or undefined when not loaded yet. */
  settledClassification(req: object, versionId: string, projection: ReportProjection | null = null): Classification | null | undefined {
    return settledValue<Classification>(req, loaderName(projection), versionId);
  }

  /** The job the request's loader already holds for a version (null: none), or undefined when not loaded yet. */
  settledJob(req: object, versionId: string): ClassificationJob | null | undefined {
    return settledValue<ClassificationJob>(req, 'classificationJob', versionId);
  }

  jobLoader(req: object) {
    return requestLoader(req, 'classificationJob', async (versionIds) => new Map((await this.jobsByVersionIds(versionIds)).map((j) => [j.versionId, j])));
  }

  classificationOf(versionId: string): Promise<Classification | null> {
    return this.dataSource.manager.findOneBy(Classification, { versionId });
  }

  /** The listings a version's subjects overlap with (resale suspicions), largest overlap first. */
  resaleSuspicionsOf(versionId: string): Promise<Array<{ otherDatasetId: string; overlapPermille: number }>> {
    return this.resale.suspicionsWithManager(this.dataSource.manager, versionId);
  }

  /** Version ids whose jobs were queued or running when a process stopped. */
  async unfinishedVersionIds(): Promise<string[]> {
    const jobs = await this.dataSource.manager.find(ClassificationJob, {
      where: { state: In(['QUEUED', 'RUNNING']) },
      order: { createdAt: 'ASC' },
    });
    return jobs.map((j) => j.versionId);
  }

  /** Jobs waiting for a worker (the Redis queue re-adds them: an API may have died between commit and enqueue). */
  async queuedJobs(): Promise<Array<{ versionId: string; manifestId: string | null }>> {
    const jobs = await this.dataSource.manager.find(ClassificationJob, { where: { state: 'QUEUED' }, order: { createdAt: 'ASC' } });
    return jobs.map((j) => ({ versionId: j.versionId, manifestId: j.manifestId }));
  }

  async run(versionId: string, onProgress: (fraction: number) => void = () => {}): Promise<void> {
    const manager = this.dataSource.manager;
    const job = await manager.findOneBy(ClassificationJob, { versionId });
    const version = await this.lifecycle.findVersionWithManager(manager, versionId);
    if (!job || !version) throw new Error(`no classification job for version ${versionId}`);
    if (job.state === 'COMPLETED') return;
    const existing = await manager.findOneBy(Classification, { versionId });
    const manifest = job.manifestId ? await this.consent.manifestWithManager(manager, job.manifestId) : null;
    const passes = (existing ? 0 : 1) + (manifest?.purposes.length ?? 0);
    await manager.update(
      ClassificationJob,
      { id: job.id },
      { state: 'RUNNING', attempts: () => 'attempts + 1', error: null, bytesScanned: 0, totalBytes: Math.max(1, passes) * version.bytes },
    );
    const path = await this.storage.localPath(version.storageKey);
    // The classifier would call a missing file unreadable input (the provider's fault); it is ours.
    await access(path).catch(() => {
      throw new Error(`the stored file of version ${version.number} is missing; upload the file again`);
    });
    let pass = 0;
    let last = 0;
    const progress = (bytesRead: number, totalBytes: number) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      const scanned = pass * version.bytes + Math.min(bytesRead, version.bytes);
      onProgress(totalBytes > 0 ? scanned / (Math.max(1, passes) * version.bytes) : 0);
      void manager
        .update(ClassificationJob, { id: job.id }, { bytesScanned: scanned })
        .catch((err: unknown) => this.logger.warn({ err, versionId }, 'could not record progress'));
    };

    let base = existing?.report ?? null;
    let fresh: ClassificationReport | null = null;
    let fingerprint: SubjectFingerprint | null = null;
    try {
      if (!base) {
        try {
          const result = await classifyInThread(path, {}, progress, true);
          fresh = result.report;
          fingerprint = result.fingerprint;
        } catch (error) {
          if (!(error instanceof ClassifierError)) throw error;
          fresh = unreadableReport(error, version.bytes);
        }
        base = fresh;
        pass++;
      }
      const coverages: PurposeCoverage[] = [];
      const readable = !base.reasons.some((r) => r.code === 'UNREADABLE_INPUT');
      if (manifest && readable) {
        const consentPath = await this.storage.localPath(manifest.storageKey);
        for (const purpose of manifest.purposes) {
          const { report } = await classifyInThread(path, { consentPath, purpose }, progress);
          coverages.push({
            purpose,
            coveredRows: report.consent?.coveredRows ?? 0,
            neededRows: report.consent?.neededRows ?? 0,
            rows: report.rows,
            verdict: report.verdict,
          });
          pass++;
        }
      }
      await this.record(version, fresh, base, manifest, coverages, fingerprint);
    } catch (error) {
      await manager.update(ClassificationJob, { id: job.id }, { error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    onProgress(1);
  }

  private async record(
    version: DatasetVersion,
    fresh: ClassificationReport | null,
    base: ClassificationReport,
    manifest: ConsentManifest | null,
    coverages: PurposeCoverage[],
    fingerprint: SubjectFingerprint | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const job = await manager.findOne(ClassificationJob, { where: { versionId: version.id }, lock: { mode: 'pessimistic_write' } });
      if (!job || job.state === 'COMPLETED' || job.manifestId !== (manifest?.id ?? null)) return;
      if (fresh && fingerprint) {
        const suspects = await this.resale.findWithManager(manager, version, fingerprint);
        if (suspects > 0) {
          fresh = { ...fresh, verdict: fresh.verdict === 'TRADEABLE' ? 'AMBIGUOUS' : fresh.verdict, reasons: [...fresh.reasons, RESALE_REASON] };
          base = fresh;
        }
      }
      if (fresh) {
        await manager.insert(Classification, { versionId: version.id, verdict: fresh.verdict, report: fresh, engineVersion: ENGINE_VERSION });
        await this.lifecycle.recordVersionStatsWithManager(manager, version.id, { rows: fresh.rows, fingerprint: fingerprintOf(fresh) });
      }
      if (manifest) {
        await this.consent.recordCoverageWithManager(manager, version.id, manifest.id, coverages);
      }
      // Consent that covers every row for a purpose can lift the verdict (for that purpose only);
      // suspected resale sends what would be tradeable to a human first.
      const resaleSuspected = await this.resale.isSuspectedWithManager(manager, version.id);
      const lifted = bestVerdict([base.verdict, ...coverages.map((c) => c.verdict as Verdict)]);
      const verdict = resaleSuspected && lifted === 'TRADEABLE' ? 'AMBIGUOUS' : lifted;
      const dataset = await this.lifecycle.lockWithManager(manager, version.datasetId);
      // A verdict on a version that is no longer current is kept, but moves nothing.
      if (dataset.currentVersionId === version.id && dataset.status === 'CLASSIFYING') {
        await this.lifecycle.applyWithManager(manager, dataset, EVENT_FOR_VERDICT[verdict], {
          action: 'dataset.classified',
          actor: SYSTEM_ACTOR,
          data: {
            versionId: version.id,
            verdict,
            baseVerdict: base.verdict,
            rows: base.rows,
            engineVersion: ENGINE_VERSION,
            reasons: base.reasons.map((r) => r.code),
            manifestId: manifest?.id ?? null,
            resaleSuspected,
            consent: coverages.map((c) => ({ purpose: c.purpose, coveredRows: c.coveredRows, neededRows: c.neededRows, verdict: c.verdict })),
          },
        });
      }
      await manager.update(ClassificationJob, { id: job.id }, { state: 'COMPLETED', bytesScanned: job.totalBytes, error: null });
    });
  }

  /**
   * After the last attempt: the job stays visible as FAILED with its error, and the dataset
   * never stays CLASSIFYING. Without a verdict for the version it goes back to DRAFT (a new
   * upload recovers it); when only a consent re-run failed, the consent-free verdict stands.
   * A version that is no longer current moves nothing. One transaction, ledger entry included.
   */
  async markFailed(versionId: string, error: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const job = await manager.findOne(ClassificationJob, { where: { versionId }, lock: { mode: 'pessimistic_write' } });
      if (!job || job.state === 'COMPLETED') return;
      await manager.update(ClassificationJob, { id: job.id }, { state: 'FAILED', error });
      const version = await this.lifecycle.findVersionWithManager(manager, versionId);
      if (!version) return;
      const dataset = await this.lifecycle.lockWithManager(manager, version.datasetId);
      if (dataset.currentVersionId !== versionId || dataset.status !== 'CLASSIFYING') return;
      const classified = await manager.findOneBy(Classification, { versionId });
      if (!classified) {
        await this.lifecycle.applyWithManager(manager, dataset, 'CLASSIFICATION_FAILED', {
          action: 'dataset.classification_failed',
          actor: SYSTEM_ACTOR,
          data: { versionId, attempts: job.attempts, error: error.slice(0, 500) },
        });
        return;
      }
      const resaleSuspected = await this.resale.isSuspectedWithManager(manager, versionId);
      const base = classified.verdict as Verdict;
      const verdict = resaleSuspected && base === 'TRADEABLE' ? 'AMBIGUOUS' : base;
      await this.lifecycle.applyWithManager(manager, dataset, EVENT_FOR_VERDICT[verdict], {
        action: 'dataset.classified',
        actor: SYSTEM_ACTOR,
        data: {
          versionId,
          verdict,
          baseVerdict: base,
          rows: classified.report.rows,
          engineVersion: classified.engineVersion,
          reasons: classified.report.reasons.map((r) => r.code),
          manifestId: null,
          resaleSuspected,
          consent: [],
          consentError: error.slice(0, 500),
        },
      });
    });
  }
}

const loaderName = (projection: ReportProjection | null) => (projection ? `classification#${projection.key}` : 'classification');
