import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { NotFoundException } from '../../common/errors/domain.exception.js';
import { AccessService } from '../access/access.service.js';
import { GrantLifecycleService } from '../access/grant-lifecycle.service.js';
import type { Grant } from '../access/grant.entity.js';
import { ClassificationService } from '../classification/classification.service.js';
import { revokedSubjectKeysWithManager } from '../consent/consent-reads.js';
import { DatasetLifecycleService } from '../datasets/dataset-lifecycle.service.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { UsersService } from '../users/users.service.js';
import { assertDpSupported, epsilonOf, releaseAnswer, type ReleasedAnswer } from './answer-release.js';
import { AggregateQuery } from './aggregate-query.entity.js';
import { QueryException, QueryExceptionCode } from './exceptions/query.exception.js';
import { shapeOf, viewSql } from './file-view.js';
import { GrantQueryPolicy } from './grant-query-policy.entity.js';
import { QueryEngineService } from './query-engine.service.js';
import { QueryOffer } from './query-offer.entity.js';
import { columnsOf, planQuery } from './query-planner.js';
import { DEFAULT_DP, DEFAULT_MIN_GROUP_SIZE, type AggregateQuerySpec, type DpTerms, type QueryPolicyTerms } from './query-spec.js';

/** Files smaller than this are read once per query and kept in memory for the differencing checks. */
const MATERIALIZE_BELOW_BYTES = 256 * 1024 * 1024;
const EPS = 1e-9;

export interface QueryAnswer extends Omit<ReleasedAnswer, 'rowsMatched'> {
  id: string;
  cached: boolean;
  inputHash: string;
  rowsScanned: number;
  durationMs: number;
  budget: { spent: number; left: number | null; total: number | null };
}

export function termsOf(p: GrantQueryPolicy): QueryPolicyTerms {
  const dp: DpTerms | null =
    p.dpEpsilonPerQuery !== null && p.dpEpsilonTotal !== null && p.dpContributionBound !== null
      ? { epsilonPerQuery: p.dpEpsilonPerQuery, epsilonTotal: p.dpEpsilonTotal, contributionBound: p.dpContributionBound }
      : null;
  return { minGroupSize: p.minGroupSize, dp };
}

