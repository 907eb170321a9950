import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AppAbility } from '@eastlake/policy';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { RectificationOrderInput } from './dto/enforcement.input.js';
import { EnforcementService } from './enforcement.service.js';
import { DatasetGradeModel, DeclaredGradeEnum, EnforcementOrderModel, EnforcementStatusEnum } from './models/enforcement.models.js';

const idArg = (name: string) => Args(name, { type: () => ID }, ParseUuidPipe);
const reasonArg = () => Args('reason', { description: 'Shown to those affected.' });
const basisArg = () => Args('legalBasis', { description: 'E.g. "PIPL Art. 61, 64; DSL Art. 44".' });

/** Regulators: freezes, rectification orders and data grades. Admins read orders only. */
@Resolver()
export class EnforcementResolver {
  constructor(private readonly enforcement: EnforcementService) {}

  @CheckPolicies((ability) => ability.can('read', 'EnforcementOrder'))
  @Query(() => [EnforcementOrderModel], { description: 'Regulators and admins: enforcement orders, newest first.' })
  enforcementOrders(
    @CurrentAbility() ability: AppAbility,
    @Args('status', { type: () => EnforcementStatusEnum, nullable: true }) status?: string,
    @Args('targetId', { type: () => ID, nullable: true }, ParseUuidPipe) targetId?: string,
  ): Promise<EnforcementOrderModel[]> {
    return this.enforcement.list(ability, { status, targetId });
  }

  @CheckPolicies((ability) => ability.can('freeze', 'EnforcementOrder'))
  @Mutation(() => EnforcementOrderModel, { description: 'Regulator: freezes a listing — no request, publication or delivery until lifted.' })
  freezeDataset(@idArg('id') id: string, @reasonArg() reason: string, @basisArg() legalBasis: string, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility) {
    return this.enforcement.freeze(user, ability, 'DATASET', id, reason, legalBasis);
  }

  @CheckPolicies((ability) => ability.can('freeze', 'EnforcementOrder'))
  @Mutation(() => EnforcementOrderModel, { description: 'Regulator: freezes an organization — nothing it sells or buys is delivered until lifted.' })
  freezeOrganization(@idArg('id') id: string, @reasonArg() reason: string, @basisArg() legalBasis: string, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility) {
    return this.enforcement.freeze(user, ability, 'ORGANIZATION', id, reason, legalBasis);
  }

  @CheckPolicies((ability) => ability.can('freeze', 'EnforcementOrder'))
  @Mutation(() => EnforcementOrderModel, { description: 'Regulator: freezes a grant — its deliveries stop at once, tokens already issued included.' })
  freezeGrant(@idArg('id') id: string, @reasonArg() reason: string, @basisArg() legalBasis: string, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility) {
    return this.enforcement.freeze(user, ability, 'GRANT', id, reason, legalBasis);
  }

  @CheckPolicies((ability) => ability.can('lift', 'EnforcementOrder'))
  @Mutation(() => EnforcementOrderModel, { description: "Regulator: lifts a freeze (admins cannot lift a regulator's freeze)." })
  liftFreeze(@idArg('orderId') orderId: string, @Args('note') note: string, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility) {
    return this.enforcement.close(user, ability, orderId, 'FREEZE', 'LIFTED', note);
  }

  @CheckPolicies((ability) => ability.can('order', 'EnforcementOrder'))
  @Mutation(() => EnforcementOrderModel, { description: 'Regulator: orders a listing or organization to rectify by a deadline; overdue orders become risk flags.' })
  issueRectificationOrder(@Args('input') input: RectificationOrderInput, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility) {
    return this.enforcement.issueRectificationOrder(user, ability, input);
  }

  @CheckPolicies((ability) => ability.can('lift', 'EnforcementOrder'))
  @Mutation(() => EnforcementOrderModel, { description: 'Regulator: closes a rectification order — complied with (COMPLIED) or withdrawn (LIFTED).' })
  liftRectificationOrder(
    @idArg('orderId') orderId: string,
    @Args('complied') complied: boolean,
    @Args('note') note: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ) {
    return this.enforcement.close(user, ability, orderId, 'RECTIFICATION', complied ? 'COMPLIED' : 'LIFTED', note);
  }

  @CheckPolicies((ability) => ability.can('declare', 'DataGrade'))
  @Mutation(() => DatasetGradeModel, { description: 'Regulator: declares a dataset important or core data (GB/T 43697-2024 Annex G, a sector catalogue).' })
  declareDataGrade(
    @idArg('datasetId') datasetId: string,
    @Args('grade', { type: () => DeclaredGradeEnum }) grade: 'IMPORTANT' | 'CORE',
    @reasonArg() reason: string,
    @basisArg() legalBasis: string,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ) {
    return this.enforcement.declareGrade(user, ability, datasetId, grade, reason, legalBasis);
  }

  @CheckPolicies((ability) => ability.can('authorise', 'DataGrade'))
  @Mutation(() => DatasetGradeModel, { description: 'Regulator: authorises trading the current version of important data.' })
  authoriseImportantData(@idArg('datasetId') datasetId: string, @Args('note') note: string, @CurrentUser() user: AuthUser, @CurrentAbility() ability: AppAbility) {
    return this.enforcement.authoriseImportant(user, ability, datasetId, note);
  }
}
