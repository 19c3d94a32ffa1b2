import type { EntityKind } from '../model/entity-kinds.js';
import type { Direction, RelationOrder } from '../model/ordering.js';
import type { RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityValues, propertyValues, readEntity, readProperties, toRelation, type EntityRecord, type EntityValues, type PropertyList, type RelationRecord } from '../neo4j/records.js';
import { entityFilterParam, guardedEntityFilter, hasKindIn, type EntityFilterValue } from './entity-filter.js';
import { firstPageClause, pageClause, pageParam, PageEdge, type PagePlan, type PageResult } from './pagination.js';

/**
 * Pages of relations around entities: for the relation fields (`enterprise.chains`,
 * `entity.relations`, ...), batched per query level by the loaders, or read ahead by a root list
 * for its whole selection in one statement.
 *
 * Every page is computed by ONE Cypher text whose types, direction, filter, order, page and
 * projection travel as values of a row. So a batch of different fields is one statement, and a
 * nested read's text depends only on its depth and on whether it is plain (`isPlain`): Neo4j plans
 * it once per root statement, depth and plainness, not once per query shape (planning a statement of many subqueries takes 0.3–0.5 s on a warm JVM,
 * seconds on a cold one).
 */

/** What a relation field asks for, whichever entity it is on. */
export interface RelationPageShape {
  types: RelationType[];
  direction: Direction;
  filter: EntityFilterValue | null;
  order: RelationOrder;
  page: PagePlan;
}

/** One page of relations around one entity. */
export interface RelationPageRequest extends RelationPageShape {
  parentId: string;
}

/** A relation seen from the parent: the entity at the other end and which way the relation runs. */
export interface RelationItem {
  entity: EntityRecord;
  relation: RelationRecord;
  outgoing: boolean;
}

/** The stored properties read for the relations of a page and for the entities at their other ends. */
export interface Projection {
  relation: PropertyList;
  entity: PropertyList;
  /** Whether the items' sort values and relation ids are read: only cursors and `relationId` need them, and they are long. */
  sortKeys: boolean;
}
const EVERYTHING: Projection = { relation: null, entity: null, sortKeys: true };

/** A page; `projection` says which properties it holds when not all (pages read ahead). */
export type RelationPage = PageResult<RelationItem> & { projection?: Projection };

/** A relation field selected below an entity, with its arguments already turned into a request. */
export interface RelationSelection {
  /** The parent kinds the field is on; null for fields of every entity (`relations`). */
  kinds: readonly EntityKind[] | null;
  shape: RelationPageShape;
  projection: Projection;
  children: RelationSelection[];
}

/** Sort expressions per order (variables `r`, `n`), from this table only. Missing numbers sort last. */
const RELATION_ORDERS: Record<RelationOrder, { expression: string; descending: boolean }> = {
  NAME_ASC: { expression: 'n.name', descending: false },
  NAME_DESC: { expression: 'n.name', descending: true },
  AMOUNT_DESC: { expression: 'coalesce(r.amount, -1.0)', descending: true },
  COUNT_DESC: { expression: 'coalesce(r.count, -1)', descending: true },
  YEAR_DESC: { expression: 'coalesce(r.year, -1)', descending: true },
};
/** The sort value of row `sel`'s order. */
const sortValue = (sel: string) => `CASE ${sel}.order ${Object.entries(RELATION_ORDERS).map(([order, o]) => `WHEN '${order}' THEN ${o.expression}`).join(' ')} END`;

/** A selection as a Cypher row value. */
function selectionParam(at: number, { shape, projection, kinds, children }: RelationSelection): Record<string, unknown> {
  return {
    at,
    kinds,
    types: shape.types,
    direction: shape.direction,
    filter: entityFilterParam(shape.filter),
    order: shape.order,
    descending: RELATION_ORDERS[shape.order].descending,
    page: pageParam(shape.page),
    relationKeys: projection.relation,
    entityKeys: projection.entity,
    sortKeys: projection.sortKeys,
    children: children.map((c, i) => selectionParam(i, c)),
  };
}

/**
 * The page of selection row `sel<depth>` around entity `p`, returned as `page<depth>`; `below`
 * reads the pages under its items (empty text at the deepest level). A `plain` text serves only
 * selections without filter or cursor in the default order (see `isPlain`): it leaves out the
 * machinery for those, which costs Neo4j time on every relation it reads.
 */
