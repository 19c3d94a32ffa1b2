import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/codes.js';
import type { Logger } from '../logger.js';
import { DatabaseTimeoutError, DatabaseUnavailableError } from '../neo4j/database.js';

/**
 * One error shape for clients: a documented `extensions.code` and a message that names what was
 * wrong. Database and internal errors never reach the client as text; they are logged instead.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DatabaseUnavailableError)
      return { ...base, message: 'The knowledge graph database is not reachable right now; retry shortly.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    if (original instanceof DatabaseTimeoutError)
      return { ...base, message: 'The query took too long and was stopped; narrow it (fewer hops, smaller first/limit).', extensions: { code: ErrorCode.TIMEOUT } };
    if (original instanceof GraphQLError || isKnownApolloCode(formatted)) return { ...formatted, extensions: withoutStack(formatted.extensions) };
    log.error({ err: original, path: formatted.path }, 'unexpected resolver error');
    return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

function isKnownApolloCode(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

function withoutStack(extensions: GraphQLFormattedError['extensions']) {
  if (!extensions) return extensions;
  const { stacktrace: _stack, exception: _exception, ...rest } = extensions as Record<string, unknown>;
  return rest;
}
