import type { ApolloServerPlugin } from '@apollo/server';
import { getVariableValues, GraphQLError } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimators } from '../graphql/cost.js';
import type { Context } from '../graphql/context.js';

/** The code of a request refused for its cost (documented in the README's errors). */
export const COST_LIMIT_EXCEEDED = 'COST_LIMIT_EXCEEDED';

const NARROW = 'Ask for smaller pages (first/last), fewer nested lists or fewer aliases.';

const costError = (message: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code: COST_LIMIT_EXCEEDED, ...extensions, http: { status: 400 } } });

/**
 * The operation's cost, rounded up. An operation too big to cost — graphql-query-complexity stops
 * after visiting 10,000 selections, which fragments spread within fragments reach with a small
 * document — is refused like one over the limit.
 */
function costOf(options: Omit<Parameters<typeof getComplexity>[0], 'estimators'>, maxCost: number): number {
  try {
    return Math.ceil(getComplexity({ ...options, estimators: costEstimators(options.schema) }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw costError(
      `The operation could not be costed (${reason}); the limit is ${maxCost}. Spread fewer fragments within fragments. ${NARROW}`,
      { limit: maxCost },
    );
  }
}

/**
 * Refuses an operation whose cost (graphql/cost.ts) is above `maxCost` before anything runs, as
 * type-graphql's query-complexity example does, and leaves the cost on the context for the request
 * log and metrics. Here rather than as a validation rule because the cost depends on the variables.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation, contextValue }) {
          // Variables that do not fit the operation: execution refuses them, naming the variable,
          // before any resolver runs, so there is nothing to cost.
          if (getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}).errors) return;
          const cost = costOf(
            { schema, query: document, operationName: request.operationName, variables: request.variables ?? {} },
            maxCost,
          );
          contextValue.cost = cost;
          if (cost > maxCost) throw costError(`The operation costs ${cost}; the limit is ${maxCost}. ${NARROW}`, { cost, limit: maxCost });
        },
      };
    },
  };
}