function pageSubquery(p: string, depth: number, below: string, plain: boolean): string {
  const sel = `sel${depth}`;
  // Sorting either way in one text: one pair of keys is null on every row of a page.
  const asc = (x: string) => `CASE WHEN ${sel}.descending THEN null ELSE ${x} END`;
  const desc = (x: string) => `CASE WHEN ${sel}.descending THEN ${x} END DESC`;
  return `CALL (${p}, ${sel}) {
        MATCH (${p})-[r]-(n:Entity)
        WHERE type(r) IN ${sel}.types
          AND (${sel}.direction = 'BOTH' OR (startNode(r) = ${p}) = (${sel}.direction = 'OUT'))
          ${plain ? '' : `AND ${guardedEntityFilter('n', `${sel}.filter`)}`}
        WITH ${p}, ${sel}, r, n, ${plain ? 'n.name' : sortValue(sel)} AS s
        ORDER BY ${plain ? 's, r.id' : `${asc('s')}, ${desc('s')}, ${asc('r.id')}, ${desc('r.id')}`}
        RETURN collect({s: s, id: r.id, r: r, n: n}) AS sorted
      }
      ${plain ? firstPageClause('sorted', `${sel}.page`, [p, sel]) : pageClause('sorted', `${sel}.page`, `${sel}.descending`, [p, sel])}
      WITH ${sel}, total, [x IN pageItems | ${ITEM_VALUES(p, sel, 'x')} + CASE WHEN ${sel}.sortKeys THEN [x.s, x.id] ELSE [] END] AS pageItems,
        ${below ? '[x IN pageItems | x.n] AS pageNodes, ' : ''}hasNextPage, hasPreviousPage
      ${below}
      RETURN [${sel}.at, total, pageItems, hasNextPage, hasPreviousPage, ${below ? `nested${depth + 1}` : '[]'}] AS page${depth}`;
}

/**
 * Page item `x` ({r, n}) as one list (`toRelationItem` reads it; its sort value and relation id
 * follow when the selection reads them): no map keys repeated per item; the relation's ends follow
 * from `outgoing` and the parent, and its type from the selection when it asks for one type. Only
 * the page's items are projected: the others are only counted.
 */
const ITEM_VALUES = (p: string, sel: string, x: string) =>
  `[CASE WHEN size(${sel}.types) = 1 THEN null ELSE type(${x}.r) END, startNode(${x}.r) = ${p}, ${propertyValues(`${x}.r`, `${sel}.relationKeys`)}, ${entityValues(`${x}.n`, `${sel}.entityKeys`)}]`;

/** Whether a selection tree is read by the plain text: no filter, no cursor, the default order, anywhere. */
function isPlain(selections: RelationSelection[]): boolean {
  return selections.every(({ shape: { filter, page, order }, children }) =>
    Object.keys(entityFilterParam(filter)).length === 0 && !page.backwards && !page.after && !page.before && order === 'NAME_ASC' && isPlain(children));
}

/**
 * For entity node `p` (null: no pages), the pages of the selections in list expression
 * `selections` that are on its kind, and below them down to `maxDepth`. Leaves `pages<depth>` (an
 * empty list when there is none). The nodes are carried down from the page above, not looked up
 * again by id (a tenth of the statement's time on a 2,000-entity answer).
 */
function itemPagesClause(p: string, depth: number, maxDepth: number, plain: boolean): string {
  const outer = depth > 1 ? `, sel${depth - 1}` : '';
  const selections = depth > 1 ? `sel${depth - 1}.children` : '$selections';
  const below = depth < maxDepth ? nestedClause('pageNodes', depth + 1, maxDepth, plain) : '';
  return `CALL (${p}${outer}) {
    CALL (${p}${outer}) {
      UNWIND ${selections} AS sel${depth}
      WITH ${p}, sel${depth} WHERE ${p} IS NOT NULL AND (sel${depth}.kinds IS NULL OR ${hasKindIn(p, `sel${depth}.kinds`)})
      ${pageSubquery(p, depth, below, plain)}
    }
    RETURN collect(page${depth}) AS pages${depth}
  }`;
}

/** `itemPagesClause` for each node of list `nodes`: leaves `nested<depth>`, one [id, pages] per node. */
function nestedClause(nodes: string, depth: number, maxDepth: number, plain: boolean): string {
  const outer = depth > 1 ? `, sel${depth - 1}` : '';
  const p = `p${depth}`;
  return `CALL (${nodes}${outer}) {
    UNWIND ${nodes} AS ${p}
    ${itemPagesClause(p, depth, maxDepth, plain)}
    RETURN collect([${p}.id, pages${depth}]) AS nested${depth}
  }`;
}

const depthOf = (selections: RelationSelection[]): number => (selections.length === 0 ? 0 : 1 + Math.max(...selections.map((s) => depthOf(s.children))));

/**
 * Cypher reading `selections` below entity node `node` (a row of a root statement; null for none;
 * not a name the clause uses itself, like `n` or `r`), leaving `pages1` next to it; its parameter
 * goes into `params`. Two texts per root statement and depth at most, the plain one and the
 * general one: each is planned once.
 *
 * A root statement answers one row per entity rather than one row holding them all: the driver
 * decodes a message longer than a Bolt chunk (a big answer in one row) through a slow path that
 * doubled the decoding time of a 2,000-entity answer.
 */
