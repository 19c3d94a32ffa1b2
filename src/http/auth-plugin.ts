import type { ApolloServerPlugin } from '@apollo/server';
import { requireRole } from '../auth/authorize.js';
import type { Context } from '../graphql/context.js';

/**
 * Authentication at the level of the whole operation, before anything runs: a key that is not
 * valid is refused whatever the operation (a client that sends one expects to be someone), and
 * with READS_REQUIRE_AUTH so is a query without a key. Which role a mutation needs is checked per
 * field (@Authorized, graphql/auth-checker.ts).
 *
 * An answer to a caller with a key may depend on who asks, so it is marked PRIVATE for Apollo's
 * cache-control plugin (`Cache-Control: max-age=…, private`); a mutation's answer is not cached at all.
 */
export function authPlugin(readsRequireAuth: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: { identity } }) {
          if (identity.kind === 'invalid' || (readsRequireAuth && identity.kind === 'anonymous'))
            requireRole(identity, 'reader', 'this server requires an API key for reads too (READS_REQUIRE_AUTH)');
        },
        // After the fields have given their hints: restricting the policy before execution would make
        // Apollo's plugin take the answer for a cached one and skip the hints.
        async executionDidStart({ contextValue: { identity }, operation, overallCachePolicy }) {
          return {
            async executionDidEnd() {
              if (identity.kind === 'caller') overallCachePolicy.restrict({ scope: 'PRIVATE' });
              if (operation?.operation === 'mutation') overallCachePolicy.restrict({ maxAge: 0 });
            },
          };
        },
      };
    },
  };
}
