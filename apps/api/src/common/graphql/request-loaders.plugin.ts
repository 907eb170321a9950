import type { ApolloServerPlugin } from '@apollo/server';
import type { GqlContext } from '../auth/auth-user.js';
import { releaseRequestLoaders } from './request-loaders.util.js';

/** Releases a GraphQL request's DataLoaders once its response is written (request-loaders.util.ts). */
export function requestLoadersPlugin(): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          releaseRequestLoaders(contextValue.req);
        },
      };
    },
  };
}
