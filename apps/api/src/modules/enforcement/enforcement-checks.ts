import { tradingRequirement, type DataGrade } from '@eastlake/compliance';
import type { ClassificationReport } from '@eastlake/classifier';
import type { EntityManager } from 'typeorm';
import { reportOfVersion } from '../classification/classification-reads.js';
import type { PolicyReason } from '../access/access-request.entity.js';
import { assessTier, tierRefusalMessage, type TierSources } from './buyer-tiers.js';
import { DataGradeDeclaration, ImportantDataAuthorisation } from './data-grade.entity.js';
import { EnforcementOrder } from './enforcement-order.entity.js';
import { EnforcementException, EnforcementExceptionCode } from './exceptions/enforcement.exception.js';
import { gradeOfReport, type GradeResult } from './grade.util.js';

/**
 * The checks other modules call inside their own transactions (with their `manager`):
 * regulators' freezes, data grades (GB/T 43697-2024) and cumulative tiers (2017 SPC/SPP
 * interpretation Art. 5). Plain functions, so a caller needs no new dependency.
 */

export interface FreezeTargets {
  datasetId?: string | null;
  grantId?: string | null;
  orgIds?: ReadonlyArray<string>;
}

const TARGET_WORD: Record<EnforcementOrder['targetType'], string> = { DATASET: 'listing', ORGANIZATION: 'organization', GRANT: 'grant' };

/** Active freezes on any of the targets. */
export function activeFreezes(manager: EntityManager, targets: FreezeTargets): Promise<EnforcementOrder[]> {
  const qb = manager
    .createQueryBuilder(EnforcementOrder, 'o')
    .where(`o.status = 'ACTIVE' AND o.kind = 'FREEZE'`)
    .andWhere(`((o.target_type = 'DATASET' AND o.target_id = :datasetId) OR (o.target_type = 'GRANT' AND o.target_id = :grantId) OR (o.target_type = 'ORGANIZATION' AND o.target_id = ANY(CAST(:orgIds AS uuid[]))))`, {
      datasetId: targets.datasetId ?? null,
      grantId: targets.grantId ?? null,
      orgIds: [...(targets.orgIds ?? [])],
    });
  return qb.orderBy('o.created_at', 'ASC').getMany();
}

/** The sentence an affected party reads: what is frozen, why, and on what basis. */
export function freezeMessage(order: Pick<EnforcementOrder, 'targetType' | 'reason' | 'legalBasis'>): string {
  return `the ${TARGET_WORD[order.targetType]} is frozen by a regulator's order (${order.legalBasis}): ${order.reason}`;
}

/** Throws FROZEN, with the order's reason, when a regulator froze the dataset, the grant or one of the organizations. */
export async function assertNotFrozen(manager: EntityManager, targets: FreezeTargets): Promise<void> {
  const [order] = await activeFreezes(manager, targets);
  if (order) throw new EnforcementException(EnforcementExceptionCode.FROZEN, freezeMessage(order), { orderId: order.id });
}

/** The grade of a classified version, with declarations by regulators taken into account (and the report it was graded from). */
export async function gradeOfVersion(manager: EntityManager, datasetId: string, versionId: string | null): Promise<(GradeResult & { report: ClassificationReport }) | null> {
  if (!versionId) return null;
  const report = await reportOfVersion(manager, versionId);
  if (!report) return null;
  const declared = await manager.find(DataGradeDeclaration, { where: { datasetId }, select: { grade: true } });
  return { ...gradeOfReport(report, declared.map((d) => d.grade as DataGrade)), report };
}

/** Why the grade stops trading this version now (CORE; IMPORTANT without authorisation), or null. */
export async function gradeBlock(manager: EntityManager, datasetId: string, versionId: string | null): Promise<PolicyReason | null> {
  const graded = await gradeOfVersion(manager, datasetId, versionId);
  if (!graded) return null;
  const requirement = tradingRequirement(graded.grade);
  if (requirement === 'UNTRADEABLE') {
    return { code: EnforcementExceptionCode.CORE_DATA, message: 'this dataset is core data (GB/T 43697-2024; Data Security Law Art. 21): it can never be traded' };
  }
  if (requirement === 'REGULATOR_AUTHORISATION' && !(await manager.existsBy(ImportantDataAuthorisation, { versionId: versionId! }))) {
    return {
      code: EnforcementExceptionCode.IMPORTANT_NOT_AUTHORISED,
      message: `this dataset is important data (${graded.reasons.map((r) => r.message).join(' ')}): it is traded only once a regulator authorises it (Data Security Law Art. 21, 30)`,
    };
  }
  return null;
}

function throwReason(reason: PolicyReason): never {
  throw new EnforcementException(reason.code as EnforcementExceptionCode, reason.message);
}

/** Publishing: not frozen (listing or owner), and the grade allows trading. */
export async function assertPublishable(manager: EntityManager, dataset: { id: string; ownerOrgId: string; currentVersionId: string | null }): Promise<void> {
  await assertNotFrozen(manager, { datasetId: dataset.id, orgIds: [dataset.ownerOrgId] });
  const block = await gradeBlock(manager, dataset.id, dataset.currentVersionId);
  if (block) throwReason(block);
}

export interface TradeFacts {
  datasetId: string;
  versionId: string | null;
  buyerOrgId: string;
  providerOrgId: string;
  purpose: string;
  grantId?: string | null;
  /** Aggregate queries release no person's record: they add nothing to a buyer's tier. */
  mode?: 'DOWNLOAD' | 'QUERY';
}

/** Reasons a request (or its approval) is refused: freezes, the grade, and the buyer's tier — returned as data. */
export async function tradeReasons(manager: EntityManager, sources: TierSources, t: TradeFacts): Promise<PolicyReason[]> {
  const reasons: PolicyReason[] = (await activeFreezes(manager, { datasetId: t.datasetId, grantId: t.grantId, orgIds: [t.buyerOrgId, t.providerOrgId] })).map((o) => ({
    code: EnforcementExceptionCode.FROZEN,
    message: freezeMessage(o),
  }));
  const block = await gradeBlock(manager, t.datasetId, t.versionId);
  if (block) reasons.push(block);
  if (t.versionId && t.mode !== 'QUERY') {
    const tier = await assessTier(manager, sources, t.buyerOrgId, t.versionId, t.purpose);
    if (tier.refused) reasons.push({ code: EnforcementExceptionCode.TIER_WOULD_BE_CROSSED, message: tierRefusalMessage(tier) });
  }
  return reasons;
}

/** Every delivery (token issue and download): throws the first reason, with its code and the order's or the figures' message. */
export async function assertDeliveryAllowed(
  manager: EntityManager,
  sources: TierSources,
  grant: { id: string; datasetId: string; versionId: string; buyerOrgId: string; providerOrgId: string; purposes: string[] },
  mode: 'DOWNLOAD' | 'QUERY' = 'DOWNLOAD',
): Promise<void> {
  await assertNotFrozen(manager, { datasetId: grant.datasetId, grantId: grant.id, orgIds: [grant.buyerOrgId, grant.providerOrgId] });
  const [first] = await tradeReasons(manager, sources, {
    datasetId: grant.datasetId,
    versionId: grant.versionId,
    buyerOrgId: grant.buyerOrgId,
    providerOrgId: grant.providerOrgId,
    purpose: grant.purposes[0],
    grantId: grant.id,
    mode,
  });
  if (first) throwReason(first);
}
