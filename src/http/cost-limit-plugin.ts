import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimators } from '../graphql/cost.js';
import type { Context } from '../graphql/context.js';

/** The code of a request refused for its cost (documented in the README's errors). */
export const COST_LIMIT_EXCEEDED = 'COST_LIMIT_EXCEEDED';

/**
 * Refuses an operation whose cost (graphql/cost.ts) is above `maxCost` before anything runs, as
 * type-graphql's query-complexity example does, and leaves the cost on the context for the request
 * log and metrics. Here rather than as a validation rule because the cost depends on the variables.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, contextValue }) {
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, operationName: request.operationName, variables: request.variables ?? {}, estimators: costEstimators(schema) });
          } catch {
            // Variables that do not fit the operation: execution refuses them, naming the variable,
            // before any resolver runs, so there is nothing to cost.
            return;
          }
          contextValue.cost = cost;
          if (cost > maxCost)
            throw new GraphQLError(`The operation costs ${cost}; the limit is ${maxCost}. Ask for smaller pages (first/last), fewer nested lists or fewer aliases.`, {
              extensions: { code: COST_LIMIT_EXCEEDED, cost, limit: maxCost, http: { status: 400 } },
            });
        },
      };
    },
  };
}
