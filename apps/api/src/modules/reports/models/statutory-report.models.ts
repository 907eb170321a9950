import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { CrossBorderPositionModel, TransferMechanismEnum } from '../../cross-border/models/cross-border.models.js';
import { CountModel } from '../../regulator/models/regulator.models.js';
import { TierPositionModel } from '../../regulator/models/tier-position.models.js';

@ObjectType('StatutoryTransactions')
export class StatutoryTransactionsModel {
  @Field(() => [CountModel], { description: 'Access requests made in the period, by outcome.' })
  requests: CountModel[];

  @Field(() => Int)
  grants: number;

  @Field(() => Int)
  deliveries: number;

  @Field(() => GraphQLSafeInt)
  rowsDelivered: number;

  @Field(() => Int)
  orders: number;

  @Field(() => GraphQLSafeInt, { description: 'Sum of the orders, in fen.' })
  ordersAmountFen: number;

  @Field(() => GraphQLSafeInt, { description: 'Of which for personal information without a lawful basis on record (Art. 5 para. 1 (7)).' })
  unlawfulOrdersAmountFen: number;
}

@ObjectType('CrossBorderVolume')
export class CrossBorderVolumeModel {
  @Field(() => TransferMechanismEnum)
  mechanism: string;

  @Field(() => Int, { description: 'Versions first provided abroad in the period under this mechanism.' })
  exports: number;

  @Field(() => GraphQLSafeInt)
  people: number;

  @Field(() => GraphQLSafeInt)
  sensitivePeople: number;
}

@ObjectType('StatutoryEnforcement')
export class StatutoryEnforcementModel {
  @Field(() => [CountModel], { description: 'Orders issued in the period, by kind (FREEZE, RECTIFICATION).' })
  issued: CountModel[];

  @Field(() => [CountModel], { description: 'Orders closed in the period, by outcome (LIFTED, COMPLIED).' })
  closed: CountModel[];

  @Field(() => Int, { description: 'Orders active at the end of the period.' })
  activeAtEnd: number;

  @Field(() => Int, { description: 'Rectification orders past their deadline and still active at the end of the period.' })
  overdueAtEnd: number;
}

@ObjectType('StatutoryReport', { description: "A regulator's period report: transactions, grades, tier positions, cross-border volumes by mechanism, enforcement, and the ledger root at the period's end." })
export class StatutoryReportModel {
  @Field()
  from: Date;

  @Field()
  to: Date;

  @Field()
  generatedAt: Date;

  @Field(() => StatutoryTransactionsModel)
  transactions: StatutoryTransactionsModel;

  @Field(() => [CountModel], { description: 'Versions classified in the period by GB/T 43697-2024 grade (GENERAL, IMPORTANT, CORE).' })
  grades: CountModel[];

  @Field(() => [TierPositionModel], { description: "Each organization's Art. 5 position at the period's end." })
  tierPositions: TierPositionModel[];

  @Field(() => [CrossBorderVolumeModel], { description: 'Transfers outside the mainland first made in the period, by the mechanism they needed.' })
  crossBorder: CrossBorderVolumeModel[];

  @Field(() => [CrossBorderPositionModel], { description: "Each exporter's year (of the period's end) against the CAC 2024 thresholds." })
  crossBorderPositions: CrossBorderPositionModel[];

  @Field(() => StatutoryEnforcementModel)
  enforcement: StatutoryEnforcementModel;

  @Field(() => Int)
  ledgerTreeSize: number;

  @Field({ description: "Merkle root over the entries recorded before the period's end: check it against a signed head." })
  ledgerRootHash: string;
}
