import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimators } from '../src/graphql/cost.js';
import { buildGraphQLSchema } from '../src/graphql/schema.js';
import type { SoakOperation } from './soak-clients.js';

/**
 * The soak's query mix: what the three kinds of users in the README send (a frontend's entity page
 * and nested list, a researcher's relation question, the explorer's search, neighbourhood and
 * paths), the most expensive operation the cost limit lets through, and one it must refuse.
 */
const ENTERPRISE = 'enterprise/zhaobao-magnet';

const byId = `{ node(id: "${ENTERPRISE}") { ... on Enterprise {
  name designations { edges { node { name } } }
  investors { edges { amount { amount } node { name } } }
  people { edges { title node { name } evidence { paragraph quote } } }
} } }`;

const nestedList = `{ enterprises(first: 10) { edges { node { id name ... on Enterprise {
  chains(first: 5) { edges { role node { id name ... on IndustrialChain {
    members(first: 5) { edges { node { id name } } }
  } } } }
} } } } }`;

const findRelations = `{ findRelations(
  from: { kinds: [ResearchInstitute] }
  steps: [{ types: [LICENSED_PATENTS_TO] }]
  to: { designation: "designation/single-champion" }
) { edges { node {
  from { name } to { name }
  path { relations { type count evidence { paragraph quote source { name } } } }
} } } }`;

const search = `{ search(text: "招宝") { score entity { id name kind } } }`;

const neighbourhood = `{ neighbourhood(id: "${ENTERPRISE}", depth: 2) { truncated nodes { id kind label } edges { source target type } } }`;

const paths = `{ paths(from: "institute/nimte", to: "org/zhenhai-state-assets") { length nodes { name } relations { type evidence { quote } } } }`;

/** Entities, then `pages.length` levels of their relations, `pages[i]` per page, read `aliases` times. */
export function relationTree(aliases: number, rootFirst: number, pages: number[]): string {
  const level = (rest: number[]): string =>
    rest.length === 0 ? 'id name' : `id name relations(first: ${rest[0]}) { edges { type node { ${level(rest.slice(1))} } } }`;
  const fields = Array.from({ length: aliases }, (_, i) => `a${i}: entities(first: ${rootFirst}) { edges { node { ${level(pages)} } } }`);
  return `{ ${fields.join(' ')} }`;
}

export function costOf(schema: GraphQLSchema, query: string): number {
  return getComplexity({ schema, query: parse(query), variables: {}, estimators: costEstimators(schema) });
}

export interface ExpensivePair {
  /** The costliest relation tree of this shape within the limit. */
  allowed: { query: string; cost: number };
  /** The same shape one page size up: over the limit. */
  refused: { query: string; cost: number };
}

/**
 * The most expensive operation of `aliases` relation trees three levels deep: the largest equal page
 * size n whose cost is within `maxCost`, then the root page grown as far as the limit allows. The
 * one to be refused is the same shape with pages of n + 1 everywhere.
 */
export function expensivePair(schema: GraphQLSchema, maxCost: number, aliases: number, depth = 3): ExpensivePair {
  const tree = (root: number, page: number) =>
    relationTree(
      aliases,
      root,
      Array.from({ length: depth }, () => page),
    );
  let page = 1;
  while (costOf(schema, tree(page + 1, page + 1)) <= maxCost) page += 1;
  let root = page;
  while (root < 100 && costOf(schema, tree(root + 1, page)) <= maxCost) root += 1;
  const allowed = { query: tree(root, page), cost: costOf(schema, tree(root, page)) };
  const refused = { query: tree(page + 1, page + 1), cost: costOf(schema, tree(page + 1, page + 1)) };
  if (allowed.cost > maxCost || refused.cost <= maxCost)
    throw new Error(`no relation tree of ${aliases} aliases straddles the limit ${maxCost}`);
  return { allowed, refused };
}

export interface MixedOperation extends SoakOperation {
  cost: number;
}

/**
 * Why these weights: the everyday reads make up most of the traffic; the expensive operation, which
 * reads thousands of values, is one request in 50, often enough to overlap with many others in a
 * 60 s run and to show whether it stalls them; the refused one costs the server only a cost check.
 */
const WEIGHTS = { byId: 10, nestedList: 10, findRelations: 8, search: 8, neighbourhood: 6, paths: 6, expensive: 1, refused: 1 };

export async function soakMix(maxCost: number, aliases: number): Promise<MixedOperation[]> {
  const schema = await buildGraphQLSchema();
  const { allowed, refused } = expensivePair(schema, maxCost, aliases);
  const everyday = { byId, nestedList, findRelations, search, neighbourhood, paths };
  const operation = (name: keyof typeof WEIGHTS, query: string, expectRefusal = false): MixedOperation => ({
    name,
    body: JSON.stringify({ query }),
    weight: WEIGHTS[name],
    expectRefusal,
    cost: costOf(schema, query),
  });
  return [
    ...Object.entries(everyday).map(([name, query]) => operation(name as keyof typeof WEIGHTS, query)),
    operation('expensive', allowed.query),
    operation('refused', refused.query, true),
  ];
}
