import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { LedgerAuditService } from './ledger-audit.service.js';
import { LedgerProofsService } from './ledger-proofs.service.js';
import {
  ConsistencyProofModel,
  InclusionProofModel,
  LedgerEntryModel,
  LedgerVerificationModel,
  TreeHeadModel,
} from './models/ledger.models.js';
import { LedgerEntriesArgs } from './dto/ledger-entries.args.js';

/** Regulators and admins read the ledger, its signed head and proofs. */
@CheckPolicies((ability) => ability.can('read', 'LedgerEntry'))
@Resolver()
export class LedgerResolver {
  constructor(
    private readonly proofs: LedgerProofsService,
    private readonly audit: LedgerAuditService,
  ) {}

  @Query(() => TreeHeadModel)
  async ledgerHead(): Promise<TreeHeadModel> {
    const head = await this.proofs.head();
    return { ...head, timestamp: String(head.timestamp) };
  }

  @Query(() => [LedgerEntryModel])
  async ledgerEntries(@Args() args: LedgerEntriesArgs): Promise<LedgerEntryModel[]> {
    const rows = await this.proofs.entries(args);
    return rows.map((r) => ({ seq: r.seq, entry: JSON.parse(r.entry) as Record<string, unknown>, leafHash: r.leafHash.trim() }));
  }

  @Query(() => InclusionProofModel)
  ledgerInclusionProof(
    @Args('seq', { type: () => Int }) seq: number,
    @Args('treeSize', { type: () => Int }) treeSize: number,
  ): Promise<InclusionProofModel> {
    return this.proofs.inclusionProof(seq, treeSize);
  }

  @Query(() => ConsistencyProofModel)
  ledgerConsistencyProof(
    @Args('fromSize', { type: () => Int }) fromSize: number,
    @Args('toSize', { type: () => Int }) toSize: number,
  ): Promise<ConsistencyProofModel> {
    return this.proofs.consistencyProof(fromSize, toSize);
  }

  @Query(() => LedgerVerificationModel, { description: 'Recomputes the whole ledger on the server and reports the first problem.' })
  verifyLedger(): Promise<LedgerVerificationModel> {
    return this.audit.verify();
  }
}
