import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { GraphQLResponse } from './server.js';

/** The one source document of the seed, as the API names it. */
export const SOURCE_ID = 'source/ningbo-champion-city-2025';
export const SOURCE_NAME = '为链赋能,向新攀高——“冠军之城”宁波因地制宜发展新质生产力';

/**
 * The source text read straight from the seed file, independently of the API: evidence says
 * "paragraph N" = 1-based line N, and its quote must be found verbatim on that line.
 */
const SOURCE_LINES = readFileSync(path.resolve(import.meta.dirname, '../../seed/sources/000_af9f4a4ab9fcd3f0.txt'), 'utf8').split('\n');

export function sourceLine(paragraph: number): string {
  const line = SOURCE_LINES[paragraph - 1];
  if (line === undefined) throw new Error(`the source has no line ${paragraph}`);
  return line;
}

/** What must never leak into a client-visible error message. */
const INTERNALS =
  /neo4j|cypher|Neo\.ClientError|Neo\.TransientError|org\.neo4j|\bMATCH\b|\bRETURN\b|\bWHERE\b|at \w+ \(|\.ts:\d+|\.js:\d+/i;

/** Every error of a response is clean: a code, no stack trace, no database or source-code text. */
export function expectCleanErrors(res: GraphQLResponse): void {
  for (const error of res.errors ?? []) {
    expect(error.message, error.message).not.toMatch(INTERNALS);
    expect(error.extensions ?? {}).not.toHaveProperty('stacktrace');
    expect(error.extensions ?? {}).not.toHaveProperty('exception');
    expect(typeof error.extensions?.code).toBe('string');
  }
}

/** A successful answer: HTTP 200, no errors; returns `data`. */
export function ok<T = any>(res: GraphQLResponse<T>): T {
  expectCleanErrors(res as GraphQLResponse);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  expect(res.data).toBeTruthy();
  return res.data as T;
}

/**
 * A rejected argument: exactly one error, code BAD_USER_INPUT, `extensions.argument` and the
 * message both naming the argument, nothing internal in it. Returns the message.
 */
export function expectBadInput(res: GraphQLResponse, argument: string): string {
  expectCleanErrors(res);
  expect(res.errors, JSON.stringify(res.data)).toHaveLength(1);
  const error = res.errors![0]!;
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.extensions?.argument).toBe(argument);
  expect(error.message.startsWith(`${argument}: `), error.message).toBe(true);
  return error.message;
}

export interface EvidenceOut {
  paragraph: number;
  quote: string;
  sourceId?: string;
  source?: { id: string; name?: string } | null;
}

/**
 * The evidence is exactly `expected` (in order), every item cites the seed's source document,
 * and every quote really is on the cited line of the source file.
 */
export function expectEvidence(actual: EvidenceOut[], expected: { paragraph: number; quote: string }[]): void {
  expect(actual.map((e) => ({ paragraph: e.paragraph, quote: e.quote }))).toEqual(expected);
  for (const e of actual) {
    if (e.sourceId !== undefined) expect(e.sourceId).toBe(SOURCE_ID);
    if (e.source !== undefined) expect(e.source?.id).toBe(SOURCE_ID);
    expect(sourceLine(e.paragraph), `paragraph ${e.paragraph} must contain "${e.quote}"`).toContain(e.quote);
  }
}

/** The GraphQL selection of a relation edge: the other end, every property, the evidence. */
export const EDGE_FIELDS = `
  relationId direction type role title titleZh count countQualifier start end periodLabel status note
  amount { amount currency originalAmount originalUnit }
  evidence { paragraph quote sourceId source { id name } }
  node { id kind name }`;

/** The GraphQL selection of a stored relation (paths and relation matches). */
export const RELATION_FIELDS = `
  id type fromId toId role title count countQualifier status
  amount { amount currency originalAmount originalUnit }
  evidence { paragraph quote sourceId source { id } }`;

export const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

export interface PageInfoOut {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
