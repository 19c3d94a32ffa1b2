import type { ApolloServerPlugin } from '@apollo/server';
import { getVariableValues, Kind, type FragmentDefinitionNode } from 'graphql';
import { restrictToOperation } from '../graphql/cache-control.js';
import type { Context } from '../graphql/context.js';

/**
 * Sets each response's `Cache-Control` from the `@cacheControl` hints of the fields its operation
 * selects: `max-age=<smallest maxAge>, public` (or `private` if any field is), and `no-store` for
 * answers with errors or nothing cacheable. Apollo's cache-control plugin does the same field by
 * field while the answer resolves; this works it out once per request, before execution (see
 * `restrictToOperation`), and leaves the result in Apollo's `overallCachePolicy` for other plugins.
 * Apollo's own plugin must be disabled next to it (ApolloServerPluginCacheControlDisabled). Since
 * hints are static here, `info.cacheControl` is not available to resolvers.
 */
export function cachePolicyPlugin(defaultMaxAge: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request, overallCachePolicy }) {
          if (!operation) return;
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Variables that do not fit fail the execution, and an answer with errors is not cached.
          if (!variables.coerced) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          restrictToOperation({ schema, operation, fragments, variables: variables.coerced }, defaultMaxAge, (hint) => overallCachePolicy.restrict(hint));
        },
        async willSendResponse({ response, overallCachePolicy }) {
          const policy = overallCachePolicy.policyIfCacheable();
          const cacheable = policy && response.body.kind === 'single' && !response.body.singleResult.errors;
          response.http.headers.set('cache-control', cacheable ? `max-age=${policy.maxAge}, ${policy.scope.toLowerCase()}` : 'no-store');
        },
      };
    },
  };
}
