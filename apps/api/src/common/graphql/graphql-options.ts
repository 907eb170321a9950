import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, GraphQLFormattedError, ValidationContext } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { mapError } from '../errors/error-mapping.js';
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
export function graphqlOptions(config: AppConfig, logger: Logger): ApolloDriverConfig {
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
      // Every alias counts, `__typename` ones too (the library exempts them by default: 5,000 of them cost a server plenty).
      maxAliasesRule({ n: config.graphqlMaxAliases, allowList: [], exposeLimits: true, ...reject }),
      costLimitRule({ maxCost: config.graphqlMaxCost, exposeLimits: true, ...reject }),
    ],
    context: ({ req }: { req: AuthenticatedRequest }): GqlContext => ({ req }),
    formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      if (extensions.code === 'INTERNAL_SERVER_ERROR') {
        // Field resolvers bypass Nest's filters: map what they throw here, with the same table.
        const mapped = mapError(unwrapResolverError(error));
        if (mapped.unexpected) logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'unexpected error');
        return { ...formatted, message: mapped.message, extensions: { ...extensions, code: mapped.code, ...(mapped.details ?? {}) } };
      }
      const message = config.production ? formatted.message.replace(SUGGESTION, '') : formatted.message;
      return { ...formatted, message, extensions };
    },
  };
}
