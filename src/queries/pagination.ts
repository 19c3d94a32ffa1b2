import { createHash } from 'node:crypto';
import neo4j, { type QueryResult } from 'neo4j-driver';
import { userInputError } from '../errors/codes.js';

/** Relay connection arguments, validated: a page reads forwards (first/after) or backwards (last/before). */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A position in a keyset ordering: the sort value and the id that breaks ties. */
export interface Cursor {
  sort: string | number;
  id: string;
}

/** Why 100: a page bigger than that is a bulk export, which the API is not for; it keeps responses small. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** One page of a keyset-paginated list, before it becomes a GraphQL connection. */
export interface PageResult<T> {
  edges: PageEdge<T>[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface PagePlan {
  limit: number;
  backwards: boolean;
  after: Cursor | null;
  before: Cursor | null;
}

/** The plan's part of a loader key: equal plans give equal values, however they were built. */
export function pagePlanKey({ limit, backwards, after, before }: PagePlan): unknown[] {
  return [limit, backwards, after && [after.sort, after.id], before && [before.sort, before.id]];
}

/**
 * Which list a cursor belongs to: a short hash of what orders the list (its field, the relation
 * types, direction and order), so that a cursor from another list is refused instead of answering
 * a page of this list at a foreign position.
 */
export function listKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 8);
}

export function encodeCursor(c: Cursor, list: string): string {
  return Buffer.from(JSON.stringify([c.sort, c.id, list])).toString('base64url');
}

export function decodeCursor(argument: string, value: string, list: string): Cursor {
  let parts: unknown[] = [];
  try {
    parts = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
  } catch {
    // refused below
  }
  const [sort, id, from] = Array.isArray(parts) ? parts : [];
  if ((typeof sort !== 'string' && typeof sort !== 'number') || typeof id !== 'string') throw userInputError(argument, 'is not a cursor returned by this API');
  if (from !== list) throw userInputError(argument, 'is a cursor of another list, or of this list in another order: use a cursor this list returned');
  return { sort, id };
}

/** The page `args` ask for in the list `list` (a `listKey`); throws BAD_USER_INPUT naming the argument. */
export function planPage(args: PageArgs, list: string): PagePlan {
  if (args.first != null && args.last != null) throw userInputError('first', 'cannot be combined with last');
  for (const name of ['first', 'last'] as const) {
    const n = args[name];
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) throw userInputError(name, `must be between 0 and ${MAX_PAGE_SIZE}, got ${n}`);
  }
  const backwards = args.last != null;
  return {
    limit: (backwards ? args.last : args.first) ?? DEFAULT_PAGE_SIZE,
    backwards,
    after: args.after ? decodeCursor('after', args.after, list) : null,
    before: args.before ? decodeCursor('before', args.before, list) : null,
  };
}

/** The page plan as a Cypher parameter map (read back by `pageClause`). */
export function pageParam(plan: PagePlan): Record<string, unknown> {
  // JS numbers travel as floats; list slices and LIMIT want integers.
  return { limit: neo4j.int(plan.limit), backwards: plan.backwards, after: plan.after, before: plan.before };
}

/**
 * The page plan as a Cypher parameter map for a keyset read (`keysetCondition`): `window` is the
 * page and one more item, which tells whether more follow without counting them.
 */
export function keysetParam(plan: PagePlan): Record<string, unknown> {
  return { limit: neo4j.int(plan.limit), window: neo4j.int(plan.limit + 1), after: plan.after, before: plan.before };
}

/**
 * Cypher conditions keeping the items strictly after `page.after` and before `page.before` (the
 * cursors the plan has) in a list ordered by `sort` then `id`, ascending unless `descending`; `page`
 * is the parameter reference (`$page`, `$sels[2].page`). Each is written as a bound on `sort` AND
 * the tie-break, so that a range index on `sort` can seek to the cursor instead of scanning from
 * the start of the list; with no cursor there is no condition. Only which cursors are present shapes
 * the text; their values travel in the parameter.
 */
export function keysetConditions(sort: string, id: string, page: string, plan: PagePlan, descending: boolean): string[] {
  const beyond = (cursor: string, op: '<' | '>') => `${sort} ${op}= ${cursor}.sort AND (${sort} ${op} ${cursor}.sort OR ${id} ${op} ${cursor}.id)`;
  const [forwards, backwards] = descending ? (['<', '>'] as const) : (['>', '<'] as const);
  const conditions: string[] = [];
  if (plan.after) conditions.push(beyond(`${page}.after`, forwards));
  if (plan.before) conditions.push(beyond(`${page}.before`, backwards));
  return conditions;
}

/**
 * The page's flags from whether the read found an item past its `limit` (`more`), without a count.
 * The side a page reads towards is exact; the other side is true when a cursor bounds it, since the
 * cursor's own item lies there: the Relay spec lets a server answer that side only when it can do so
 * efficiently, and asking Neo4j would cost a second seek per page.
 */
export function keysetFlags(plan: PagePlan, more: boolean): { hasNextPage: boolean; hasPreviousPage: boolean } {
  return plan.backwards
    ? { hasNextPage: plan.before !== null, hasPreviousPage: more || plan.after !== null }
    : { hasNextPage: more || plan.before !== null, hasPreviousPage: plan.after !== null };
}

/**
 * Cypher that pages the sorted list `items` (elements {s: sort value, id: tie-break, ...}) with the
 * plan at `page` (a parameter like `$page` or a row field like `row.page`), leaving
 * `total, pageItems, hasNextPage, hasPreviousPage` in scope next to `keep`. Pass `plan` when one
 * plan serves every row (not in batched queries) to get the shorter text its shape allows.
 */
