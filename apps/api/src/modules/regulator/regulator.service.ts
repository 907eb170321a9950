import { Inject, Injectable } from '@nestjs/common';
import type { ColumnReport } from '@eastlake/classifier';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { fraudRiskOf, maxAgeInSample, type FraudRisk } from './fraud-risk.js';
import { fromHex, merkleTreeHash, toHex } from '@eastlake/ledger';
import { DataSource } from 'typeorm';
import { BadInputException } from '../../common/errors/domain.exception.js';
import type { TransactionsArgs } from './dto/transactions.args.js';
import type { ComplianceReportModel, RiskFlagModel, TransactionModel } from './models/regulator.models.js';
import type { TierPositionModel } from './models/tier-position.models.js';
import { EnforcementService } from '../enforcement/enforcement.service.js';
import type { ImpactAssessmentModel } from './models/impact-assessment.model.js';
import { RISK_RULES } from './risk-rules.js';
import { tierPositions } from './tier-positions.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { ACCESS_REQUESTS_VIEW, BUYER_EXPOSURE_VIEW, DELIVERIES_VIEW, GRANTS_VIEW } from '../access/access.views.js';
import { CLASSIFICATIONS_VIEW, RESALE_SUSPICIONS_VIEW } from '../classification/classification.views.js';
import { DATASET_VERSIONS_VIEW, DATASETS_VIEW } from '../datasets/dataset.views.js';
import { ENFORCEMENT_ORDERS_VIEW } from '../enforcement/enforcement.views.js';
import { ORGANIZATIONS_VIEW } from '../organizations/organization.views.js';

interface TransactionRow {
  kind: string;
  id: string;
  at: Date;
  dataset_id: string;
  dataset_title: string;
  buyer_org_id: string;
  buyer_name: string;
  provider_org_id: string;
  provider_name: string;
  status: string;
  purpose: string | null;
  rows: string | null;
}

interface OrgRow {
  id: string;
  name: string;
  kind: string;
  verified: boolean;
  created_at: Date;
}

const DAY_MS = 24 * 3600 * 1000;

