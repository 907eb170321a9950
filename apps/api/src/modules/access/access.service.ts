import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import type { Logger } from 'pino';
import type { Readable } from 'node:stream';
import { DataSource, LessThanOrEqual, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { whereAbilityAllows } from '../../common/database/ability-to-sql.util.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { LOGGER } from '../../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ClassificationService } from '../classification/classification.service.js';
import { ConsentService } from '../consent/consent.service.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { actorOf, SYSTEM_ACTOR } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { assertDeliveryAllowed, gradeOfVersion, pendingOrder, proceedsReasons, recordHolding, recordImpactAssessment, tradeReasons, type TierSources } from '../enforcement/enforcement.service.js';
import { covers, DEFAULT_MIN_GROUP_SIZE, evaluateAccess, holdsPersonalInformation } from './access-policy.js';
import { AccessRequest, type PolicyReason } from './access-request.entity.js';
import { Delivery } from './delivery.entity.js';
import { DownloadToken } from './download-token.entity.js';
import type { RequestAccessInput } from './dto/request-access.input.js';
import { AccessException, AccessExceptionCode } from './exceptions/access.exception.js';
import { Grant, type GrantMode } from './grant.entity.js';
import { DeliveryModes } from './delivery-modes.js';
import { IdempotencyService } from './idempotency.service.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';
import { crossBorderAssessment, recordCrossBorderExport } from '../cross-border/cross-border-checks.js';
import { versionExportOf, type CrossBorderAssessment, type VersionExport } from '../cross-border/export-volume.js';
import { recordOrder, unlawfulProceedsOf } from '../orders/orders.js';
import { isCrossBorder, isMainland } from './region.util.js';

const TOKEN_TTL_MS = 5 * 60 * 1000;
const EXPIRY_SWEEP_MS = 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export interface DeliveryStream {
  body: Readable;
  bytes: number;
  rows: number;
  fileName: string;
}

/**
 * Requests, grants and deliveries. The usage policy (`evaluateAccess`) is evaluated at
 * request, at decision and again at every delivery, on facts read in the same
 * transaction as the change it allows.
 */
@Injectable()
export class AccessService implements OnModuleInit, OnModuleDestroy {
  private sweeper?: NodeJS.Timeout;