export function budgetOf(p: GrantQueryPolicy): QueryAnswer['budget'] {
  const t = termsOf(p);
  return { spent: round6(p.epsilonSpent), left: t.dp ? round6(Math.max(0, t.dp.epsilonTotal - p.epsilonSpent)) : null, total: t.dp ? t.dp.epsilonTotal : null };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
/** ε in the ledger: a decimal string (ledger data holds no floats). */
const epsilonText = (x: number) => String(round6(x));

/**
 * Aggregate queries on QUERY grants: usable but not visible. The grant and its policy are
 * checked exactly as for a download (status, expiry, freezes, the usage policy); the query is
 * planned against the version's classification, ε reserved under the policy row's lock, the
 * engine run outside any transaction, and the answer recorded with its ledger entry in one
 * transaction that first checks the grant is still ACTIVE and no consent was withdrawn meanwhile.
 */
@Injectable()
export class AggregateQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly ledger: LedgerService,
    private readonly engine: QueryEngineService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly grants: GrantLifecycleService,
    private readonly classifications: ClassificationService,
    private readonly datasets: DatasetLifecycleService,
    private readonly users: UsersService,
  ) {}

  /** The grant's query policy, locked; created with the offer's k and the default privacy budget on first use. */
  async policyWithManager(manager: EntityManager, grant: Grant): Promise<GrantQueryPolicy> {
    const found = await manager.findOne(GrantQueryPolicy, { where: { grantId: grant.id }, lock: { mode: 'pessimistic_write' } });
    if (found) return found;
    const offer = await manager.findOneBy(QueryOffer, { versionId: grant.versionId });
    await manager.query(
      `INSERT INTO grant_query_policies (grant_id, min_group_size, dp_epsilon_per_query, dp_epsilon_total, dp_contribution_bound)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (grant_id) DO NOTHING`,
      [grant.id, Math.max(DEFAULT_MIN_GROUP_SIZE, offer?.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE), DEFAULT_DP.epsilonPerQuery, DEFAULT_DP.epsilonTotal, DEFAULT_DP.contributionBound],
    );
    return manager.findOneOrFail(GrantQueryPolicy, { where: { grantId: grant.id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A grant the caller may see and that is a QUERY grant (for reading its policy and columns). */
  async queryGrantFor(ability: AppAbility, grantId: string, manager: EntityManager = this.dataSource.manager): Promise<Grant> {
    const grant = await this.grants.findWithManager(manager, grantId);
    if (!grant || !ability.can('read', subject('Grant', grant))) throw new NotFoundException('grant', grantId);
    if (grant.mode !== 'QUERY') {
      throw new QueryException(QueryExceptionCode.NOT_A_QUERY_GRANT, 'this grant is for downloads (mode DOWNLOAD); aggregate queries need a grant requested with mode QUERY');
    }
    return grant;
  }

  private async revocationState(manager: EntityManager, datasetId: string): Promise<{ keys: string[]; stamp: string }> {
    const keys = (await revokedSubjectKeysWithManager(manager, datasetId)).map((k) => k.trim());
    return { keys, stamp: createHash('sha256').update(keys.join('\n')).digest('hex') };
  }

  async run(user: AuthUser, ability: AppAbility, grantId: string, spec: AggregateQuerySpec): Promise<QueryAnswer> {
    const started = Date.now();
    const prep = await this.dataSource.transaction(async (manager) => {
      const seen = await this.queryGrantFor(ability, grantId, manager);
      ForbiddenError.from(ability).setMessage('only the buyer of a grant queries it').throwUnlessCan('query', subject('Grant', seen));
      const grant = await this.access.usableGrant(manager, ability, grantId, 'QUERY');
      const policy = await this.policyWithManager(manager, grant);
      const terms = termsOf(policy);
      const classification = await this.classifications.forVersionWithManager(manager, grant.versionId);
      const version = await this.datasets.versionWithManager(manager, grant.versionId);
      if (!classification) throw new QueryException(QueryExceptionCode.POLICY_REFUSED, 'the version of this grant has no classification yet');
      const revocations = await this.revocationState(manager, grant.datasetId);
      const plan = planQuery(classification.report, spec, terms, { materialize: version.bytes < MATERIALIZE_BELOW_BYTES, revoked: revocations.keys.length > 0 });
      assertDpSupported(plan, terms);
      const cacheKey = createHash('sha256')
        .update([plan.inputHash, grant.versionId, revocations.stamp, terms.minGroupSize, terms.dp ? `${terms.dp.epsilonPerQuery}/${terms.dp.contributionBound}` : 'exact'].join('|'))
        .digest('hex');
      const base = { grantId: grant.id, userId: user.id, inputHash: plan.inputHash, cacheKey, canonicalInput: plan.canonical };

      // The same question on the same data under the same policy: the same (noisy) answer, nothing spent.
      const earlier = await manager.findOne(AggregateQuery, { where: { grantId: grant.id, cacheKey, status: 'DONE', cached: false }, order: { createdAt: 'ASC' } });
      if (earlier?.result) {
        const record = await manager.save(
          manager.create(AggregateQuery, {
            ...base,
            status: 'DONE',
            cached: true,
            epsilon: 0,
            groupsReturned: earlier.groupsReturned,
            groupsSuppressed: earlier.groupsSuppressed,
            rowsScanned: 0,
            rowsMatched: earlier.rowsMatched,
            durationMs: Date.now() - started,
            result: earlier.result,
            error: null,
            finishedAt: new Date(),
          }),
        );
        await manager.update(GrantQueryPolicy, { grantId: grant.id }, { queriesRun: () => 'queries_run + 1', queriesCached: () => 'queries_cached + 1', lastQueryAt: new Date(), updatedAt: new Date() });
        await this.ledger.append(manager, {
          action: 'query.answered',
          actor: actorOf(user),
          subject: { type: 'Grant', id: grant.id },
          data: { queryId: record.id, inputHash: plan.inputHash, cached: true, cachedFrom: earlier.id, groupsReturned: earlier.groupsReturned ?? 0, groupsSuppressed: earlier.groupsSuppressed ?? 0, epsilon: '0', rowsScanned: 0, durationMs: record.durationMs ?? 0 },
        });
        return { kind: 'cached', record, answer: earlier.result, budget: budgetOf(policy) } as const;
      }

      const epsilon = epsilonOf(terms);
      if (terms.dp && policy.epsilonSpent + epsilon > terms.dp.epsilonTotal + EPS) {
        const left = round6(Math.max(0, terms.dp.epsilonTotal - policy.epsilonSpent));
        throw new QueryException(
          QueryExceptionCode.BUDGET_EXHAUSTED,
          `the grant's privacy budget cannot pay for this query: it costs ε = ${epsilonText(epsilon)} and ε = ${epsilonText(left)} of ${epsilonText(terms.dp.epsilonTotal)} is left (repeating an earlier query costs nothing)`,
          { left, spent: round6(policy.epsilonSpent), total: terms.dp.epsilonTotal, cost: epsilon },
        );
      }
      // ε is reserved now, under the policy row's lock: concurrent queries cannot overspend.
      policy.epsilonSpent = round6(policy.epsilonSpent + epsilon);
      await manager.update(GrantQueryPolicy, { grantId: grant.id }, { epsilonSpent: policy.epsilonSpent, updatedAt: new Date() });
      const record = await manager.save(
        manager.create(AggregateQuery, { ...base, status: 'RUNNING', cached: false, epsilon, groupsReturned: null, groupsSuppressed: null, rowsScanned: null, rowsMatched: null, durationMs: null, result: null, error: null, finishedAt: null }),
      );
      const path = await this.storage.localPath(version.storageKey);
      return { kind: 'fresh', record, plan, terms, path, version, revocations, epsilon, datasetId: grant.datasetId } as const;
    });

    if (prep.kind === 'cached') {
      const { record, answer, budget } = prep;
      return { ...answer, id: record.id, cached: true, inputHash: record.inputHash, rowsScanned: 0, durationMs: record.durationMs ?? 0, budget };
    }

    const { record, plan, terms, path, version, revocations, epsilon, datasetId } = prep;
    let answer: ReleasedAnswer;
    try {
      const columns = columnsOf(await this.reportOf(version.id)).map((c) => c.name);
      const shape = await shapeOf(path, columns);
      const result = await this.engine.run({ path, viewSql: viewSql(path, shape, columns), sql: plan.sql, params: plan.params, revokedKeys: revocations.keys });
      answer = releaseAnswer(plan, result, terms);
    } catch (error) {
      await this.fail(user, record, epsilon, error instanceof Error ? error.message : String(error));
      throw error;
    }

    const outcome = await this.dataSource.transaction(async (manager) => {
      const grant = await this.grants.lockWithManager(manager, record.grantId);
      if (grant.status !== 'ACTIVE' || grant.expiresAt.getTime() <= Date.now()) {
        return { kind: 'refused', error: new QueryException(QueryExceptionCode.GRANT_NOT_ACTIVE, `the grant became ${grant.status === 'ACTIVE' ? 'EXPIRED' : grant.status} while the query ran${grant.statusReason ? `: ${grant.statusReason}` : ''}`) } as const;
      }
      if ((await this.revocationState(manager, datasetId)).stamp !== revocations.stamp) {
        return { kind: 'refused', error: new QueryException(QueryExceptionCode.DATA_CHANGED, 'a data subject withdrew consent while the query ran; run it again (their rows are then left out)') } as const;
      }
      const durationMs = Date.now() - started;
      const { rowsMatched, ...released } = answer;
      const rowsScanned = version.rows ?? 0;
      await manager.update(
        AggregateQuery,
        { id: record.id },
        { status: 'DONE', groupsReturned: released.rows.length, groupsSuppressed: released.suppressedGroups, rowsScanned, rowsMatched, durationMs, result: released, finishedAt: new Date() },
      );
      await manager.update(
        GrantQueryPolicy,
        { grantId: grant.id },
        { queriesRun: () => 'queries_run + 1', rowsScanned: () => `rows_scanned + ${Number(rowsScanned)}`, lastQueryAt: new Date(), updatedAt: new Date() },
      );
      await this.ledger.append(manager, {
        action: 'query.executed',
        actor: actorOf(user),
        subject: { type: 'Grant', id: grant.id },
        data: {
          queryId: record.id,
          inputHash: record.inputHash,
          cached: false,
          groupsReturned: released.rows.length,
          groupsSuppressed: released.suppressedGroups,
          epsilon: epsilonText(epsilon),
          mechanism: released.noise?.mechanism ?? null,
          rowsScanned,
          rowsMatched,
          durationMs,
          versionId: version.id,
        },
      });
      const policy = await manager.findOneByOrFail(GrantQueryPolicy, { grantId: grant.id });
      return { kind: 'done', answer: { ...released, id: record.id, cached: false, inputHash: record.inputHash, rowsScanned, durationMs, budget: budgetOf(policy) } } as const;
    });
    if (outcome.kind === 'refused') {
      await this.fail(user, record, epsilon, outcome.error.message);
      throw outcome.error;
    }
    return outcome.answer;
  }

  private async reportOf(versionId: string) {
    const classification = await this.classifications.forVersionWithManager(this.dataSource.manager, versionId);
    if (!classification) throw new NotFoundException('classification', versionId);
    return classification.report;
  }

  /** A query that released nothing: recorded as FAILED, its ε given back, ledgered. */
  private async fail(user: AuthUser, record: AggregateQuery, epsilon: number, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM grant_query_policies WHERE grant_id = $1 FOR UPDATE`, [record.grantId]);
      await manager.query(`UPDATE grant_query_policies SET epsilon_spent = GREATEST(0, epsilon_spent - $2), updated_at = now() WHERE grant_id = $1`, [record.grantId, epsilon]);
      await manager.update(AggregateQuery, { id: record.id }, { status: 'FAILED', error: reason.slice(0, 500), finishedAt: new Date() });
      await this.ledger.append(manager, {
        action: 'query.failed',
        actor: actorOf(user),
        subject: { type: 'Grant', id: record.grantId },
        data: { queryId: record.id, inputHash: record.inputHash, epsilonRefunded: epsilonText(epsilon), reason: reason.slice(0, 200) },
      });
    });
  }

  /**
   * The grant's query log, newest first: the buyer, the provider, regulators and admins read it.
   * Each record names the organization of the user who ran it (only the grant's buyer queries).
   */
  async log(ability: AppAbility, grantId: string, first: number): Promise<Array<AggregateQuery & { buyerOrgName: string | null }>> {
    await this.queryGrantFor(ability, grantId);
    const records = await this.dataSource.manager.find(AggregateQuery, { where: { grantId }, order: { createdAt: 'DESC', id: 'DESC' }, take: Math.min(Math.max(first, 1), 200) });
    const userIds = [...new Set(records.map((r) => r.userId))];
    const names = await this.users.organizationNamesOf(userIds);
    return records.map((r) => Object.assign(r, { buyerOrgName: names.get(r.userId) ?? null }));
  }

  async policyOf(ability: AppAbility, grant: Grant): Promise<GrantQueryPolicy | null> {
    if (grant.mode !== 'QUERY' || !ability.can('read', subject('Grant', grant))) return null;
    const found = await this.dataSource.manager.findOneBy(GrantQueryPolicy, { grantId: grant.id });
    if (found) return found;
    return this.dataSource.transaction((manager) => this.policyWithManager(manager, grant));
  }

  /** Provider: sets a QUERY grant's minimum group size and differential privacy (null: exact answers). */
  async setPolicy(user: AuthUser, ability: AppAbility, grantId: string, minGroupSize: number, dp: DpTerms | null): Promise<Grant> {
    return this.dataSource.transaction(async (manager) => {
      const grant = await this.queryGrantFor(ability, grantId, manager);
      ForbiddenError.from(ability).setMessage('only the provider who made the grant sets its query policy').throwUnlessCan('configure', subject('Grant', grant));
      const policy = await this.policyWithManager(manager, grant);
      const offer = await manager.findOneBy(QueryOffer, { versionId: grant.versionId });
      const floor = Math.max(DEFAULT_MIN_GROUP_SIZE, offer?.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE);
      if (minGroupSize < floor) {
        throw new QueryException(QueryExceptionCode.INVALID_QUERY, `minGroupSize must be at least ${floor} (the listing's reviewed query offer)`);
      }
      await manager.update(
        GrantQueryPolicy,
        { grantId: grant.id },
        { minGroupSize, dpEpsilonPerQuery: dp?.epsilonPerQuery ?? null, dpEpsilonTotal: dp?.epsilonTotal ?? null, dpContributionBound: dp?.contributionBound ?? null, updatedAt: new Date() },
      );
      await this.ledger.append(manager, {
        action: 'grant.query-policy-set',
        actor: actorOf(user),
        subject: { type: 'Grant', id: grant.id },
        data: {
          minGroupSize,
          differentialPrivacy: dp ? { mechanism: 'LAPLACE', epsilonPerQuery: epsilonText(dp.epsilonPerQuery), epsilonTotal: epsilonText(dp.epsilonTotal), contributionBound: dp.contributionBound } : null,
          epsilonSpent: epsilonText(policy.epsilonSpent),
        },
      });
      return grant;
    });
  }

  /** What the buyer may do with each column of the grant's version (for the query builder). */
  async columns(ability: AppAbility, grantId: string) {
    const grant = await this.queryGrantFor(ability, grantId);
    const classification = await this.classifications.forVersionWithManager(this.dataSource.manager, grant.versionId);
    return classification ? columnsOf(classification.report) : [];
  }
}
