import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { AggregateFunctionEnum, GeneralisationEnum } from '../dto/aggregate-query.input.js';

@ObjectType('QueryNoise')
export class QueryNoiseModel {
  @Field()
  mechanism: string;

  @Field(() => Float, { description: 'ε this answer spent.' })
  epsilon: number;
}

@ObjectType('QueryBudget')
export class QueryBudgetModel {
  @Field(() => Float)
  spent: number;

  @Field(() => Float, { nullable: true, description: 'ε left; null when the grant has no differential privacy (exact answers, no budget).' })
  left: number | null;

  @Field(() => Float, { nullable: true })
  total: number | null;
}

@ObjectType('AggregateQueryResult')
export class AggregateQueryResultModel {
  @Field(() => ID)
  id: string;

  @Field(() => [String], { description: 'Group columns (generalised ones as fn(column)), then measures.' })
  columns: string[];

  @Field(() => [[GraphQLJSON]], { description: 'One row per released group: strings for groups, numbers for measures.' })
  rows: Array<Array<string | number | null>>;

  @Field(() => Int, { description: 'Groups withheld: under k subjects, singled out by a filter, or withheld to protect those.' })
  suppressedGroups: number;

  @Field(() => QueryNoiseModel, { nullable: true })
  noise: QueryNoiseModel | null;

  @Field(() => QueryBudgetModel)
  budget: QueryBudgetModel;

  @Field({ description: 'Answered from an identical earlier query: nothing spent.' })
  cached: boolean;

  @Field({ description: 'SHA-256 of the canonical input.' })
  inputHash: string;

  @Field(() => Float)
  rowsScanned: number;

  @Field(() => Int)
  durationMs: number;
}

@ObjectType('DifferentialPrivacy')
export class DifferentialPrivacyModel {
  @Field()
  mechanism: string;

  @Field(() => Float)
  epsilonPerQuery: number;

  @Field(() => Float)
  epsilonTotal: number;

  @Field(() => Int)
  contributionBound: number;
}

@ObjectType('GrantQueryPolicy')
export class GrantQueryPolicyModel {
  @Field(() => Int)
  minGroupSize: number;

  @Field(() => DifferentialPrivacyModel, { nullable: true })
  differentialPrivacy: DifferentialPrivacyModel | null;

  @Field(() => QueryBudgetModel)
  budget: QueryBudgetModel;

  @Field(() => Int)
  queriesRun: number;

  @Field(() => Int)
  queriesCached: number;

  @Field(() => Float)
  rowsScanned: number;

  @Field(() => Date, { nullable: true })
  lastQueryAt: Date | null;
}

@ObjectType('AggregateQueryRecord', { description: 'One query on a grant, as the log keeps it (never its answer rows).' })
export class AggregateQueryRecordModel {
  @Field(() => ID)
  id: string;

  @Field()
  status: string;

  @Field()
  inputHash: string;

  @Field({ description: 'The canonical input (JSON).' })
  canonicalInput: string;

  @Field()
  cached: boolean;

  @Field(() => Float)
  epsilon: number;

  @Field(() => Int, { nullable: true })
  groupsReturned: number | null;

  @Field(() => Int, { nullable: true })
  groupsSuppressed: number | null;

  @Field(() => Float, { nullable: true })
  rowsScanned: number | null;

  @Field(() => Int, { nullable: true })
  durationMs: number | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'The organization of the user who ran the query (the grant’s buyer).' })
  buyerOrgName: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType('QueryableColumn', { description: 'What a QUERY grant may do with one column, by its classification.' })
export class QueryableColumnModel {
  @Field()
  name: string;

  @Field()
  category: string;

  @Field(() => [String])
  holds: string[];

  @Field({ description: 'Groupable and filterable as it is.' })
  groupable: boolean;

  @Field(() => [GeneralisationEnum])
  generalisations: string[];

  @Field(() => [AggregateFunctionEnum])
  measures: string[];
}

@ObjectType('QueryOffer')
export class QueryOfferModel {
  @Field(() => ID)
  datasetId: string;

  @Field(() => ID)
  versionId: string;

  @Field({ description: 'PENDING (waiting for a reviewer), APPROVED or REJECTED.' })
  status: string;

  @Field({ description: 'Approved, the version is traded through aggregate queries only.' })
  queryOnly: boolean;

  @Field(() => Int)
  minGroupSize: number;

  @Field()
  basis: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;
}
