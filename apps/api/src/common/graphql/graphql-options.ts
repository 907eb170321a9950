import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, GraphQLFormattedError, ValidationContext } from 'graphql';
import type { AppConfig } from '../../config/config.js';
import type { AuthenticatedRequest, GqlContext } from '../auth/auth-user.js';

/** Report a rejected limit as an ordinary validation error (HTTP 400), not a thrown exception. */
const reject = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

const SUGGESTION = /\s*Did you mean[^?]*\?/g;

/**
 * Apollo through Nest, hardened from day one: depth, alias and cost limits as
 * validation rules (each rejected before execution), no batched arrays, and in
 * production no introspection and no field suggestions that would map the schema.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    introspection: !config.production,
    playground: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: [
      maxDepthRule({ n: config.graphqlMaxDepth, exposeLimits: true, ...reject }),
      maxAliasesRule({ n: config.graphqlMaxAliases, exposeLimits: true, ...reject }),
      costLimitRule({ maxCost: config.graphqlMaxCost, exposeLimits: true, ...reject }),
    ],
    context: ({ req }: { req: AuthenticatedRequest }): GqlContext => ({ req }),
    formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
      const message = config.production ? formatted.message.replace(SUGGESTION, '') : formatted.message;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message, extensions };
    },
  };
}