/** Read-only audit views for regulators: it never writes. */
@Injectable()
export class RegulatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly enforcement: EnforcementService,
  ) {}

  /** The targeted-fraud pattern of each classified version asked for (contacts with old age or shareholdings). */
  async fraudRisksOf(versionIds: readonly string[]): Promise<Map<string, FraudRisk>> {
    if (versionIds.length === 0) return new Map();
    const rows: Array<{ id: string; storage_key: string; columns: ColumnReport[] }> = await this.dataSource.query(
      `SELECT v.id, v.storage_key, c.report->'columns' AS columns FROM ${DATASET_VERSIONS_VIEW} v JOIN ${CLASSIFICATIONS_VIEW} c ON c.version_id = v.id WHERE v.id = ANY($1::uuid[])`,
      [[...versionIds]],
    );
    const out = new Map<string, FraudRisk>();
    for (const r of rows) {
      const risk = await fraudRiskOf(r.columns ?? [], async (column) => {
        try {
          return await maxAgeInSample(this.storage.read(r.storage_key), column);
        } catch {
          return null;
        }
      });
      if (risk) out.set(r.id, risk);
    }
    return out;
  }

  /** Listings (current versions) and buyers' acquisitions that match a targeted-fraud pattern. */
  async targetedFraud(): Promise<{
    listings: Array<{ datasetId: string; title: string; ownerOrgId: string; versionId: string; risk: FraudRisk }>;
    buyers: Array<{ buyerOrgId: string; datasets: Array<{ datasetId: string; title: string; risk: FraudRisk }> }>;
  }> {
    // Only versions with a contact column can match: filtered in SQL before any file is sampled.
    const contact = `EXISTS (SELECT 1 FROM jsonb_array_elements(c.report->'columns') col CROSS JOIN LATERAL jsonb_array_elements(col->'types') t WHERE t->>'type' IN ('CN_MOBILE', 'EMAIL', 'ADDRESS'))`;
    const current: Array<{ id: string; title: string; owner_org_id: string; version_id: string }> = await this.dataSource.query(
      `SELECT d.id, d.title, d.owner_org_id, d.current_version_id AS version_id FROM ${DATASETS_VIEW} d JOIN ${CLASSIFICATIONS_VIEW} c ON c.version_id = d.current_version_id WHERE ${contact}`,
    );
    const delivered: Array<{ buyer_org_id: string; dataset_id: string; title: string; version_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT g.buyer_org_id, g.dataset_id, d.title, v.version_id
         FROM ${DELIVERIES_VIEW} v JOIN ${GRANTS_VIEW} g ON g.id = v.grant_id JOIN ${DATASETS_VIEW} d ON d.id = g.dataset_id JOIN ${CLASSIFICATIONS_VIEW} c ON c.version_id = v.version_id
        WHERE ${contact}`,
    );
    const risks = await this.fraudRisksOf([...new Set([...current.map((r) => r.version_id), ...delivered.map((r) => r.version_id)])]);
    const listings = current.flatMap((r) => {
      const risk = risks.get(r.version_id);
      return risk ? [{ datasetId: r.id, title: r.title, ownerOrgId: r.owner_org_id, versionId: r.version_id, risk }] : [];
    });
    const byBuyer = new Map<string, Map<string, { datasetId: string; title: string; risk: FraudRisk }>>();
    for (const r of delivered) {
      const risk = risks.get(r.version_id);
      if (!risk) continue;
      const m = byBuyer.get(r.buyer_org_id) ?? new Map();
      m.set(r.dataset_id, { datasetId: r.dataset_id, title: r.title, risk });
      byBuyer.set(r.buyer_org_id, m);
    }
    return { listings, buyers: [...byBuyer].map(([buyerOrgId, m]) => ({ buyerOrgId, datasets: [...m.values()] })) };
  }

  /** Requests, grants and deliveries, newest first, filtered in SQL. */
  async transactions(args: TransactionsArgs): Promise<TransactionModel[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (args.organizationId) {
      const id = p(args.organizationId);
      where.push(`(t.buyer_org_id = ${id} OR t.provider_org_id = ${id})`);
    }
    if (args.datasetId) where.push(`t.dataset_id = ${p(args.datasetId)}`);
    if (args.from) where.push(`t.at >= ${p(args.from)}`);
    if (args.to) where.push(`t.at < ${p(args.to)}`);
    if (args.status) where.push(`t.status = ${p(args.status.toUpperCase())}`);
    if (args.kind) where.push(`t.kind = ${p(args.kind)}`);
    const rows: TransactionRow[] = await this.dataSource.query(
      `SELECT t.*, d.title AS dataset_title, b.name AS buyer_name, s.name AS provider_name FROM (
         SELECT 'REQUEST' AS kind, r.id, r.created_at AS at, r.dataset_id, r.buyer_org_id, r.provider_org_id, r.status, r.purpose, NULL::bigint AS rows
           FROM ${ACCESS_REQUESTS_VIEW} r
         UNION ALL
         SELECT 'GRANT', g.id, g.created_at, g.dataset_id, g.buyer_org_id, g.provider_org_id, g.status, g.purposes[1], g.rows_delivered
           FROM ${GRANTS_VIEW} g
         UNION ALL
         SELECT 'DELIVERY', v.id, v.created_at, g.dataset_id, g.buyer_org_id, g.provider_org_id, 'DELIVERED', g.purposes[1], v.rows_delivered
           FROM ${DELIVERIES_VIEW} v JOIN ${GRANTS_VIEW} g ON g.id = v.grant_id
       ) t
       JOIN ${DATASETS_VIEW} d ON d.id = t.dataset_id
       JOIN ${ORGANIZATIONS_VIEW} b ON b.id = t.buyer_org_id
       JOIN ${ORGANIZATIONS_VIEW} s ON s.id = t.provider_org_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY t.at DESC, t.id DESC
       LIMIT ${p(args.first ?? 500)}`,
      params,
    );
    return rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      at: new Date(r.at),
      datasetId: r.dataset_id,
      datasetTitle: r.dataset_title,
      buyerOrgId: r.buyer_org_id,
      buyerName: r.buyer_name,
      providerOrgId: r.provider_org_id,
      providerName: r.provider_name,
      status: r.status,
      purpose: r.purpose,
      rows: r.rows === null ? null : Number(r.rows),
    }));
  }

  private async organizations(ids: string[]): Promise<Map<string, OrgRow>> {
    if (ids.length === 0) return new Map();
    const rows: OrgRow[] = await this.dataSource.query(`SELECT id, name, kind, verified, created_at FROM ${ORGANIZATIONS_VIEW} o WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((o) => [o.id, o]));
  }

  /**
   * Risk flags: buyers whose delivered personal-information items reach a tier of the
   * 2017 SPC/SPP interpretation Art. 5 (50 / 500 / 5,000 by type), buyers acquiring
   * personal information from many providers in a short period, providers with
   * repeated UNTRADEABLE uploads, providers suspected of reselling others' data.
   */
  async riskFlags(now = new Date()): Promise<RiskFlagModel[]> {
    const flags: Array<Omit<RiskFlagModel, 'organization'> & { orgId: string }> = [];

    // Items per buyer and type, kept up to date by every delivery (each version once per buyer).
    const exposure: Array<{ buyer_org_id: string; type: string; distinct: string; tier: string }> = await this.dataSource.query(
      `SELECT buyer_org_id, pii_type AS type, items AS distinct, tier FROM ${BUYER_EXPOSURE_VIEW} x`,
    );
    for (const row of exposure) {
      const count = Number(row.distinct);
      const tier = Number(row.tier);
      if (count >= tier) {
        flags.push({
          kind: 'BUYER_EXPOSURE_TIER',
          orgId: row.buyer_org_id,
          count,
          threshold: tier,
          piiType: row.type,
          message: `received ${count} distinct ${row.type} items: at or above the ${tier}-item threshold of the 2017 SPC/SPP interpretation Art. 5 (Criminal Law Art. 253-1)`,
        });
      }
    }

    const since = new Date(now.getTime() - RISK_RULES.manyProvidersDays * DAY_MS);
    const many: Array<{ buyer_org_id: string; providers: string }> = await this.dataSource.query(
      `SELECT g.buyer_org_id, COUNT(DISTINCT g.provider_org_id) AS providers
         FROM ${DELIVERIES_VIEW} v JOIN ${GRANTS_VIEW} g ON g.id = v.grant_id
         JOIN ${CLASSIFICATIONS_VIEW} c ON c.version_id = v.version_id
        WHERE v.created_at >= $1 AND jsonb_array_length(c.report->'exposure') > 0
        GROUP BY g.buyer_org_id HAVING COUNT(DISTINCT g.provider_org_id) >= $2`,
      [since, RISK_RULES.manyProvidersCount],
    );
    for (const row of many) {
      flags.push({
        kind: 'BUYER_MANY_PROVIDERS',
        orgId: row.buyer_org_id,
        count: Number(row.providers),
        threshold: RISK_RULES.manyProvidersCount,
        piiType: null,
        message: `acquired personal information from ${row.providers} providers in ${RISK_RULES.manyProvidersDays} days`,
      });
    }

    const untradeableSince = new Date(now.getTime() - RISK_RULES.untradeableDays * DAY_MS);
    const repeated: Array<{ owner_org_id: string; uploads: string }> = await this.dataSource.query(
      `SELECT d.owner_org_id, COUNT(*) AS uploads
         FROM ${CLASSIFICATIONS_VIEW} c JOIN ${DATASET_VERSIONS_VIEW} v ON v.id = c.version_id JOIN ${DATASETS_VIEW} d ON d.id = v.dataset_id
        WHERE c.verdict = 'UNTRADEABLE' AND c.created_at >= $1
        GROUP BY d.owner_org_id HAVING COUNT(*) >= $2`,
      [untradeableSince, RISK_RULES.untradeableUploads],
    );
    for (const row of repeated) {
      flags.push({
        kind: 'PROVIDER_REPEATED_UNTRADEABLE',
        orgId: row.owner_org_id,
        count: Number(row.uploads),
        threshold: RISK_RULES.untradeableUploads,
        piiType: null,
        message: `uploaded ${row.uploads} UNTRADEABLE versions in ${RISK_RULES.untradeableDays} days`,
      });
    }

    const resale: Array<{ owner_org_id: string; versions: string }> = await this.dataSource.query(
      `SELECT d.owner_org_id, COUNT(DISTINCT s.version_id) AS versions
         FROM ${RESALE_SUSPICIONS_VIEW} s JOIN ${DATASET_VERSIONS_VIEW} v ON v.id = s.version_id JOIN ${DATASETS_VIEW} d ON d.id = v.dataset_id
        GROUP BY d.owner_org_id`,
    );
    for (const row of resale) {
      flags.push({
        kind: 'RESALE_SUSPECTED',
        orgId: row.owner_org_id,
        count: Number(row.versions),
        threshold: 1,
        piiType: null,
        message: `uploaded ${row.versions} version(s) whose data subjects overlap another organization's listing by 30 % or more`,
      });
    }

    // Cumulative tiers on what was received without a lawful basis (2017 SPC/SPP interpretation Art. 5, proportional sum).
    for (const p of await this.tierPositions()) {
      if (p.level === 'NONE') continue;
      const level = p.level === 'ESPECIALLY_SERIOUS' ? '"especially serious"' : '"serious"';
      const limbs = [
        ...(p.by.includes('QUANTITY') ? [`holds personal information without a lawful basis on record at ${Math.floor(p.quantityShare * 100)} % of the "serious" standard (proportional sum)`] : []),
        ...(p.by.includes('PROCEEDS') ? [`recorded proceeds of ¥${(p.proceedsFen / 100).toFixed(2)} selling personal information without a lawful basis (${Math.floor(p.proceedsShare * 100)} % of the "serious" standard)`] : []),
      ];
      flags.push({
        kind: 'BUYER_TIER_REACHED',
        orgId: p.organization.id,
        count: Math.floor(Math.max(p.quantityShare, p.proceedsShare) * 100),
        threshold: p.level === 'ESPECIALLY_SERIOUS' ? 1000 : 100,
        piiType: null,
        message: `${limbs.join('; ')}${p.insider ? ' (an insider: half the standards)' : ''}: ${level} under the 2017 SPC/SPP interpretation Art. 5`,
      });
    }

    // Rectification orders past their deadline (PIPL Art. 61, 64; DSL Art. 44): on the organization ordered, or the listing's owner.
    const overdue: Array<{ id: string; org_id: string; reason: string; legal_basis: string; deadline: Date; days: string }> = await this.dataSource.query(
      `SELECT o.id, COALESCE(d.owner_org_id, o.target_id) AS org_id, o.reason, o.legal_basis, o.deadline,
              FLOOR(EXTRACT(EPOCH FROM ($1::timestamptz - o.deadline)) / 86400) AS days
         FROM ${ENFORCEMENT_ORDERS_VIEW} o LEFT JOIN ${DATASETS_VIEW} d ON o.target_type = 'DATASET' AND d.id = o.target_id
        WHERE o.kind = 'RECTIFICATION' AND o.status = 'ACTIVE' AND o.deadline < $1
        ORDER BY o.deadline`,
      [now],
    );
    for (const row of overdue) {
      flags.push({
        kind: 'RECTIFICATION_OVERDUE',
        orgId: row.org_id,
        count: Number(row.days),
        threshold: 0,
        piiType: null,
        message: `rectification order ${row.id} (${row.legal_basis}) was due ${new Date(row.deadline).toISOString().slice(0, 10)} and is overdue (${Number(row.days)} full day(s)): ${row.reason}`,
      });
    }

    // Targeted-fraud material (contacts with old age or shareholdings): on the listing's owner and on each buyer that acquired it.
    const fraud = await this.targetedFraud();
    for (const l of fraud.listings) {
      flags.push({
        kind: 'TARGETED_FRAUD_LISTING',
        orgId: l.ownerOrgId,
        count: 1,
        threshold: 1,
        piiType: null,
        datasetId: l.datasetId,
        datasetTitle: l.title,
        message: `listing "${l.title}" ${l.risk.message}`,
      });
    }
    for (const b of fraud.buyers) {
      for (const d of b.datasets) {
        flags.push({
          kind: 'TARGETED_FRAUD_BUYER',
          orgId: b.buyerOrgId,
          count: b.datasets.length,
          threshold: 1,
          piiType: null,
          datasetId: d.datasetId,
          datasetTitle: d.title,
          message: `acquired "${d.title}", which ${d.risk.message}`,
        });
      }
    }

    const orgs = await this.organizations([...new Set(flags.map((f) => f.orgId))]);
    return flags.map(({ orgId, ...flag }) => {
      const o = orgs.get(orgId)!;
      return { ...flag, organization: { id: o.id, name: o.name, kind: o.kind as never, verified: o.verified, createdAt: o.created_at } };
    });
  }

  /** Impact assessments (PIPL Art. 55–56), newest first, optionally of one dataset or request. */
  impactAssessments(filter: { datasetId?: string; requestId?: string }): Promise<ImpactAssessmentModel[]> {
    return this.enforcement.impactAssessments(filter);
  }

  /** Each organization that received data, against both tiers of the 2017 SPC/SPP interpretation Art. 5. */
  tierPositions(asOf: Date | null = null): Promise<TierPositionModel[]> {
    return tierPositions(this.dataSource, asOf);
  }

  /** Counts for a period, with the ledger's size and root at the period's end. */
  async complianceReport(from: Date, to: Date): Promise<ComplianceReportModel> {
    if (!(from < to)) throw new BadInputException('from must be before to');
    const count = async (sql: string): Promise<Array<{ key: string; count: number }>> =>
      (await this.dataSource.query(sql, [from, to])).map((r: { key: string; count: string }) => ({ key: r.key, count: Number(r.count) }));
    const verdicts = await count(`SELECT verdict AS key, COUNT(*) AS count FROM ${CLASSIFICATIONS_VIEW} c WHERE created_at >= $1 AND created_at < $2 GROUP BY verdict ORDER BY verdict`);
    const reasonCodes = await count(
      `SELECT r->>'code' AS key, COUNT(*) AS count FROM ${CLASSIFICATIONS_VIEW} c CROSS JOIN LATERAL jsonb_array_elements(c.report->'reasons') r
        WHERE c.created_at >= $1 AND c.created_at < $2 GROUP BY r->>'code' ORDER BY count DESC, key`,
    );
    const decisions = await count(`SELECT status AS key, COUNT(*) AS count FROM ${ACCESS_REQUESTS_VIEW} r WHERE created_at >= $1 AND created_at < $2 GROUP BY status ORDER BY status`);
    const deliveries = Number((await this.dataSource.query(`SELECT COUNT(*) AS n FROM ${DELIVERIES_VIEW} v WHERE created_at >= $1 AND created_at < $2`, [from, to]))[0].n);
    // Entries appended before `to` may still wait in the sequencer's queue.
    await this.ledger.flush();
    const leaves = await this.ledger.leafHashesBefore(to);
    return {
      from,
      to,
      verdicts,
      reasonCodes,
      decisions,
      deliveries,
      ledgerTreeSize: leaves.length,
      ledgerRootHash: toHex(merkleTreeHash(leaves.map((l) => fromHex(l)))),
    };
  }
}