export function itemPagesClauseFor(node: string, selections: RelationSelection[], params: Record<string, unknown>): string {
  params.selections = selections.map((s, i) => selectionParam(i, s));
  const depth = depthOf(selections);
  const plain = isPlain(selections);
  return (ITEM_TEXTS[`${node}:${depth}:${plain}`] ??= compact(itemPagesClause(node, 1, depth, plain)));
}
const ITEM_TEXTS: Record<string, string> = {};

/** The pages `itemPagesClauseFor` read below the entity with id `parentId`. */
export function readItemPages(parentId: string, pages: PageList[], selections: RelationSelection[], out: PrefetchedPage[] = []): PrefetchedPage[] {
  return readNestedPages([[parentId, pages]], selections, out);
}

/**
 * These texts are long (a few kB at depth 3) and the driver writes a statement in 1,400-byte
 * chunks, one socket write each: the indentation alone cost a write. No string literal in them
 * holds whitespace, so collapsing it changes nothing else.
 */
const compact = (cypher: string) => cypher.replace(/\s+/g, ' ');

/** Why 24: each selection is a page per parent; past that a root list should be narrowed, not read ahead. */
export const MAX_PREFETCH_SELECTIONS = 24;

export function countSelections(selections: RelationSelection[]): number {
  return selections.reduce((n, s) => n + 1 + countSelections(s.children), 0);
}

/** A page item as `ITEM_VALUES` projects it; the sort value and relation id only where the projection's `sortKeys` asks. */
type ItemValues = [type: RelationType | null, outgoing: boolean, relation: unknown[], entity: EntityValues, sort?: string | number, relationId?: string];

/** A page item around parent `parentId`, read with `projection` for `shape`. */
function toRelationItem(item: ItemValues, parentId: string, shape: RelationPageShape, projection: Projection): RelationItem {
  const [type, outgoing, relationValues, entityValues, , relationId] = item;
  const entity = readEntity(entityValues, projection.entity);
  const relation = readProperties(relationValues, projection.relation);
  relation.id = relationId;
  relation.type = type ?? shape.types[0];
  relation.fromId = outgoing ? parentId : entity.id;
  relation.toId = outgoing ? entity.id : parentId;
  return { entity, relation: toRelation(relation), outgoing };
}

/**
 * A page as the relation-page Cypher returns it: a list, not a map, because the driver decodes every
 * map key of every page anew (8% of the statement's time through the driver on a 2,000-entity
 * answer). `at` is the selection's index among its siblings (or the request's, in a batch).
 */
export type PageList = [at: number, total: number, items: ItemValues[], hasNextPage: boolean, hasPreviousPage: boolean, nested: NestedRow[]];
type NestedRow = [id: string, pages: PageList[]];

function readPageList([, total, items, hasNextPage, hasPreviousPage]: PageList, map: (item: ItemValues) => RelationItem): RelationPage {
  return { edges: items.map((item) => new PageEdge(map(item), { sort: item[4]!, id: item[5]! })), totalCount: total, hasNextPage, hasPreviousPage };
}

/** A page read ahead, under the request a field resolver will make for it. */
export interface PrefetchedPage {
  request: RelationPageRequest;
  page: RelationPage;
}

/** Turns read-ahead rows ([id, pages], at every depth) back into pages (there are none for fields not on a parent's kind). */
function readNestedPages(rows: NestedRow[], selections: RelationSelection[], out: PrefetchedPage[] = []): PrefetchedPage[] {
  for (const [parentId, pages] of rows) {
    for (const values of pages) {
      const { shape, projection, children } = selections[values[0]]!;
      const page = readPageList(values, (item) => toRelationItem(item, parentId, shape, projection));
      out.push({ request: { parentId, ...shape }, page: { ...page, projection } });
      readNestedPages(values[5], children, out);
    }
  }
  return out;
}

const BATCH = compact(`UNWIND $rows AS row
    MATCH (p0:Entity {id: row.parentId})
    WITH p0, row.sel AS sel0
    ${pageSubquery('p0', 0, '', false)}`);

/** Reads many pages in one statement (a loader batch: different fields, parents and orders). */
export async function readRelationPages(runner: RequestRunner, requests: readonly RelationPageRequest[]): Promise<RelationPage[]> {
  const rows = requests.map((r, at) => ({ parentId: r.parentId, sel: selectionParam(at, { shape: r, projection: EVERYTHING, kinds: null, children: [] }) }));
  const result = await runner.read({ cypher: BATCH, params: { rows } });
  // Unknown parents match nothing: an empty page.
  const pages: RelationPage[] = requests.map(() => ({ edges: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false }));
  for (const record of result.records) {
    const values = record.get('page0') as PageList;
    const request = requests[values[0]]!;
    pages[values[0]] = readPageList(values, (item) => toRelationItem(item, request.parentId, request, EVERYTHING));
  }
  return pages;
}
