import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/codes.js';
import { formatError, internalErrorLog } from '../../src/graphql/errors.js';
import { DatabaseUnavailableError } from '../../src/neo4j/database.js';

/** Runs the plugin's didEncounterErrors as Apollo would, with a logger that keeps its lines. */
async function logged(errors: GraphQLError[]): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const log = pino(sink).child({ requestId: 'req-42' });
  const hooks = await internalErrorLog().requestDidStart!({} as never);
  await hooks!.didEncounterErrors!({ errors, contextValue: { log }, operationName: 'Q' } as never);
  return lines;
}

describe('internal errors are logged with the request id, and only they', () => {
  it('logs a bug (a plain Error under a field) with the request id, path and operation', async () => {
    const bug = new GraphQLError('x is undefined', { path: ['enterprises'], originalError: new TypeError('x is undefined') });
    const [line, ...rest] = await logged([bug]);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: 50,
      requestId: 'req-42',
      operationName: 'Q',
      path: ['enterprises'],
      msg: 'internal server error',
      err: { type: 'TypeError', message: 'x is undefined' },
    });
    expect(formatError({ message: 'x is undefined', path: ['enterprises'] }, bug)).toEqual({
      message: 'Internal server error',
      path: ['enterprises'],
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  });

  it('does not log errors with a documented code: bad input, Neo4j unavailable', async () => {
    const badInput = new GraphQLError('first: must be between 0 and 100, got 101', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
    const unavailable = new GraphQLError('down', { path: ['node'], originalError: new DatabaseUnavailableError('connection refused') });
    expect(await logged([badInput, unavailable])).toEqual([]);
  });
});