  /** What enforcement's tier checks read from consent and orders (enforcement imports neither). */
  private readonly tierSources: TierSources;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly grants: GrantLifecycleService,
    private readonly datasets: DatasetLifecycleService,
    private readonly organizations: OrganizationsService,
    private readonly classifications: ClassificationService,
    private readonly consent: ConsentService,
    private readonly deliveryModes: DeliveryModes,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.tierSources = { consent, unlawfulProceedsOf };
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.expireGrants().catch((err: unknown) => this.logger.warn({ err }, 'grant expiry sweep failed')), EXPIRY_SWEEP_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** The policy's reasons, read with `manager` (inside the caller's transaction). */
  private async facts(manager: EntityManager, dataset: Dataset, versionId: string | null, purpose: string, region: string, buyerOrgId: string, mode: GrantMode = 'DOWNLOAD'): Promise<PolicyReason[]> {
    return (await this.policy(manager, dataset, versionId, purpose, region, buyerOrgId, mode)).reasons;
  }

  /** Facts for the policy, read with `manager` (inside the caller's transaction), and the cross-border mechanism they needed. */
  private async policy(manager: EntityManager, dataset: Dataset, versionId: string | null, purpose: string, region: string, buyerOrgId: string, mode: GrantMode = 'DOWNLOAD') {
    const buyer = await this.organizations.findWithManager(manager, buyerOrgId);
    if (!buyer) throw new NotFoundException('organization', buyerOrgId);
    const classification = versionId ? await this.classifications.forVersionWithManager(manager, versionId) : null;
    // Every purpose of the latest manifest: the one asked for, and the ones that would pass.
    const coverages = versionId ? await this.consent.latestCoverageWithManager(manager, versionId) : [];
    const coverage = coverages.find((c) => c.purpose === purpose) ?? null;
    // Personal information of people in the mainland leaving it: the exporter's mechanism for the year (CAC 2024 Provisions).
    const crossBorder: CrossBorderAssessment | null =
      versionId && isMainland(dataset.region) && isCrossBorder(dataset.region, region) && holdsPersonalInformation(classification?.report ?? null)
        ? await crossBorderAssessment(manager, { exporterOrgId: dataset.ownerOrgId, candidate: await this.versionExport(manager, dataset.id, versionId) })
        : null;
    const reasons = evaluateAccess({
      ownDataset: buyerOrgId === dataset.ownerOrgId,
      datasetStatus: dataset.status,
      datasetRegion: dataset.region,
      report: classification?.report ?? null,
      coverage,
      consentedPurposes: coverages.filter(covers).map((c) => c.purpose),
      purpose,
      region,
      buyerVerified: buyer.verified,
      mode,
      deliveryModes: await this.deliveryModes.withManager(manager, versionId),
      crossBorder,
    });
    return { reasons, crossBorder };
  }

  async request(user: AuthUser, input: RequestAccessInput, idempotencyKey?: string): Promise<AccessRequest> {
    this.idempotency.assertKey(idempotencyKey);
    const purpose = input.purpose.trim().toLowerCase();
    const region = input.region.trim().toUpperCase();
    const mode: GrantMode = input.mode ?? 'DOWNLOAD';
    const payload = { datasetId: input.datasetId, purpose, durationDays: input.durationDays, region, mode };
    const id = await this.dataSource.transaction(async (manager) => {
      if (idempotencyKey) {
        const replay = await this.idempotency.replayed(manager, 'requestAccess', user.id, idempotencyKey, payload);
        if (replay) return replay;
      }
      const dataset = await this.datasets.findWithManager(manager, input.datasetId);
      if (!dataset) throw new NotFoundException('dataset', input.datasetId);
      const { reasons, crossBorder } = await this.policy(manager, dataset, dataset.currentVersionId, purpose, region, user.organizationId, mode);
      reasons.push(...(await tradeReasons(manager, this.tierSources, { datasetId: dataset.id, versionId: dataset.currentVersionId, buyerOrgId: user.organizationId, providerOrgId: dataset.ownerOrgId, purpose, mode })));
      const order = await pendingOrder(manager, this.consent, dataset, await this.currentVersionRows(manager, dataset), purpose);
      reasons.push(...(await proceedsReasons(manager, dataset.ownerOrgId, order))); // the seller's proceeds, Art. 5 para. 1 (7)
      const request = await manager.save(
        manager.create(AccessRequest, {
          datasetId: dataset.id,
          buyerOrgId: user.organizationId,
          providerOrgId: dataset.ownerOrgId,
          requestedBy: user.id,
          purpose,
          durationDays: input.durationDays,
          region,
          mode,
          status: reasons.length ? 'REFUSED' : 'PENDING',
          reasons,
          crossBorder,
        }),
      );
      await this.ledger.append(manager, {
        action: reasons.length ? 'access.refused' : 'access.requested',
        actor: actorOf(user),
        subject: { type: 'AccessRequest', id: request.id },
        data: {
          datasetId: dataset.id,
          purpose,
          durationDays: input.durationDays,
          region,
          mode,
          reasons: reasons.map((r) => r.code),
          ...(crossBorder ? { crossBorder: { mechanism: crossBorder.mechanism, rule: crossBorder.rule, year: crossBorder.year, nonSensitivePeople: crossBorder.nonSensitivePeople, sensitivePeople: crossBorder.sensitivePeople, importantData: crossBorder.importantData, satisfied: crossBorder.satisfied } } : {}),
          ...(order ? { order: { priceModel: order.model, unitFen: order.unitFen, quantity: order.quantity, amountFen: order.amountFen, currency: 'CNY' } } : {}),
        },
      });
      if (idempotencyKey) await this.idempotency.remember(manager, 'requestAccess', user.id, idempotencyKey, payload, request.id);
      return request.id;
    });
    return this.dataSource.manager.findOneByOrFail(AccessRequest, { id });
  }

  async decide(user: AuthUser, ability: AppAbility, id: string, approve: boolean, note?: string, allowOnwardTransfer = false): Promise<AccessRequest> {
    return this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(AccessRequest, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request || !ability.can('read', subject('AccessRequest', request))) throw new NotFoundException('access request', id);
      ForbiddenError.from(ability).setMessage('only the provider of the dataset decides its requests').throwUnlessCan('decide', subject('AccessRequest', request));
      if (request.status !== 'PENDING') {
        throw new AccessException(AccessExceptionCode.NOT_PENDING, `the request is ${request.status}, not PENDING`, { status: request.status });
      }
      const dataset = await this.datasets.lockWithManager(manager, request.datasetId, 'pessimistic_read');
      const trimmed = note?.trim() || null;
      Object.assign(request, { decidedBy: user.id, decisionNote: trimmed, decidedAt: new Date() });
      let reasons: PolicyReason[] = [];
      let order: Awaited<ReturnType<typeof pendingOrder>> = null;
      if (approve) {
        // Evaluated again: an agreement that can never be used is refused up front.
        const evaluated = await this.policy(manager, dataset, dataset.currentVersionId, request.purpose, request.region, request.buyerOrgId, request.mode);
        reasons = evaluated.reasons;
        request.crossBorder = evaluated.crossBorder;
        reasons.push(...(await tradeReasons(manager, this.tierSources, { datasetId: dataset.id, versionId: dataset.currentVersionId, buyerOrgId: request.buyerOrgId, providerOrgId: request.providerOrgId, purpose: request.purpose, mode: request.mode })));
        order = await pendingOrder(manager, this.consent, dataset, await this.currentVersionRows(manager, dataset), request.purpose);
        reasons.push(...(await proceedsReasons(manager, request.providerOrgId, order)));
      }
      request.status = !approve ? 'DENIED' : reasons.length ? 'REFUSED' : 'APPROVED';
      request.reasons = reasons;
      await manager.save(request);
      let grant: Grant | null = null;
      if (request.status === 'APPROVED') {
        grant = await manager.save(
          manager.create(Grant, {
            requestId: request.id,
            datasetId: dataset.id,
            versionId: dataset.currentVersionId!,
            buyerOrgId: request.buyerOrgId,
            providerOrgId: request.providerOrgId,
            purposes: [request.purpose],
            region: request.region,
            onwardTransfer: allowOnwardTransfer,
            expiresAt: new Date(Date.now() + request.durationDays * DAY_MS),
            status: 'ACTIVE',
            mode: request.mode,
            statusReason: null,
            rowsDelivered: 0,
          }),
        );
      }
      await this.ledger.append(manager, {
        action: `access.${request.status.toLowerCase()}`,
        actor: actorOf(user),
        subject: { type: 'AccessRequest', id: request.id },
        data: { note: trimmed, reasons: reasons.map((r) => r.code), grantId: grant?.id ?? null },
      });
      if (grant) {
        await this.ledger.append(manager, {
          action: 'grant.created',
          actor: actorOf(user),
          subject: { type: 'Grant', id: grant.id },
          data: { policy: odrlPolicy(grant) },
        });
        await recordImpactAssessment(manager, this.ledger, this.tierSources, { actor: actorOf(user), userId: user.id, request, grant, note: trimmed }); // PIPL Art. 55–56
        if (order) await recordOrder(manager, this.ledger, actorOf(user), grant, order); // what the grant was paid, in fen
      }
      return request;
    });
  }

  async revokeGrant(user: AuthUser, ability: AppAbility, id: string, reason: string): Promise<Grant> {
    const why = reason.trim();
    if (!why) throw new BadInputException('a revocation needs a reason the buyer can read');
    return this.dataSource.transaction(async (manager) => {
      const grant = await manager.findOne(Grant, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!grant || !ability.can('read', subject('Grant', grant))) throw new NotFoundException('grant', id);
      ForbiddenError.from(ability).setMessage('only the provider or an admin revokes a grant').throwUnlessCan('revoke', subject('Grant', grant));
      if (!this.grants.can(grant, 'REVOKE')) throw new AccessException(AccessExceptionCode.GRANT_NOT_ACTIVE, 'the grant is already revoked');
      return this.grants.applyWithManager(manager, grant, 'REVOKE', { reason: why, actor: actorOf(user), data: (from) => ({ from, to: 'REVOKED', reason: why }) });
    });
  }

  /** Marks grants past their expiry EXPIRED (ledgered); deliveries check the time themselves too. */
  async expireGrants(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager.find(Grant, {
        where: { status: 'ACTIVE', expiresAt: LessThanOrEqual(new Date()) },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        take: 500,
      });
      for (const grant of due) {
        await this.grants.applyWithManager(manager, grant, 'EXPIRE', {
          reason: 'the grant reached its expiry date',
          actor: SYSTEM_ACTOR,
          data: () => ({ expiresAt: grant.expiresAt.toISOString() }),
        });
      }
      return due.length;
    });
  }

  private sign(tokenId: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`download:${tokenId}`).digest('base64url');
  }

  private urlOf(token: DownloadToken): string {
    return `/api/deliveries/${token.id}.${this.sign(token.id)}`;
  }

  /** A short-lived, single-use URL for the grant's buyer; the policy is checked now and again at download. */
  async issueDownloadToken(user: AuthUser, ability: AppAbility, grantId: string, idempotencyKey?: string): Promise<{ url: string; expiresAt: Date }> {
    this.idempotency.assertKey(idempotencyKey);
    const token = await this.dataSource.transaction(async (manager) => {
      if (idempotencyKey) {
        const replay = await this.idempotency.replayed(manager, 'issueDownloadToken', user.id, idempotencyKey, { grantId });
        if (replay) return manager.findOneByOrFail(DownloadToken, { id: replay });
      }
      const grant = await this.usableGrant(manager, ability, grantId);
      const created = await manager.save(
        manager.create(DownloadToken, { grantId: grant.id, userId: user.id, expiresAt: new Date(Date.now() + TOKEN_TTL_MS), usedAt: null }),
      );
      if (idempotencyKey) await this.idempotency.remember(manager, 'issueDownloadToken', user.id, idempotencyKey, { grantId }, created.id);
      return created;
    });
    return { url: this.urlOf(token), expiresAt: token.expiresAt };
  }

  /**
   * The grant, locked, if the caller may use it in `mode` (download or query) and its policy
   * holds right now. A QUERY grant never yields rows.
   */
  async usableGrant(manager: EntityManager, ability: AppAbility, grantId: string, mode: GrantMode = 'DOWNLOAD'): Promise<Grant> {
    const grant = await manager.findOne(Grant, { where: { id: grantId }, lock: { mode: 'pessimistic_write' } });
    if (!grant || !ability.can('read', subject('Grant', grant))) throw new NotFoundException('grant', grantId);
    ForbiddenError.from(ability).setMessage('only the buyer of a grant receives its data').throwUnlessCan(mode === 'QUERY' ? 'query' : 'download', subject('Grant', grant));
    if (grant.mode !== mode) {
      throw new AccessException(
        AccessExceptionCode.QUERY_ONLY_GRANT,
        grant.mode === 'QUERY'
          ? 'this grant is for aggregate queries only (mode QUERY): it never yields rows; ask through runAggregateQuery'
          : 'this grant is for downloads (mode DOWNLOAD); aggregate queries need a grant requested with mode QUERY',
        { mode: grant.mode },
      );
    }
    if (grant.status !== 'ACTIVE' || grant.expiresAt.getTime() <= Date.now()) {
      const status = grant.status === 'ACTIVE' ? 'EXPIRED' : grant.status;
      throw new AccessException(AccessExceptionCode.GRANT_NOT_ACTIVE, `the grant is ${status}${grant.statusReason ? `: ${grant.statusReason}` : ''}`, { status });
    }
    await assertDeliveryAllowed(manager, this.tierSources, grant, mode); // regulators' freezes, data grades, cumulative tiers
    const dataset = await this.datasets.getWithManager(manager, grant.datasetId);
    const reasons = await this.facts(manager, dataset, grant.versionId, grant.purposes[0], grant.region, grant.buyerOrgId, grant.mode);
    if (reasons.length) {
      throw new AccessException(AccessExceptionCode.POLICY_REFUSED, `the grant's policy no longer holds: ${reasons.map((r) => r.message).join(' ')}`);
    }
    return grant;
  }

  /**
   * Redeems a download URL: right user, unused, unexpired, policy still holding. The token
   * is spent and the delivery recorded and ledgered before the first byte is sent, and the
   * bytes are sent while the transaction still holds the grant's row lock: a consent
   * revocation (which locks the grant to suspend it) commits only after the stream ends,
   * so no row is delivered after a revocation committed. If sending fails the delivery is
   * not recorded.
   */
  async redeem(user: AuthUser, ability: AppAbility, tokenParam: string, send: (delivery: DeliveryStream) => Promise<void>): Promise<void> {
    const [tokenId, signature] = tokenParam.split('.');
    // Compare bytes, not characters: a same-length signature of multi-byte characters has
    // more bytes than the expected one, and timingSafeEqual throws on unequal lengths.
    const given = Buffer.from(signature ?? '', 'utf8');
    const expected = Buffer.from(tokenId ? this.sign(tokenId) : '', 'utf8');
    if (!tokenId || given.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AccessException(AccessExceptionCode.TOKEN_INVALID, 'this download link is not valid');
    }
    return this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(DownloadToken, { where: { id: tokenId }, lock: { mode: 'pessimistic_write' } });
      if (!token) throw new AccessException(AccessExceptionCode.TOKEN_INVALID, 'this download link is not valid');
      if (token.userId !== user.id) throw new AccessException(AccessExceptionCode.TOKEN_NOT_YOURS, 'this download link was issued to someone else');
      if (token.usedAt) throw new AccessException(AccessExceptionCode.TOKEN_GONE, 'this download link was already used; ask for a new one');
      if (token.expiresAt.getTime() <= Date.now()) throw new AccessException(AccessExceptionCode.TOKEN_GONE, 'this download link has expired; ask for a new one');
      const grant = await this.usableGrant(manager, ability, token.grantId);
      const version = await this.datasets.versionWithManager(manager, grant.versionId);
      const rows = version.rows ?? 0;
      token.usedAt = new Date();
      await manager.save(token);
      const delivery = await manager.save(
        manager.create(Delivery, { grantId: grant.id, tokenId: token.id, versionId: version.id, rowsDelivered: rows, bytes: version.bytes }),
      );
      await manager.update(Grant, { id: grant.id }, { rowsDelivered: () => `rows_delivered + ${Number(rows)}` });
      await this.addExposureWithManager(manager, grant.buyerOrgId, version.id);
      await recordHolding(manager, this.consent, grant);
      const dataset = await this.datasets.getWithManager(manager, grant.datasetId);
      if (isMainland(dataset.region) && isCrossBorder(dataset.region, grant.region)) {
        // Counted for the exporter's year, with the mechanism that allowed it (checked just now in usableGrant).
        const candidate = await this.versionExport(manager, grant.datasetId, grant.versionId);
        const assessment = await crossBorderAssessment(manager, { exporterOrgId: grant.providerOrgId, candidate });
        await recordCrossBorderExport(manager, this.ledger, actorOf(user), grant, assessment, candidate);
      }
      await this.ledger.append(manager, {
        action: 'delivery.issued',
        actor: actorOf(user),
        subject: { type: 'Grant', id: grant.id },
        data: { deliveryId: delivery.id, versionId: version.id, rows, bytes: version.bytes, sha256: version.sha256 },
      });
      await send({ body: this.storage.read(version.storageKey), bytes: version.bytes, rows, fileName: version.fileName ?? `dataset-${grant.datasetId}` });
    });
  }

  /** What a version adds to its exporter's cross-border year: its graded report (null when it is not classified). */
  private async versionExport(manager: EntityManager, datasetId: string, versionId: string): Promise<VersionExport | null> {
    const graded = await gradeOfVersion(manager, datasetId, versionId);
    return graded ? versionExportOf(versionId, graded.report, graded.grade) : null;
  }

  /** The dataset's current version and its row count (null rows when it cannot be read), for the order's terms. */
  private async currentVersionRows(manager: EntityManager, dataset: Dataset): Promise<{ id: string; rows: number | null } | null> {
    if (!dataset.currentVersionId) return null;
    const version = await this.datasets.findVersionWithManager(manager, dataset.currentVersionId);
    return { id: dataset.currentVersionId, rows: version?.rows ?? null };
  }

  /**
   * A buyer's cumulative personal-information items by type (2017 SPC/SPP interpretation
   * Art. 5 tiers), from the classifier's exposure counts: each version counts once per
   * buyer, however often it is delivered.
   */
  private async addExposureWithManager(manager: EntityManager, buyerOrgId: string, versionId: string): Promise<void> {
    const first: unknown[] = await manager.query(
      `INSERT INTO buyer_delivered_versions (buyer_org_id, version_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING version_id`,
      [buyerOrgId, versionId],
    );
    if (first.length === 0) return;
    const exposure = (await this.classifications.forVersionWithManager(manager, versionId))?.report.exposure ?? [];
    if (exposure.length === 0) return;
    await manager.query(
      `INSERT INTO buyer_exposure (buyer_org_id, pii_type, items, tier)
       SELECT $1, t, i, r FROM unnest($2::text[], $3::bigint[], $4::int[]) AS x(t, i, r)
       ON CONFLICT (buyer_org_id, pii_type) DO UPDATE SET items = buyer_exposure.items + EXCLUDED.items, updated_at = now()`,
      [buyerOrgId, exposure.map((e) => e.type), exposure.map((e) => e.distinct), exposure.map((e) => e.tier)],
    );
  }

  listRequests(ability: AppAbility): Promise<AccessRequest[]> {
    const qb = this.dataSource.manager.createQueryBuilder(AccessRequest, 'request');
    return whereAbilityAllows(qb, ability, 'read', 'AccessRequest').orderBy('request.createdAt', 'DESC').addOrderBy('request.id', 'DESC').take(500).getMany();
  }

  listGrants(ability: AppAbility): Promise<Grant[]> {
    const qb = this.dataSource.manager.createQueryBuilder(Grant, 'grant');
    return whereAbilityAllows(qb, ability, 'read', 'Grant').orderBy('grant.createdAt', 'DESC').addOrderBy('grant.id', 'DESC').take(500).getMany();
  }

  grantOf(requestId: string): Promise<Grant | null> {
    return this.dataSource.manager.findOneBy(Grant, { requestId });
  }
}

