import type { EntityKind } from '../model/entity-kinds.js';
import type { Direction, RelationOrder } from '../model/ordering.js';
import type { RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityValues, kindLabels, propertyValues, readEntity, readProperties, toRelationRead, type EntityRecord, type EntityValues, type PropertyList, type RelationRecord } from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, guardedEntityFilter, kindLabelExpression, type EntityFilterValue } from './entity-filter.js';
import { relationPattern } from './graph-paths.js';
import { firstPageClause, pageClause, pageParam, PageEdge, type PagePlan, type PageResult } from './pagination.js';

/**
 * Pages of relations around entities: for the relation fields (`enterprise.chains`,
 * `entity.relations`, ...), batched per query level by the loaders, or read ahead by a root list
 * for its whole selection in one statement.
 *
 * The loaders' batches are ONE Cypher text whose types, direction, filter, order, page and
 * projection travel as values of a row, so a batch of different fields is one statement. The
 * read-ahead's text is written for its selection instead (`itemPagesClauseFor`).
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

/** A loader request as a Cypher row value (BATCH reads with `projection`). */
function batchRowParam(at: number, shape: RelationPageShape, projection: Projection): Record<string, unknown> {
  return {
    at,
    types: shape.types,
    direction: shape.direction,
    filter: entityFilterParam(shape.filter),
    order: shape.order,
    descending: RELATION_ORDERS[shape.order].descending,
    page: pageParam(shape.page),
    relationKeys: projection.relation,
    entityKeys: projection.entity,
    sortKeys: projection.sortKeys,
  };
}

/**
 * The page of selection row `sel<depth>` around entity `p`, returned as `page<depth>`: the loader's
 * statement (BATCH), where each row carries its own types, direction, filter, order, page and
 * projection, so one text serves any batch of fields.
 */
function pageSubquery(p: string, depth: number): string {
  const sel = `sel${depth}`;
  // Sorting either way in one text: one pair of keys is null on every row of a page.
  const asc = (x: string) => `CASE WHEN ${sel}.descending THEN null ELSE ${x} END`;
  const desc = (x: string) => `CASE WHEN ${sel}.descending THEN ${x} END DESC`;
  return `CALL (${p}, ${sel}) {
        MATCH (${p})-[r]-(n:Entity)
        WHERE type(r) IN ${sel}.types
          AND (${sel}.direction = 'BOTH' OR (startNode(r) = ${p}) = (${sel}.direction = 'OUT'))
          AND ${guardedEntityFilter('n', `${sel}.filter`)}
        WITH ${p}, ${sel}, r, n, ${sortValue(sel)} AS s
        ORDER BY ${asc('s')}, ${desc('s')}, ${asc('r.id')}, ${desc('r.id')}
        RETURN collect({s: s, id: r.id, r: r, n: n}) AS sorted
      }
      ${pageClause('sorted', `${sel}.page`, `${sel}.descending`, [p, sel])}
      WITH ${sel}, total, [x IN pageItems | ${ITEM_VALUES(p, sel, 'x')} + CASE WHEN ${sel}.sortKeys THEN [x.s, x.id] ELSE [] END] AS pageItems, hasNextPage, hasPreviousPage
      RETURN [${sel}.at, total, pageItems, hasNextPage, hasPreviousPage, []] AS page${depth}`;
}

/**
 * Page item `x` ({r, n}) as one list (`toRelationItem` reads it; its sort value and relation id
 * follow when the selection reads them): no map keys repeated per item; the relation's ends follow
 * from `outgoing` and the parent, and its type from the selection when it asks for one type. Only
 * the page's items are projected: the others are only counted.
 */
const ITEM_VALUES = (p: string, sel: string, x: string) =>
  `[CASE WHEN size(${sel}.types) = 1 THEN null ELSE type(${x}.r) END, startNode(${x}.r) = ${p}, ${propertyValues(`${x}.r`, `${sel}.relationKeys`)}, ${entityValues(`${x}.n`, `${sel}.entityKeys`)}]`;

/**
 * The read-ahead: Cypher reading `selections` below entity node `node` (a row of a root statement;
 * null for none; not a name the clause uses itself, like `n` or `r`), leaving `pages1` next to it;
 * its parameter goes into `params`.
 *
 * The text is written for this selection tree, as a hand-written query would be: the parent kinds,
 * relation types, directions, orders and properties are in it (names from the model tables only),
 * each selection is a branch of its own, and a page has the cursor or filter machinery only when
 * it uses them. Filters, page sizes and cursors travel in `$sels`. The seed's three-level list
 * took 2.0 ms through the driver where one text for every shape, reading the same values from
 * rows, took 2.2 ms (the hand-written query 1.5 ms; 2026-11-26, medians of 2,000 alternating runs);
 * the text is also a third shorter. The price is a plan per query shape instead of per depth
 * (0.1–0.3 s on a warm JVM, the first time only): the start-up warm-up plans the usual ones.
 *
 * A root statement answers one row per entity rather than one row holding them all: the driver
 * decodes a message longer than a Bolt chunk (a big answer in one row) through a slow path that
 * doubled the decoding time of a 2,000-entity answer.
 */
