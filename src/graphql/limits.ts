import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationRule } from 'graphql';
import { knownOperationTypesRule } from './rules/known-operation-types.js';

/**
 * The limits checked before an operation runs; its cost (cost.ts) is checked next, with the
 * variables. Why each:
 * - MAX_TOKENS: parsing and validation work grow with the document (validation faster than
 *   linearly with repeated fields), so they stop at this size; GraphiQL's introspection query is
 *   163 tokens, the explorer's largest operation 106, the largest research question in the tests 152.
 * - MAX_DEPTH: the graph has cycles; the cost limit (cost.ts) bounds how much a deep operation reads
 *   and answers, so this only bounds how many sequential reads it takes (one per relation level, each
 *   three fields deep: connection, edges, node). 24 admits the questions researchers ask in one
 *   request: six relation hops under a root field (19 levels), or a four-hop walk through typed fields
 *   ending in a statistic's evidence and its source (1 + 4 × 3 + 3 + 3 = 19), with room for fields
 *   on the last entity; a query that nests wide pages that deep is refused by its cost instead.
 */
export const MAX_TOKENS = 3000;
export const MAX_DEPTH = 24;

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
