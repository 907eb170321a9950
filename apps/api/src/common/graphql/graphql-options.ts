import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { mapError } from '../errors/error-mapping.js';
import type { AuthenticatedRequest, GqlContext } from '../auth/auth-user.js';
import { noStorePlugin } from './no-store.plugin.js';
import { requestLoadersPlugin } from './request-loaders.plugin.js';
import {
  explainLimitError,
  GRAPHQL_MAX_DIRECTIVES,
  GRAPHQL_MAX_TOKENS,
  knownOperationTypeRule,
  reportLimit,
  singleCredentialFieldRule,
} from './graphql-limits.js';

const SUGGESTION = /\s*Did you mean[^?]*\?/g;

/**
 * Apollo through Nest, hardened along the OWASP GraphQL cheat sheet: a token limit in the
 * parser; depth, alias, cost and directive limits and one sign-in per request as validation
 * rules (each refused before execution, HTTP 400); no batched arrays; Apollo's CSRF
 * prevention (no GET mutations, no simple-request content types); and in production no
 * introspection and no field suggestions that would map the schema.
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
    // Refuses GET mutations, and GETs or POSTs a browser could send cross-site without a preflight
    // (text/plain, form and multipart bodies) unless they carry `apollo-require-preflight`.
    csrfPrevention: true,
    hideSchemaDetailsFromClientErrors: config.production,
    parseOptions: { maxTokens: GRAPHQL_MAX_TOKENS },
    // No per-field cache hints: the same `no-store` header without Apollo wrapping every field resolver.
    // The request's loaders are dropped as soon as its response is written (request-loaders.util.ts).
    plugins: [ApolloServerPluginCacheControlDisabled(), noStorePlugin(), requestLoadersPlugin()],
    validationRules: [
      maxDepthRule({ n: config.graphqlMaxDepth, exposeLimits: true, ...reportLimit('depth', 'Nest fewer levels.') }),
      // Every alias counts, `__typename` ones too (the library exempts them by default: 5,000 of them cost a server plenty).
      maxAliasesRule({ n: config.graphqlMaxAliases, allowList: [], exposeLimits: true, ...reportLimit('aliases', 'Use fewer aliases, or send several requests.') }),
      costLimitRule({ maxCost: config.graphqlMaxCost, exposeLimits: true, ...reportLimit('cost', 'Ask for fewer fields or a smaller first, and page.') }),
      maxDirectivesRule({ n: GRAPHQL_MAX_DIRECTIVES, exposeLimits: true, ...reportLimit('directives', 'Use fewer directives.') }),
      singleCredentialFieldRule,
      knownOperationTypeRule,
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
      return explainLimitError({ ...formatted, message, extensions });
    },
  };
}
