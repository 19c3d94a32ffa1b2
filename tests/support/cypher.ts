import type { PagePlan } from '../../src/queries/pagination.js';

/** The harness of the generated-Cypher tests (tests/unit/cypher): a page plan and readable parameters. */

/** A first page of 10 forwards, with `p` over it. */
export const plan = (p: Partial<PagePlan> = {}): PagePlan => ({
  limit: 10,
  backwards: false,
  after: null,
  before: null,
  list: 'test-list',
  ...p,
});

/** Integers travel as neo4j Integers; shown as numbers here. */
export const plain = (params: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(params, (_, v) => (v && typeof v === 'object' && 'low' in v && 'high' in v ? v.low : v)));
