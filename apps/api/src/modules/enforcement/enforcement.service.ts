import { Injectable } from '@nestjs/common';
import { tradingRequirement } from '@eastlake/compliance';
import { ForbiddenError, type AppAbility } from '@eastlake/policy';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { DataGradeDeclaration, ImportantDataAuthorisation } from './data-grade.entity.js';
import type { RectificationOrderInput } from './dto/enforcement.input.js';
import { gradeOfVersion } from './enforcement-checks.js';
import { EnforcementTargets } from './enforcement-targets.js';
import { ImpactAssessment } from './impact-assessment.entity.js';
import { EnforcementOrder, type EnforcementStatus, type EnforcementTargetType } from './enforcement-order.entity.js';
import { EnforcementException, EnforcementExceptionCode } from './exceptions/enforcement.exception.js';
import type { DatasetGradeModel, EnforcementOrderModel } from './models/enforcement.models.js';

export { assertNotFrozen, assertDeliveryAllowed, assertPublishable, gradeOfVersion, tradeReasons } from './enforcement-checks.js';
export { recordHolding, type TierSources } from './buyer-tiers.js';
export { pendingOrder, proceedsReasons } from './order-checks.js';
export { recordImpactAssessment } from './impact-assessment.js';

const MAX_TEXT = 2000;

function text(value: string | undefined | null, what: string, max = MAX_TEXT): string {
  const t = (value ?? '').trim();
  if (!t) throw new BadInputException(`${what} must not be empty`);
  if (t.length > max) throw new BadInputException(`${what} must be at most ${max} characters`);
  return t;
}

export function toOrderModel(o: EnforcementOrder, targetName: string | null = null, now = Date.now()): EnforcementOrderModel {
  return {
    id: o.id,
    kind: o.kind,
    targetType: o.targetType,
    targetId: o.targetId,
    targetName,
    reason: o.reason,
    legalBasis: o.legalBasis,
    deadline: o.deadline,
    status: o.status,
    overdue: o.kind === 'RECTIFICATION' && o.status === 'ACTIVE' && o.deadline !== null && o.deadline.getTime() < now,
    issuedBy: o.issuedBy,
    createdAt: o.createdAt,
    closedAt: o.closedAt,
    closeNote: o.closeNote,
  };
}

/**
 * The regulator's powers: freezes and rectification orders (issued and lifted), declared data
 * grades and authorisations of important data. Each change and its ledger entry commit in one
 * transaction; admins read orders but cannot lift them (packages/policy).
 */
