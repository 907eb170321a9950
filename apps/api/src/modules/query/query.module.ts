import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AggregateQuery } from './aggregate-query.entity.js';
import { GrantQueryPolicy } from './grant-query-policy.entity.js';
import { QueryOffer } from './query-offer.entity.js';
import { AccessModule } from '../access/access.module.js';
import { ClassificationModule } from '../classification/classification.module.js';
import { DatasetLifecycleModule } from '../datasets/dataset-lifecycle.module.js';
import { AggregateQueryResolver } from './aggregate-query.resolver.js';
import { AggregateQueryService } from './aggregate-query.service.js';
import { RegisterDeliveryModes } from './delivery-modes.registration.js';
import { QueryEngineService } from './query-engine.service.js';
import { QueryOfferResolver } from './query-offer.resolver.js';
import { QueryOfferService } from './query-offer.service.js';

/** Usable but not visible: query offers, QUERY grants' policies and aggregate queries in DuckDB. */
@Module({
  imports: [TypeOrmModule.forFeature([AggregateQuery, GrantQueryPolicy, QueryOffer]), AccessModule, ClassificationModule, DatasetLifecycleModule, UsersModule],
  providers: [RegisterDeliveryModes, QueryEngineService, AggregateQueryService, QueryOfferService, AggregateQueryResolver, QueryOfferResolver],
  exports: [AggregateQueryService],
})
export class QueryModule {}
