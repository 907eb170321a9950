import type { LedgerActor } from '@eastlake/ledger';
import type { EntityManager } from 'typeorm';
import { reportOfVersion } from '../classification/classification-reads.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import { assessTier, type TierSources } from './buyer-tiers.js';
import { gradeOfVersion } from './enforcement-checks.js';
import { ImpactAssessment } from './impact-assessment.entity.js';

const SENSITIVE = ['CN_RESIDENT_ID', 'BANK_CARD', 'STOCK_ACCOUNT', 'HEALTH', 'MINOR', 'GEO_TRACE'];
const NOT_PERSONAL = new Set(['CN_USCC']);
const RETENTION_YEARS = 3;

export interface AssessedApproval {
  actor: LedgerActor;
  userId: string;
  request: { id: string; purpose: string; durationDays: number };
  grant: { id: string; datasetId: string; versionId: string; buyerOrgId: string; providerOrgId: string; purposes: string[]; region: string; expiresAt: Date; onwardTransfer: boolean; mode?: string };
  /** The provider's note on the decision: its statement of necessity, when it gave one. */
  note: string | null;
}

/**
 * Records the personal-information impact assessment of an approval that provides personal
 * information to another handler (PIPL Art. 55 (3), 56), compiled from what the exchange knows
 * at that moment — purpose, the provider's statement, what the data holds, its grade, the
 * buyer's tier position, and the grant's protective terms — in the approval's transaction,
 * ledgered. Approvals of data without personal information need none and record none.
 */
export async function recordImpactAssessment(manager: EntityManager, ledger: LedgerService, sources: TierSources, a: AssessedApproval): Promise<ImpactAssessment | null> {
  const report = await reportOfVersion(manager, a.grant.versionId);
  const personal = (report?.exposure ?? []).filter((e) => !NOT_PERSONAL.has(e.type));
  if (!report || personal.length === 0) return null;

  const purpose = a.request.purpose;
  const coverage = await sources.consent.purposeCoverageWithManager(manager, a.grant.versionId, purpose);
  const graded = await gradeOfVersion(manager, a.grant.datasetId, a.grant.versionId);
  const tier = a.grant.mode === 'QUERY' ? null : await assessTier(manager, sources, a.grant.buyerOrgId, a.grant.versionId, purpose);
  const sensitive = personal.filter((e) => SENSITIVE.includes(e.type)).map((e) => e.type);
  const n = (x: number) => x.toLocaleString('en-US');

  const risks = [
    `Personal information of up to ${n(Math.max(...personal.map((e) => e.distinct)))} people in ${n(report.rows)} rows: ${personal.map((e) => `${e.type} (${n(e.distinct)})`).join(', ')}.`,
    sensitive.length
      ? `Sensitive personal information (PIPL Art. 28): ${sensitive.join(', ')} — a leak or misuse can harm dignity, person or property.`
      : 'No sensitive personal information (PIPL Art. 28) found.',
    `Data grade ${graded?.grade ?? 'unknown'} (GB/T 43697-2024)${graded ? `: ${graded.reasons.map((r) => r.code).join(', ')}` : ''}.`,
    tier
      ? `The buyer's holding without a lawful basis stays at ${Math.round(tier.position.quantityShare * 100)} % of the "serious" standard of the 2017 SPC/SPP interpretation Art. 5 with this data${tier.lawful ? ' (this data is consented: it does not count)' : ''}.`
      : 'Aggregate queries only: no person’s record is released to the buyer.',
    a.grant.onwardTransfer ? 'The provider allows onward transfer: the buyer may provide the data to others under its own grant.' : 'The buyer may not transfer the data onward.',
  ];
  const measures = [
    `Use limited to the purpose "${purpose}" (the grant's ODRL policy), in ${a.grant.region}, until ${a.grant.expiresAt.toISOString().slice(0, 10)}.`,
    coverage
      ? `Consent on record for "${purpose}" covers ${n(coverage.coveredRows)} of ${n(coverage.neededRows)} rows that need it (PIPL Art. 13 (1), 23).`
      : 'No row needs consent (no direct identifiers).',
    a.grant.mode === 'QUERY'
      ? 'Delivered as aggregate queries with a minimum group size and a privacy budget: no rows leave the exchange.'
      : 'Delivered through single-use, five-minute download links, with the policy, consent and the buyer’s tier checked again at every download.',
    'Every delivery is ledgered; consent withdrawals suspend the grant; a regulator can freeze it at once.',
  ];
  const necessity =
    a.note ??
    `The buyer stated the purpose "${purpose}" for ${a.request.durationDays} days; the provider approved it without a further statement of necessity.`;

  const assessment = await manager.save(
    manager.create(ImpactAssessment, {
      requestId: a.request.id,
      grantId: a.grant.id,
      datasetId: a.grant.datasetId,
      versionId: a.grant.versionId,
      providerOrgId: a.grant.providerOrgId,
      buyerOrgId: a.grant.buyerOrgId,
      assessedBy: a.userId,
      purpose,
      necessity,
      risks,
      measures,
      retainUntil: new Date(Date.now() + (RETENTION_YEARS * 365 + 2) * 24 * 3600 * 1000),
    }),
  );
  await ledger.append(manager, {
    action: 'pia.recorded',
    actor: a.actor,
    subject: { type: 'ImpactAssessment', id: assessment.id },
    data: { requestId: a.request.id, grantId: a.grant.id, datasetId: a.grant.datasetId, purpose, sensitive, retainUntil: assessment.retainUntil.toISOString() },
  });
  return assessment;
}
