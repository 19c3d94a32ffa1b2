import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Apollo's cache-control plugin sets `Cache-Control` only on answers it finds cacheable; every other
 * answer (errors, `health`, maxAge 0) says `no-store` here, so that no proxy guesses a lifetime.
 */
export function noStoreUnlessCacheable(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
