import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../graphql/context.js';

/**
 * Apollo's cache-control plugin sets `Cache-Control` only on answers it finds cacheable; every other
 * answer (errors, `health`, maxAge 0, mutations) says `no-store` here, so that no proxy guesses a
 * lifetime, and `private, no-store` when the request carried an API key. `Vary` names the headers
 * a key travels in, so that no cache hands one caller's answer to another.
 */
export function noStoreUnlessCacheable(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const { headers } = response.http;
          headers.set('vary', 'authorization, x-api-key');
          const policy = headers.get('cache-control') ?? 'no-store';
          headers.set('cache-control', policy === 'no-store' && contextValue.identity.kind !== 'anonymous' ? 'private, no-store' : policy);
        },
      };
    },
  };
}
