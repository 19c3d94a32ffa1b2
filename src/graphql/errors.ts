import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors/codes.js';
import { DatabaseMemoryLimitError, DatabaseTimeoutError, DatabaseUnavailableError } from '../neo4j/database.js';
import type { Context } from './context.js';

/** What a client is told about an error: its documented code and, where ours, the message. */
interface Classified {
  code: string;
  message?: string;
}

/**
 * One error shape for clients: a documented `extensions.code` and a message that names what was
 * wrong. Database and internal errors never reach the client as text; `internalErrorLog` logs them.
 */
function classify(error: unknown): Classified {
  const original = unwrapResolverError(error);
  if (original instanceof DatabaseUnavailableError)
    return { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The knowledge graph database is not reachable right now; retry shortly.' };
  if (original instanceof DatabaseTimeoutError)
    return { code: ErrorCode.TIMEOUT, message: 'The query took too long and was stopped; narrow it (fewer hops, smaller first/limit).' };
  if (original instanceof DatabaseMemoryLimitError)
    return {
      code: ErrorCode.MEMORY_LIMIT_EXCEEDED,
      message:
        'The query needed more memory than the database grants one request; narrow it (smaller first/limit, fewer hops, narrower filters).',
    };
  if (!(original instanceof GraphQLError)) return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  const { code, http } = original.extensions as { code?: unknown; http?: { status?: number } };
  if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) return { code };
  // Apollo answers some bad requests (an APQ hash that does not match its query) with a 400 but no code.
  if (http?.status && http.status >= 400 && http.status < 500) return { code: ErrorCode.BAD_REQUEST };
  // A GraphQLError of graphql-js's or a library's without a code of its own is a bug of ours.
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
}

/** Apollo's `formatError`: every error a client sees, with its code, without stack or internals. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { code, message } = classify(error);
  const { stacktrace: _stack, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (!message) return { ...formatted, extensions: { ...extensions, code } };
  return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
}

/** Logs every error a client gets as INTERNAL_SERVER_ERROR, with the request id the client can quote. */
export function internalErrorLog(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors)
            if (classify(error).code === ErrorCode.INTERNAL_SERVER_ERROR)
              contextValue.log.error({ err: unwrapResolverError(error), path: error.path, operationName }, 'internal server error');
        },
      };
    },
  };
}