export function pageClause(items: string, page: string, descending: boolean | string, keep: string[] = [], plan?: PagePlan): string {
  const carried = keep.length > 0 ? `${keep.join(', ')}, ` : '';
  // The first page forwards (most requests) needs no cursor comparisons. Which text is used depends
  // on the plan's shape only; its values still travel in the parameter.
  if (plan && !plan.backwards && !plan.after && !plan.before) return firstPageClause(items, page, keep);
  // `x.s` comes after (or before) the cursor in the list's order; `descending` may be a Cypher
  // boolean expression when each row carries its own order.
  const beyond = (x: string, cursor: string, after: boolean) => {
    const [asc, desc] = after ? ['>', '<'] : ['<', '>'];
    const test = (op: string) => `${x}.s ${op} ${cursor}.sort OR (${x}.s = ${cursor}.sort AND ${x}.id ${op} ${cursor}.id)`;
    if (typeof descending === 'boolean') return test(descending ? desc : asc);
    return `CASE WHEN ${descending} THEN ${test(desc)} ELSE ${test(asc)} END`;
  };
  return `WITH ${carried}${items} AS items, [x IN ${items} WHERE ${page}.after IS NULL OR ${beyond('x', `${page}.after`, true)}] AS afterOk
    WITH ${carried}items, afterOk, [x IN afterOk WHERE ${page}.before IS NULL OR ${beyond('x', `${page}.before`, false)}] AS window
    WITH ${carried}size(items) AS total,
      CASE WHEN NOT ${page}.backwards THEN window[0..${page}.limit]
           WHEN size(window) > ${page}.limit THEN window[size(window) - ${page}.limit..]
           ELSE window END AS pageItems,
      CASE WHEN ${page}.backwards THEN size(window) < size(afterOk) ELSE size(window) > ${page}.limit OR size(window) < size(afterOk) END AS hasNextPage,
      CASE WHEN ${page}.backwards THEN size(window) > ${page}.limit OR size(afterOk) < size(items) ELSE size(afterOk) < size(items) END AS hasPreviousPage`;
}

/** `pageClause` for plans known to ask for the first page forwards. */
export function firstPageClause(items: string, page: string, keep: string[] = []): string {
  const carried = keep.length > 0 ? `${keep.join(', ')}, ` : '';
  return `WITH ${carried}size(${items}) AS total, ${items}[0..${page}.limit] AS pageItems, size(${items}) > ${page}.limit AS hasNextPage, false AS hasPreviousPage`;
}

/**
 * Cypher after a `pageClause`: one row per page item `x` (one row with a null item when the page is
 * empty), leaving `total, hasNextPage, hasPreviousPage` and `item` (`project(x)`) for `readPageRows`,
 * and `node` (`nodeOf(x)`, null on the empty row) when given, for a clause that reads on from it.
 * Rows rather than one list: the driver decodes a message longer than a Bolt chunk (a big answer
 * in one row) through a slow path, which doubled the decoding time of big answers.
 */
export const pageRows = (project: (x: string) => string, nodeOf?: (x: string) => string) => `UNWIND CASE WHEN size(pageItems) = 0 THEN [null] ELSE pageItems END AS x
    WITH total, hasNextPage, hasPreviousPage, CASE WHEN x IS NULL THEN null ELSE ${project('x')} END AS item${nodeOf ? `, ${nodeOf('x')} AS node` : ''}`;

/** Reads the rows of a `pageRows` query; `map` turns each page item (and its row) into a node. */
export function readPageRows<T>(result: QueryResult, map: (item: Record<string, unknown>, row: Record<string, unknown>) => T): PageResult<T> {
  const rows = result.records.map((r) => r.toObject());
  const edges: PageResult<T>['edges'] = [];
  for (const row of rows) {
    const item = row.item as PageValues['pageItems'][number] | null;
    if (item) edges.push(new PageEdge(map(item, row), { sort: item.s, id: item.id }));
  }
  const first = rows[0] as Omit<PageValues, 'pageItems'>;
  return { edges, totalCount: first.total, hasNextPage: first.hasNextPage, hasPreviousPage: first.hasPreviousPage };
}

/** The `pageClause` outputs as one map (a record's, or a page map of a batched or nested read). */
export interface PageValues {
  total: number;
  pageItems: ({ s: string | number; id: string } & Record<string, unknown>)[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** An edge whose cursor is encoded only when read: most queries select no cursor, and big pages have many edges. */
export class PageEdge<T> {
  /** The list the edge is in (a `listKey`), set by `inList` when the page becomes a connection. */
  list = '';

  constructor(
    readonly node: T,
    private readonly position: Cursor,
  ) {}

  get cursor(): string {
    return encodeCursor(this.position, this.list);
  }

  withNode<U>(node: U): PageEdge<U> {
    return new PageEdge(node, this.position);
  }
}

/** Marks the page's edges as items of `list`, whose cursors they then encode. */
export function inList<P extends PageResult<unknown>>(page: P, list: string): P {
  for (const edge of page.edges) edge.list = list;
  return page;
}

/** The page with each node turned into another by `map`; cursors stay encoded only when read. */
export function mapNodes<T, U>(page: PageResult<T>, map: (node: T) => U): PageResult<U> {
  return { ...page, edges: page.edges.map((e) => e.withNode(map(e.node))) };
}

export function readPageValues<T>(values: PageValues, map: (item: Record<string, unknown>) => T): PageResult<T> {
  return {
    edges: values.pageItems.map((item) => new PageEdge(map(item), { sort: item.s, id: item.id })),
    totalCount: values.total,
    hasNextPage: values.hasNextPage,
    hasPreviousPage: values.hasPreviousPage,
  };
}
