import { GraphQLError, Kind, type ASTVisitor, type GraphQLFormattedError, type ValidationContext } from 'graphql';

/**
 * Lexical tokens a document may hold; the parser stops past it. The admin app's largest
 * operation is about 140 tokens: 5,000 leave room for any hand-written query while keeping
 * parse and validation work per request small (a 1 MB body of repeated fields would
 * otherwise cost ~150 ms of validation, and ~2,500 nested selections overflow the parser's stack).
 */
export const GRAPHQL_MAX_TOKENS = 5000;

/** Directives (`@include`, `@skip`, …) an operation may use, fragments included. */
export const GRAPHQL_MAX_DIRECTIVES = 20;

/** Root mutation fields that check a password or create an account: each at most once per request. */
const CREDENTIAL_FIELDS = new Set(['login', 'register']);

/** Which limit a refusal hit, sent as `extensions.limit` beside `code: GRAPHQL_VALIDATION_FAILED`. */
export type GraphqlLimit = 'depth' | 'aliases' | 'cost' | 'directives' | 'tokens' | 'credential-batching' | 'field-overlap';

/** graphql-armor prefixes every refusal with "Syntax Error: " although none is one. */
const ARMOR_PREFIX = /^Syntax Error: /;

/**
 * An onReject handler for a graphql-armor rule: reports the refusal as an ordinary
 * validation error (HTTP 400, nothing executed) with a plain message and the limit's name.
 */
export function reportLimit(limit: GraphqlLimit, advice: string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(`${error.message.replace(ARMOR_PREFIX, '')} ${advice}`, { extensions: { limit } })),
    ],
  };
}

/**
 * Credential batching (OWASP's alias brute force): `{ a: login(…) b: login(…) … }` would try
 * many passwords in one request. Each credential field is allowed once per document.
 */
export function singleCredentialFieldRule(context: ValidationContext): ASTVisitor {
  const seen = new Map<string, number>();
  return {
    OperationDefinition(node) {
      if (node.operation !== 'mutation') return;
      for (const selection of node.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD || !CREDENTIAL_FIELDS.has(selection.name.value)) continue;
        const name = selection.name.value;
        const count = (seen.get(name) ?? 0) + 1;
        seen.set(name, count);
        if (count === 2) {
          context.reportError(
            new GraphQLError(`${name} may be asked once per request, found it again: send one ${name} at a time.`, {
              nodes: [selection],
              extensions: { limit: 'credential-batching' satisfies GraphqlLimit },
            }),
          );
        }
      }
    },
  };
}

/**
 * An operation whose root type the schema lacks (`subscription { … }`: this API has none) is
 * refused by validation; graphql-js 16 would only fail at execution, seen as a server error.
 */
export function knownOperationTypeRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (context.getSchema().getRootType(node.operation)) return;
      context.reportError(
        new GraphQLError(`This API has no ${node.operation} operations: send a query or a mutation.`, { nodes: [node] }),
      );
    },
  };
}

/**
 * Messages graphql-js gives for refusals without saying what to change, rewritten for a
 * person; the code stays what Apollo set (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED).
 */
export function explainLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { message } = formatted;
  const tokens = /^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/.exec(message);
  if (tokens) {
    return withLimit(formatted, `The query has more than ${tokens[1]} tokens and was not parsed: ask for less in one request, or split it.`, 'tokens');
  }
  if (message === 'Validation aborted.') {
    return withLimit(
      formatted,
      'The query repeats the same fields too often to be checked and was not run: ask for each field once.',
      'field-overlap',
    );
  }
  if (/Maximum call stack size exceeded/.test(message)) {
    return withLimit(formatted, 'The query is nested too deeply to parse: nest fewer levels.', 'depth');
  }
  return formatted;
}

function withLimit(formatted: GraphQLFormattedError, message: string, limit: GraphqlLimit): GraphQLFormattedError {
  return { ...formatted, message, extensions: { ...formatted.extensions, limit } };
}
