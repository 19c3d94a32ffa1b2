import { GraphQLError } from 'graphql';

/**
 * The documented list of `extensions.code` values a client can see.
 * Apollo's own codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, PERSISTED_QUERY_NOT_FOUND, ...)
 * keep their meaning; these are the ones chainkb raises itself.
 */
export const ErrorCode = {
  /** An argument was invalid; the message names the argument. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The request is not one this server answers (an APQ hash that does not match its query, say); the message says why. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** No API key, or one the operator did not configure, for something that needs one (a write; any request when READS_REQUIRE_AUTH). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The API key is valid but its role may not do this (e.g. a cascade delete with an editor key). */
  FORBIDDEN: 'FORBIDDEN',
  /** A write that no longer fits the data: a revert of a change whose result was changed since, an id that exists. */
  CONFLICT: 'CONFLICT',
  /** Neo4j cannot be reached or is not ready; retry later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A query took longer than NEO4J_QUERY_TIMEOUT_MS. */
  TIMEOUT: 'TIMEOUT',
  /** Neo4j refused the query for memory (its per-transaction limit, or its heap); narrow the query. */
  MEMORY_LIMIT_EXCEEDED: 'MEMORY_LIMIT_EXCEEDED',
  /** Anything unexpected; details are in the server log only, under the same request id. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function userInputError(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument } });
}

export function conflictError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}