@Injectable()
export class EnforcementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly datasets: DatasetLifecycleService,
    private readonly organizations: OrganizationsService,
    private readonly targets: EnforcementTargets,
  ) {}

  /** The target, locked, and the organizations it affects; NOT_FOUND when there is none. */
  private async lockTarget(manager: EntityManager, type: EnforcementTargetType, id: string): Promise<{ name: string | null }> {
    if (type === 'DATASET') {
      return { name: (await this.datasets.lockWithManager(manager, id)).title };
    }
    if (type === 'ORGANIZATION') {
      return { name: (await this.organizations.lockWithManager(manager, id)).name };
    }
    // Locking the grant waits for a delivery streaming through it: the freeze commits after its last byte.
    await this.targets.lockGrantWithManager(manager, id);
    return { name: null };
  }

  async freeze(user: AuthUser, ability: AppAbility, targetType: EnforcementTargetType, targetId: string, reason: string, legalBasis: string): Promise<EnforcementOrderModel> {
    ForbiddenError.from(ability).setMessage('only a regulator freezes').throwUnlessCan('freeze', 'EnforcementOrder');
    const why = text(reason, 'a freeze needs a reason the affected parties can read; reason');
    const basis = text(legalBasis, 'legalBasis', 500);
    return this.dataSource.transaction(async (manager) => {
      const target = await this.lockTarget(manager, targetType, targetId);
      const existing = await manager.findOneBy(EnforcementOrder, { kind: 'FREEZE', targetType, targetId, status: 'ACTIVE' });
      if (existing) {
        throw new EnforcementException(EnforcementExceptionCode.ALREADY_FROZEN, `this ${targetType.toLowerCase()} is already frozen (order ${existing.id})`, { orderId: existing.id });
      }
      const order = await manager.save(
        manager.create(EnforcementOrder, {
          kind: 'FREEZE',
          targetType,
          targetId,
          reason: why,
          legalBasis: basis,
          deadline: null,
          status: 'ACTIVE',
          issuedBy: user.id,
          issuerOrgId: user.organizationId,
          closedBy: null,
          closedAt: null,
          closeNote: null,
        }),
      );
      await this.ledger.append(manager, {
        action: 'enforcement.freeze_issued',
        actor: actorOf(user),
        subject: { type: 'EnforcementOrder', id: order.id },
        data: { targetType, targetId, reason: why, legalBasis: basis },
      });
      return toOrderModel(order, target.name);
    });
  }

  async issueRectificationOrder(user: AuthUser, ability: AppAbility, input: RectificationOrderInput): Promise<EnforcementOrderModel> {
    ForbiddenError.from(ability).setMessage('only a regulator orders rectification').throwUnlessCan('order', 'EnforcementOrder');
    const why = text(input.reason, 'reason');
    const basis = text(input.legalBasis, 'legalBasis', 500);
    if (!(input.deadline instanceof Date) || Number.isNaN(input.deadline.getTime())) throw new BadInputException('deadline must be an ISO-8601 date');
    if (input.deadline.getTime() <= Date.now()) throw new BadInputException('the deadline must be in the future');
    return this.dataSource.transaction(async (manager) => {
      const target = await this.lockTarget(manager, input.targetType, input.targetId);
      const order = await manager.save(
        manager.create(EnforcementOrder, {
          kind: 'RECTIFICATION',
          targetType: input.targetType,
          targetId: input.targetId,
          reason: why,
          legalBasis: basis,
          deadline: input.deadline,
          status: 'ACTIVE',
          issuedBy: user.id,
          issuerOrgId: user.organizationId,
          closedBy: null,
          closedAt: null,
          closeNote: null,
        }),
      );
      await this.ledger.append(manager, {
        action: 'enforcement.rectification_ordered',
        actor: actorOf(user),
        subject: { type: 'EnforcementOrder', id: order.id },
        data: { targetType: input.targetType, targetId: input.targetId, reason: why, legalBasis: basis, deadline: input.deadline.toISOString() },
      });
      return toOrderModel(order, target.name);
    });
  }

  /** Closes an ACTIVE order of `kind`: a freeze is LIFTED; a rectification order COMPLIED or LIFTED (withdrawn). */
  async close(user: AuthUser, ability: AppAbility, orderId: string, kind: EnforcementOrder['kind'], to: Exclude<EnforcementStatus, 'ACTIVE'>, note: string): Promise<EnforcementOrderModel> {
    ForbiddenError.from(ability).setMessage("only a regulator lifts a regulator's order").throwUnlessCan('lift', 'EnforcementOrder');
    const why = text(note, 'note');
    return this.dataSource.transaction(async (manager) => {
      const order = await manager.findOne(EnforcementOrder, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      if (!order) throw new NotFoundException('enforcement order', orderId);
      if (order.kind !== kind) {
        throw new EnforcementException(EnforcementExceptionCode.WRONG_KIND, `order ${orderId} is a ${order.kind.toLowerCase()} order, not a ${kind.toLowerCase()} order`);
      }
      if (order.status !== 'ACTIVE') throw new EnforcementException(EnforcementExceptionCode.NOT_ACTIVE, `the order is already ${order.status}`, { status: order.status });
      Object.assign(order, { status: to, closedBy: user.id, closedAt: new Date(), closeNote: why });
      await manager.save(order);
      const action = kind === 'FREEZE' ? 'enforcement.freeze_lifted' : to === 'COMPLIED' ? 'enforcement.rectification_complied' : 'enforcement.rectification_lifted';
      await this.ledger.append(manager, {
        action,
        actor: actorOf(user),
        subject: { type: 'EnforcementOrder', id: order.id },
        data: { targetType: order.targetType, targetId: order.targetId, to, note: why, overdue: order.deadline !== null && order.deadline.getTime() < order.closedAt!.getTime() },
      });
      return toOrderModel(order);
    });
  }

  async list(ability: AppAbility, filter: { status?: string; targetId?: string }): Promise<EnforcementOrderModel[]> {
    ForbiddenError.from(ability).throwUnlessCan('read', 'EnforcementOrder');
    const rows = await this.dataSource
      .createQueryBuilder(EnforcementOrder, 'o')
      .where(filter.status ? 'o.status = :status' : '1 = 1', { status: filter.status })
      .andWhere(filter.targetId ? 'o.target_id = :targetId' : '1 = 1', { targetId: filter.targetId })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(500)
      .getMany();
    const names = new Map<string, string>();
    const ids = [...new Set(rows.map((r) => r.targetId))];
    if (ids.length) {
      // A target is a listing or an organization: each owner names its own.
      const manager = this.dataSource.manager;
      for (const d of await this.datasets.findManyWithManager(manager, ids)) names.set(d.id, d.title);
      for (const [id, name] of await this.organizations.namesWithManager(manager, ids)) names.set(id, name);
    }
    const now = Date.now();
    return rows.map((r) => toOrderModel(r, names.get(r.targetId) ?? null, now));
  }

  /** The grade of a dataset's current version, with what trading it needs. */
  async gradeWithManager(manager: EntityManager, dataset: Dataset): Promise<DatasetGradeModel> {
    const graded = await gradeOfVersion(manager, dataset.id, dataset.currentVersionId);
    const authorised = dataset.currentVersionId ? await manager.existsBy(ImportantDataAuthorisation, { versionId: dataset.currentVersionId }) : false;
    return {
      datasetId: dataset.id,
      versionId: dataset.currentVersionId,
      grade: graded?.grade ?? null,
      gradeReasons: graded?.reasons ?? [],
      tradingRequirement: graded ? tradingRequirement(graded.grade) : null,
      authorised,
    };
  }

  /** Impact assessments (PIPL Art. 55–56), newest first, optionally of one dataset or request. */
  impactAssessments(filter: { datasetId?: string; requestId?: string }): Promise<ImpactAssessment[]> {
    return this.dataSource.manager.find(ImpactAssessment, {
      where: { ...(filter.datasetId ? { datasetId: filter.datasetId } : {}), ...(filter.requestId ? { requestId: filter.requestId } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 500,
    });
  }

  /** A regulator declares a dataset important or core data (catalogues of GB/T 43697-2024 Annex G or a sector authority). */
  async declareGrade(user: AuthUser, ability: AppAbility, datasetId: string, grade: 'IMPORTANT' | 'CORE', reason: string, legalBasis: string): Promise<DatasetGradeModel> {
    ForbiddenError.from(ability).setMessage('only a regulator declares important or core data').throwUnlessCan('declare', 'DataGrade');
    const why = text(reason, 'reason');
    const basis = text(legalBasis, 'legalBasis', 500);
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.lockWithManager(manager, datasetId);
      const declaration = await manager.save(manager.create(DataGradeDeclaration, { datasetId, grade, reason: why, legalBasis: basis, declaredBy: user.id }));
      await this.ledger.append(manager, {
        action: 'dataset.grade_declared',
        actor: actorOf(user),
        subject: { type: 'Dataset', id: datasetId },
        data: { declarationId: declaration.id, grade, reason: why, legalBasis: basis },
      });
      return this.gradeWithManager(manager, dataset);
    });
  }

  /** A regulator authorises trading the current version of a dataset graded IMPORTANT (DSL Art. 21, 30). */
  async authoriseImportant(user: AuthUser, ability: AppAbility, datasetId: string, note: string): Promise<DatasetGradeModel> {
    ForbiddenError.from(ability).setMessage('only a regulator authorises important data').throwUnlessCan('authorise', 'DataGrade');
    const why = text(note, 'note');
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.lockWithManager(manager, datasetId);
      const graded = await gradeOfVersion(manager, dataset.id, dataset.currentVersionId);
      if (graded?.grade !== 'IMPORTANT') {
        throw new EnforcementException(
          EnforcementExceptionCode.NOT_IMPORTANT,
          graded?.grade === 'CORE' ? 'core data can never be authorised for trading' : `the current version is graded ${graded?.grade ?? 'nothing yet'}, not IMPORTANT: there is nothing to authorise`,
        );
      }
      const authorisation = await manager.save(manager.create(ImportantDataAuthorisation, { datasetId, versionId: dataset.currentVersionId!, note: why, authorisedBy: user.id }));
      await this.ledger.append(manager, {
        action: 'dataset.important_authorised',
        actor: actorOf(user),
        subject: { type: 'Dataset', id: datasetId },
        data: { authorisationId: authorisation.id, versionId: dataset.currentVersionId, note: why, gradeRule: graded.reasons[0]?.code ?? null },
      });
      return this.gradeWithManager(manager, dataset);
    });
  }
}
