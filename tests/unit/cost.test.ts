import { parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { describe, expect, it } from 'vitest';
import { costEstimators, listFieldsWithoutCost } from '../../src/graphql/cost.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import { createLogger } from '../../src/logger.js';
import { stringifyWithinLimit } from '../../src/http/response-size.js';

const schema = await buildGraphQLSchema();
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({ schema, query: parse(query), variables, estimators: costEstimators(schema) });

describe('the cost of an operation', () => {
  it('every field returning a list of objects or a connection declares its cost', () => {
    expect(listFieldsWithoutCost(schema)).toEqual([]);
  });

  it('multiplies each page by its size: first, last, or the default 20', () => {
    expect(cost('{ enterprises(first: 5) { edges { node { id name } } } }')).toBe(1 + 5 * 3);
    expect(cost('query($n: Int) { enterprises(last: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(cost('{ enterprises { totalCount } }')).toBe(1 + 20 * 1);
  });

  it('multiplies nested pages, and counts a relation field under every entity kind once', () => {
    const nested = '{ entities(first: 10) { edges { node { relations(first: 10) { edges { node { id } } } } } } }';
    expect(cost(nested)).toBe(1 + 10 * (1 + (1 + 10 * 2)));
  });

  it('counts search hits, ids, paths and neighbourhoods by their arguments', () => {
    expect(cost('{ search(text: "x", first: 4) { score } }')).toBe(1 + 4 * 1);
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(1 + 3 * 1);
    expect(cost('{ paths(from: "a", to: "b", first: 2) { length } }')).toBe(1 + 2 * 1);
    expect(cost('{ neighbourhood(id: "a", limit: 10) { nodes { id } } }')).toBe(1 + 30 * 1);
  });
});

describe('the answer-size cap', () => {
  it('passes an answer within the limit unchanged and refuses a bigger one, naming both sizes', () => {
    const stringify = stringifyWithinLimit(createLogger('silent'), 40);
    expect(stringify({ data: { a: 1 } })).toBe('{"data":{"a":1}}');
    expect(JSON.parse(stringify({ data: { text: '招'.repeat(20) } }))).toEqual({
      errors: [
        {
          message:
            'The answer is 80 bytes; the limit is 40. Ask for fewer or smaller fields (long text such as a source\u2019s full text, fewer aliases).',
          extensions: { code: 'RESPONSE_TOO_LARGE', bytes: 80, limit: 40 },
        },
      ],
    });
  });
});