export function itemPagesClauseFor(node: string, selections: RelationSelection[], params: Record<string, unknown>): string {
  const sels: Record<string, unknown>[] = [];
  const text = selections.length === 0 ? `CALL (${node}) { RETURN [] AS pages1 }` : pagesClause(node, 1, selections, sels);
  params.sels = sels;
  return compact(text);
}

/** The pages of `selections` around entity node `p` (null: none), as list `pages<depth>`. */
function pagesClause(p: string, depth: number, selections: RelationSelection[], sels: Record<string, unknown>[]): string {
  const branches = selections.map((selection, at) => selectionBranch(p, depth, at, selection, sels));
  return `CALL (${p}) {
    CALL (${p}) {
      ${branches.join('\n      UNION ALL\n      ')}
    }
    RETURN collect(page${depth}) AS pages${depth}
  }`;
}

/** One selection's page around `p` (only if `p` is of a kind the field is on), as `page<depth>`; then the pages below its items. */
function selectionBranch(p: string, depth: number, at: number, { kinds, shape, projection, children }: RelationSelection, sels: Record<string, unknown>[]): string {
  const ref = `$sels[${sels.push({ filter: entityFilterParam(shape.filter), page: pageParam(shape.page) }) - 1}]`;
  const { expression, descending } = RELATION_ORDERS[shape.order];
  const dir = descending ? 'DESC' : 'ASC';
  const filter = entityFilterCondition('n', `${ref.slice(1)}.filter`, shape.filter);
  const firstPage = !shape.page.backwards && !shape.page.after && !shape.page.before;
  const below = children.length > 0 ? nestedClause(depth + 1, children, sels) : '';
  return `WITH ${p} WHERE ${kinds ? kindLabelExpression(p, kinds) : `${p} IS NOT NULL`}
      CALL (${p}) {
        MATCH (${p})${relationPattern('r', shape.types, shape.direction)}(n:Entity)${filter === 'true' ? '' : ` WHERE ${filter}`}
        WITH r, n, ${expression} AS s ORDER BY s ${dir}, r.id ${dir}
        RETURN collect({s: s, id: r.id, r: r, n: n}) AS sorted
      }
      ${firstPage ? firstPageClause('sorted', `${ref}.page`, [p]) : pageClause('sorted', `${ref}.page`, descending, [p])}
      WITH ${p}, total, [x IN pageItems | ${itemLiteral(p, 'x', shape, projection)}] AS pageItems,
        ${below ? '[x IN pageItems | x.n] AS pageNodes, ' : ''}hasNextPage, hasPreviousPage
      ${below}
      RETURN [${at}, total, pageItems, hasNextPage, hasPreviousPage, ${below ? `nested${depth + 1}` : '[]'}] AS page${depth}`;
}

/** The pages of `selections` below each node of list `pageNodes`: leaves `nested<depth>`, one [id, pages] per node. */
function nestedClause(depth: number, selections: RelationSelection[], sels: Record<string, unknown>[]): string {
  const p = `p${depth}`;
  return `CALL (pageNodes) {
    UNWIND pageNodes AS ${p}
    ${pagesClause(p, depth, selections, sels)}
    RETURN collect([${p}.id, pages${depth}]) AS nested${depth}
  }`;
}

/** `ITEM_VALUES` written for one selection: its type, direction and properties in the text. */
function itemLiteral(p: string, x: string, shape: RelationPageShape, projection: Projection): string {
  const type = shape.types.length === 1 ? 'null' : `type(${x}.r)`;
  const outgoing = shape.direction === 'BOTH' ? `startNode(${x}.r) = ${p}` : String(shape.direction === 'OUT');
  const entity = `[${x}.n.id, ${kindLabels(`${x}.n`)}, ${propertiesLiteral(`${x}.n`, projection.entity, 'text')}]`;
  return `[${type}, ${outgoing}, ${propertiesLiteral(`${x}.r`, projection.relation)}, ${entity}${projection.sortKeys ? `, ${x}.s, ${x}.id` : ''}]`;
}

/** `propertyValues` with the keys in the text: property names from the resolvers' tables, checked to be plain names. */
function propertiesLiteral(v: string, keys: PropertyList, except?: string): string {
  if (keys === null) return `[k IN keys(${v}) ${except ? `WHERE k <> '${except}' ` : ''}| [k, ${v}[k]]]`;
  const odd = keys.find((k) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(k));
  if (odd !== undefined) throw new Error(`not a property name: ${JSON.stringify(odd)}`);
  return `[${keys.map((k) => `${v}.${k}`).join(', ')}]`;
}

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
  return { entity, relation: toRelationRead(relation, projection.relation), outgoing };
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
    ${pageSubquery('p0', 0)}`);

/** Reads many pages in one statement (a loader batch: different fields, parents and orders). */
export async function readRelationPages(runner: RequestRunner, requests: readonly RelationPageRequest[]): Promise<RelationPage[]> {
  const rows = requests.map((r, at) => ({ parentId: r.parentId, sel: batchRowParam(at, r, EVERYTHING) }));
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
