import type { ApolloServerPlugin } from '@apollo/server';

/**
 * `Cache-Control: no-store` on every GraphQL response, as Apollo's cache-control plugin
 * answered for this schema (it declares no cache hints, so nothing was ever cacheable).
 * That plugin is disabled: its per-field `willResolveField` hook made Apollo wrap every
 * field resolver of every request (a page of 50 listings resolves some 600 fields).
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
