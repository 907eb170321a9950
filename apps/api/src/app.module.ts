import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { Logger } from 'pino';
import { AuthGuard } from './common/auth/auth.guard.js';
import { CommonModule } from './common/common.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { installDirectFields } from './common/graphql/direct-field.decorator.js';
import { graphqlOptions } from './common/graphql/graphql-options.js';
import { LOGGER } from './common/logging/logger.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';
import { DatasetsModule } from './modules/datasets/datasets.module.js';
import { StorageModule } from './common/storage/storage.module.js';
import { AccessModule } from './modules/access/access.module.js';
import { ConsentModule } from './modules/consent/consent.module.js';
import { RegulatorModule } from './modules/regulator/regulator.module.js';
import { EnforcementModule } from './modules/enforcement/enforcement.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { OrganizationsModule } from './modules/organizations/organizations.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { RemediationModule } from './modules/remediation/remediation.module.js';
import { QueryModule } from './modules/query/query.module.js';
import { OrdersModule } from './modules/orders/orders.module.js';
import { CrossBorderModule } from './modules/cross-border/cross-border.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        DatabaseModule,
        CommonModule,
        LedgerModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [ModuleRef],
          // Marked field resolvers are called straight, on the app's singletons (direct-field.decorator.ts).
          useFactory: (moduleRef: ModuleRef): ApolloDriverConfig => ({
            ...graphqlOptions(config, logger),
            transformSchema: (schema) => installDirectFields(schema, (target) => moduleRef.get(target, { strict: false })),
          }),
        }),
        HealthModule,
        AuthModule,
        OrganizationsModule,
        UsersModule,
        StorageModule,
        DatasetsModule,
        ConsentModule,
        AccessModule,
        RegulatorModule,
        RemediationModule,
        EnforcementModule,
        QueryModule,
        OrdersModule,
        CrossBorderModule,
        ReportsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, inject: [LOGGER], useFactory: (l: Logger) => new AllExceptionsFilter(l) },
      ],
    };
  }
}
