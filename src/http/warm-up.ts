import { readFile } from 'node:fs/promises';
import { GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Logger } from '../logger.js';
import type { RunningServer } from './server.js';

/**
 * The start-up warm-up. Neo4j plans a statement text the first time it sees it, and chainkb's
 * read-ahead statements are long: on a freshly started Neo4j the first explorer search,
 * neighbourhood or nested list took 0.5–1.3 s each, the same request again 20–80 ms (2026-11-26,
 * this VM). So the server runs the operations users send most, once, before /readyz reports ready:
 * a load balancer then only sends traffic to an instance that has planned them.
 *
 * The operations are a GraphQL document of named queries (schema/warm-up.graphql by default); each
 * runs with its variables' default values, through Apollo's pipeline in process like any request.
 */

/** A warm-up file that cannot serve: missing, not GraphQL, or not valid for this schema. */
export class WarmUpFileError extends Error {
  override name = 'WarmUpFileError';
}

export interface WarmUpOperations {
  file: string;
  /** The whole document: operations share its fragments. */
  text: string;
  names: string[];
}

/** Reads and checks the warm-up document against the schema; throws WarmUpFileError naming what is wrong. */
export async function loadWarmUpOperations(file: string, schema: GraphQLSchema): Promise<WarmUpOperations> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new WarmUpFileError(
      `warm-up operations ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): set WARM_UP_OPERATIONS to a GraphQL file, or WARM_UP=false`,
    );
  }
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    throw new WarmUpFileError(
      `warm-up operations ${file}: ${error instanceof GraphQLError ? error.message : String(error)}${lineOf(error)}`,
    );
  }
  const names: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const label = definition.name?.value;
    if (!label)
      throw new WarmUpFileError(
        `warm-up operations ${file}: every operation needs a name (for the log); the one at line ${definition.loc?.startToken.line} has none`,
      );
    if (definition.operation !== 'query')
      throw new WarmUpFileError(`warm-up operations ${file}: ${label} is a ${definition.operation}; only queries are run at start-up`);
    names.push(label);
  }
  if (names.length === 0) throw new WarmUpFileError(`warm-up operations ${file} holds no operation`);
  const [invalid] = validate(schema, document);
  if (invalid) throw new WarmUpFileError(`warm-up operations ${file}: ${invalid.message}${lineOf(invalid)}`);
  return { file, text, names };
}

const lineOf = (error: unknown) => {
  const location = error instanceof GraphQLError ? error.locations?.[0] : undefined;
  return location ? ` (line ${location.line}, column ${location.column})` : '';
};

/**
 * Runs each operation once, one after the other (the warm-up must not crowd out the first users'
 * requests), logging each with its time. A failing operation is logged and skipped: the server
 * serves anyway, only less warm. Stops between operations once `signal` aborts (the server stops).
 */
export async function warmUp(
  server: Pick<RunningServer, 'executeInProcess'>,
  operations: WarmUpOperations,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  let failed = 0;
  for (const [i, operationName] of operations.names.entries()) {
    if (signal.aborted) return;
    const at = performance.now();
    const progress = { operation: operationName, step: i + 1, of: operations.names.length };
    try {
      const { errors } = await server.executeInProcess(operations.text, operationName);
      if (errors?.length) throw new Error(String((errors[0] as { message?: unknown }).message));
      log.info({ ...progress, ms: Math.round(performance.now() - at) }, 'warm-up: operation run');
    } catch (error) {
      failed += 1;
      log.warn({ ...progress, error: error instanceof Error ? error.message : String(error) }, 'warm-up: operation failed');
    }
  }
  log.info({ operations: operations.names.length, failed, ms: Math.round(performance.now() - started) }, 'warm-up done');
}
