import { Injectable } from '@nestjs/common';
import type { ClassificationReport } from '@eastlake/classifier';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { NotFoundException } from '../../common/errors/domain.exception.js';
import { ClassificationService } from '../classification/classification.service.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { QueryException, QueryExceptionCode } from './exceptions/query.exception.js';
import { QueryOffer } from './query-offer.entity.js';
import { DEFAULT_MIN_GROUP_SIZE } from './query-spec.js';

/** Reasons that are not about direct identifiers: sensitive content a query could still reveal in aggregate. */
const NEVER_QUERYABLE_REASONS = new Set(['MINOR_DATA', 'HEALTH_DATA', 'LOCATION_TRACE', 'CONSENT_NOT_SUFFICIENT_FOR_MINORS']);
const NEVER_QUERYABLE_TYPES = new Set(['MINOR', 'HEALTH', 'GEO_TRACE']);

export type QueryEligibility = { eligible: true; review: boolean; basis: string } | { eligible: false; why: string };

/**
 * Whether a version may offer aggregate queries: TRADEABLE at once; AMBIGUOUS, or
 * UNTRADEABLE only because of direct identifiers, after a reviewer approves; never with
 * minors' data, health data or location traces.
 */
export function queryEligibility(report: ClassificationReport): QueryEligibility {
  if (report.verdict === 'TRADEABLE') return { eligible: true, review: false, basis: 'TRADEABLE' };
  if (report.verdict === 'AMBIGUOUS') return { eligible: true, review: true, basis: `AMBIGUOUS: ${[...new Set(report.reasons.filter((r) => r.severity !== 'INFO').map((r) => r.code))].join(', ')}` };
  const blocking = report.reasons.filter((r) => NEVER_QUERYABLE_REASONS.has(r.code));
  const heldSensitive = report.columns.filter((c) => c.types.some((t) => t.ratio >= 0.6 && NEVER_QUERYABLE_TYPES.has(t.type)));
  if (blocking.length || heldSensitive.length) {
    const what = [...new Set([...blocking.map((r) => r.code), ...heldSensitive.flatMap((c) => c.types.filter((t) => NEVER_QUERYABLE_TYPES.has(t.type)).map((t) => t.type))])];
    return {
      eligible: false,
      why: `the version is UNTRADEABLE for more than its direct identifiers (${what.join(', ')}); minors' data, health data and location traces are never offered for queries (PIPL Art. 28, 31)`,
    };
  }
  const codes = [...new Set(report.reasons.filter((r) => r.severity === 'BLOCK').map((r) => r.code))];
  return { eligible: true, review: true, basis: `UNTRADEABLE only because of direct identifiers: ${codes.join(', ')}` };
}

