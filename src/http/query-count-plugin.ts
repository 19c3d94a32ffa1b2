import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../graphql/context.js';

/** Request header that asks for the number of Cypher queries a request sent (in `extensions.cypherQueries`). */
export const QUERY_COUNT_HEADER = 'x-chainkb-query-count';

/**
 * Reports how many Cypher queries answered a request, when the client asks for it. This is how
 * tests prove a nested query of depth d costs at most d+1 queries, and how a developer spots N+1.
 */
export function queryCountPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      if (!request.http?.headers.get(QUERY_COUNT_HEADER)) return;
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cypherQueries: contextValue.runner.queryCount };
        },
      };
    },
  };
}
