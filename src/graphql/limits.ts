import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationRule } from 'graphql';
import { knownOperationTypesRule } from './rules/known-operation-types.js';

/**
 * The limits checked before an operation runs; its cost (cost.ts) is checked next, with the
 * variables. Why each:
 * - MAX_TOKENS: parsing and validation work grow with the document (validation faster than
 *   linearly with repeated fields), so they stop at this size; GraphiQL's introspection query is
 *   163 tokens, the explorer's largest operation 106, the largest research question in the tests 152.
 * - MAX_DEPTH: the graph has cycles; the cost limit bounds how much a deep operation reads, this bounds
 *   how many sequential reads it takes. Three relation hops with their evidence fit.
 */
export const MAX_TOKENS = 3000;
export const MAX_DEPTH = 16;

/**
 * The rules Apollo adds to graphql-js's: known operation types, and GraphQL Armor's depth rule
 * counting fields only (fragments add no level), GraphiQL's introspection exempt.
 */
export const queryLimitRules: ValidationRule[] = [
  knownOperationTypesRule,
  maxDepthRule({
    n: MAX_DEPTH,
    flattenFragments: true,
    ignoreIntrospection: true,
    // Reported as a validation error naming the limit, not thrown (Armor's default would abort validation).
    propagateOnRejection: false,
    onReject: [
      (context, error) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit: MAX_DEPTH } })),
    ],
  }),
];