@Injectable()
export class QueryOfferService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: DatasetLifecycleService,
    private readonly ledger: LedgerService,
    private readonly classifications: ClassificationService,
  ) {}

  /** Provider: offers the current version for aggregate queries (every group ≥ minGroupSize subjects). */
  async offer(user: AuthUser, ability: AppAbility, datasetId: string, minGroupSize = DEFAULT_MIN_GROUP_SIZE): Promise<QueryOffer> {
    if (!Number.isInteger(minGroupSize) || minGroupSize < DEFAULT_MIN_GROUP_SIZE || minGroupSize > 10_000) {
      throw new QueryException(QueryExceptionCode.INVALID_QUERY, `minGroupSize must be a whole number from ${DEFAULT_MIN_GROUP_SIZE} to 10000`);
    }
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.lifecycle.lockWithManager(manager, datasetId);
      if (!ability.can('read', subject('Dataset', dataset))) throw new NotFoundException('dataset', datasetId);
      ForbiddenError.from(ability).setMessage('only the owner offers its listing for queries').throwUnlessCan('publish', subject('Dataset', dataset));
      const classification = dataset.currentVersionId ? await this.classifications.forVersionWithManager(manager, dataset.currentVersionId) : null;
      if (!dataset.currentVersionId || !classification) throw new QueryException(QueryExceptionCode.QUERY_NOT_OFFERABLE, 'upload a file and wait for its verdict before offering queries');
      const eligibility = queryEligibility(classification.report);
      if (!eligibility.eligible) throw new QueryException(QueryExceptionCode.QUERY_NOT_OFFERABLE, `queries cannot be offered: ${eligibility.why}`);
      // Downloads stay on offer only when the listing is already tradeable as a whole.
      const queryOnly = !['TRADEABLE', 'PUBLISHED'].includes(dataset.status);
      const existing = await manager.findOneBy(QueryOffer, { versionId: dataset.currentVersionId });
      if (existing?.status === 'APPROVED') throw new QueryException(QueryExceptionCode.OFFER_NOT_PENDING, 'this version is already offered for queries');
      const offer = await manager.save(
        manager.create(QueryOffer, {
          versionId: dataset.currentVersionId,
          datasetId: dataset.id,
          status: eligibility.review ? 'PENDING' : 'APPROVED',
          queryOnly,
          minGroupSize,
          basis: eligibility.basis,
          requestedBy: user.id,
          decidedBy: null,
          note: null,
          decidedAt: eligibility.review ? null : new Date(),
        }),
      );
      await this.ledger.append(manager, {
        action: 'dataset.query-offered',
        actor: actorOf(user),
        subject: { type: 'Dataset', id: dataset.id },
        data: { versionId: offer.versionId, status: offer.status, queryOnly, minGroupSize, basis: offer.basis, policy: queryOfferPolicy(dataset, offer) },
      });
      return offer;
    });
  }

  /** Reviewer: approves (a query-only listing may then be published) or rejects a pending query offer. */
  async review(user: AuthUser, ability: AppAbility, datasetId: string, approve: boolean, note?: string): Promise<QueryOffer> {
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.lifecycle.lockWithManager(manager, datasetId);
      if (!ability.can('read', subject('Dataset', dataset))) throw new NotFoundException('dataset', datasetId);
      ForbiddenError.from(ability).setMessage('only a reviewer decides a query offer').throwUnlessCan('review', subject('Dataset', dataset));
      const offer = dataset.currentVersionId ? await manager.findOne(QueryOffer, { where: { versionId: dataset.currentVersionId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!offer || offer.status !== 'PENDING') throw new QueryException(QueryExceptionCode.OFFER_NOT_PENDING, `no query offer is waiting for review on this listing${offer ? ` (it is ${offer.status})` : ''}`);
      Object.assign(offer, { status: approve ? 'APPROVED' : 'REJECTED', decidedBy: user.id, note: note?.trim() || null, decidedAt: new Date() });
      await manager.save(offer);
      await this.ledger.append(manager, {
        action: approve ? 'dataset.query-offer-approved' : 'dataset.query-offer-rejected',
        actor: actorOf(user),
        subject: { type: 'Dataset', id: dataset.id },
        data: { versionId: offer.versionId, note: offer.note, queryOnly: offer.queryOnly, minGroupSize: offer.minGroupSize },
      });
      if (approve && offer.queryOnly && (dataset.status === 'IN_REVIEW' || dataset.status === 'UNTRADEABLE')) {
        await this.lifecycle.applyWithManager(manager, dataset, 'APPROVE_QUERY', {
          action: 'dataset.reviewed',
          actor: actorOf(user),
          data: { decision: 'APPROVE_QUERY', note: offer.note, versionId: offer.versionId },
        });
      }
      return offer;
    });
  }

  current(dataset: Dataset): Promise<QueryOffer | null> {
    return dataset.currentVersionId ? this.dataSource.manager.findOneBy(QueryOffer, { versionId: dataset.currentVersionId }) : Promise.resolve(null);
  }
}

/** The offer's terms in the spirit of ODRL: `use` through aggregate queries only, with the minimum group size. */
export function queryOfferPolicy(dataset: Pick<Dataset, 'id'>, offer: Pick<QueryOffer, 'versionId' | 'minGroupSize' | 'queryOnly'>) {
  return {
    '@type': 'Offer',
    target: `urn:eastlake:dataset:${dataset.id}:version:${offer.versionId}`,
    permission: [
      {
        action: 'use',
        constraint: [
          { leftOperand: 'deliveryChannel', operator: 'eq', rightOperand: 'urn:eastlake:delivery:aggregate-query' },
          { leftOperand: 'urn:eastlake:minGroupSize', operator: 'gteq', rightOperand: offer.minGroupSize },
        ],
      },
    ],
    prohibition: offer.queryOnly ? [{ action: 'reproduce' }] : [],
  };
}
