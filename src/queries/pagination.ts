import { createHash } from 'node:crypto';
import neo4j from 'neo4j-driver';
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
  /** The list (a `listKey`) the cursors were checked against, and the page's own cursors name. */
  list: string;
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
  if ((typeof sort !== 'string' && typeof sort !== 'number') || typeof id !== 'string')
    throw userInputError(argument, 'is not a cursor returned by this API');
  if (from !== list)
    throw userInputError(argument, 'is a cursor of another list, or of this list in another order: use a cursor this list returned');
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
    list,
  };
}

/**
 * The page plan as a Cypher parameter map for a keyset read (`keysetConditions`): `window` is the
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
 * the start of the list (a list ordered by id alone, `sort` = `id`, is bounded on the id); with no
 * cursor there is no condition. Only which cursors are present shapes
 * the text; their values travel in the parameter.
 */
export function keysetConditions(sort: string, id: string, page: string, plan: PagePlan, descending: boolean): string[] {
  // A list ordered by its ids alone needs no tie-break; the OR would make Neo4j seek twice and lose the index's order.
  const beyond = (cursor: string, op: '<' | '>') =>
    sort === id
      ? `${id} ${op} ${cursor}.id`
      : `${sort} ${op}= ${cursor}.sort AND (${sort} ${op} ${cursor}.sort OR ${id} ${op} ${cursor}.id)`;
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

/**
 * Why 10: a name-ordered page of a hub is read by walking the other ends' name index (relation-pages.ts `indexWalk`)
 * when that walk is expected to visit under a tenth of the rows an expansion visits. With the other
 * ends spread evenly over the label, the walk visits about labelCount / degree rows per page item,
 * and the expansion visits `degree`; each row of the walk costs more (an index entry and a check of
 * the entity's relations), and the hub's ends need not be spread evenly (at 110k entities, the
 * 50,001 holders of a designation are all enterprises, whose names sort after 5,000 others), so
 * the walk is taken only well past the break-even: degree² > 10 × labelCount × (page + 1). At 110k
 * entities and a page of 10 that is a degree over ~3,500; at 1M, over ~10,500. A relation query
 * (graph-paths.ts `findRelations`) chooses between walking its start entities' name index and
 * expanding from an end's few candidates by the same rule, the candidates' count as the degree.
 */
export const WALK_MARGIN = 10;