/** The grant's usage policy, machine-readable in the spirit of ODRL (an Agreement). */
export function odrlPolicy(grant: Grant) {
  return {
    '@type': 'Agreement',
    uid: `urn:eastlake:grant:${grant.id}`,
    target: `urn:eastlake:dataset:${grant.datasetId}:version:${grant.versionId}`,
    assigner: `urn:eastlake:org:${grant.providerOrgId}`,
    assignee: `urn:eastlake:org:${grant.buyerOrgId}`,
    permission: [
      {
        action: 'use',
        constraint: [
          { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: grant.purposes },
          { leftOperand: 'spatial', operator: 'isPartOf', rightOperand: grant.region },
          { leftOperand: 'dateTime', operator: 'lt', rightOperand: grant.expiresAt.toISOString() },
          // QUERY: aggregate answers only, each group over ≥ k data subjects (the grant's query policy).
          ...(grant.mode === 'QUERY'
            ? [
                { leftOperand: 'deliveryChannel', operator: 'eq', rightOperand: 'urn:eastlake:delivery:aggregate-query' },
                { leftOperand: 'urn:eastlake:minGroupSize', operator: 'gteq', rightOperand: DEFAULT_MIN_GROUP_SIZE },
              ]
            : []),
        ],
      },
    ],
    prohibition: [...(grant.onwardTransfer ? [] : [{ action: 'distribute' }, { action: 'transfer' }]), ...(grant.mode === 'QUERY' ? [{ action: 'reproduce' }] : [])],
  };
}
