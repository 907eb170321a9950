import { Context, Field, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { requestLoader } from '../../common/graphql/request-loaders.util.js';
import type { Dataset } from '../datasets/dataset.entity.js';
import { DatasetModel } from '../datasets/models/dataset.model.js';
import type { FraudRisk } from './fraud-risk.js';
import { RegulatorService } from './regulator.service.js';

@ObjectType('TargetedFraudRisk', { description: 'The listing pairs contact details with old age or shareholdings: the material of targeted frauds.' })
export class TargetedFraudRiskModel {
  @Field({ description: 'ELDERLY_CONTACTS or SHAREHOLDER_CONTACTS.' })
  pattern: string;

  @Field(() => [String])
  contactColumns: string[];

  @Field(() => [String])
  targetColumns: string[];

  @Field()
  message: string;
}

/** `Dataset.targetedFraudRisk`: the flag on the listing itself, for whoever may read the listing. */
@Resolver(() => DatasetModel)
export class FraudRiskResolver {
  constructor(private readonly regulator: RegulatorService) {}

  @ResolveField(() => TargetedFraudRiskModel, { nullable: true, description: 'Targeted-fraud risk of the current version (contacts with age ≥ 60 or birth dates, or with shareholdings), or null.' })
  async targetedFraudRisk(@Parent() dataset: Dataset, @Context() ctx: GqlContext): Promise<FraudRisk | null> {
    if (!dataset.currentVersionId) return null;
    return (await requestLoader<FraudRisk>(ctx.req, 'targetedFraudRisk', (ids) => this.regulator.fraudRisksOf([...ids])).load(dataset.currentVersionId)) ?? null;
  }
}
