import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { yearOf } from './cross-border-checks.js';
import { CrossBorderService } from './cross-border.service.js';
import { CrossBorderEvidenceModel, CrossBorderPositionModel, EvidenceStatusEnum } from './models/cross-border.models.js';

/** Cross-border mechanisms: exporters' years, their evidence, and the regulator's review. */
@CheckPolicies((ability) => ability.can('read', 'CrossBorderEvidence'))
@Resolver()
export class CrossBorderResolver {
  constructor(private readonly crossBorder: CrossBorderService) {}

  @Query(() => [CrossBorderPositionModel], { description: "Each exporter's calendar year abroad (default: this year) against the CAC 2024 thresholds; a provider sees its own." })
  crossBorderPositions(@CurrentAbility() ability: AppAbility, @CurrentUser() user: AuthUser, @Args('year', { type: () => Int, nullable: true }) year?: number): Promise<CrossBorderPositionModel[]> {
    return this.crossBorder.positions(ability, user, year ?? yearOf());
  }

  @Query(() => [CrossBorderEvidenceModel], { description: 'Evidence of cross-border mechanisms: a provider its own, regulators and admins all; newest first.' })
  crossBorderEvidence(
    @CurrentAbility() ability: AppAbility,
    @CurrentUser() user: AuthUser,
    @Args('status', { type: () => EvidenceStatusEnum, nullable: true }) status?: string,
    @Args('year', { type: () => Int, nullable: true }) year?: number,
  ): Promise<CrossBorderEvidenceModel[]> {
    return this.crossBorder.list(ability, user, { status, year });
  }

  @CheckPolicies((ability) => ability.can('review', 'CrossBorderEvidence'))
  @Mutation(() => CrossBorderEvidenceModel, { description: 'Regulator: approves or rejects evidence of a cross-border mechanism (ledgered). Approved evidence lets that exporter’s transfers of the year through.' })
  reviewCrossBorderEvidence(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Args('approve') approve: boolean,
    @Args('note') note: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<CrossBorderEvidenceModel> {
    return this.crossBorder.review(user, ability, id, approve, note);
  }
}
