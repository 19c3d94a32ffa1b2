import type { ClaimStatus } from '../model/claims.js';
import type { EntityKind } from '../model/entity-kinds.js';
import type { Direction, RelationOrder } from '../model/ordering.js';
import { endLabel, type RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import {
  kindLabels,
  readEntity,
  readProperties,
  toRelationRead,
  type EntityRecord,
  type EntityValues,
  type PropertyList,
  type RelationRecord,
} from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, kindLabelExpression, type EntityFilterValue } from './entity-filter.js';
import { relationPattern, statusCondition } from './graph-paths.js';
import { keysetConditions, keysetFlags, keysetParam, PageEdge, WALK_MARGIN, type PagePlan, type PageResult } from './pagination.js';

/**
 * Pages of relations around entities: for the relation fields (`enterprise.chains`,
 * `entity.relations`, ...), batched per query level by the loaders, or read ahead by a root list
 * for its whole selection in one statement.
 *
 * Both go through one compiler (`pagesClause`): a loader batch is a depth-1 selection over
 * `UNWIND $parents`.
 */

/** What a relation field asks for, whichever entity it is on. */
export interface RelationPageShape {
  types: RelationType[];
  direction: Direction;
  filter: EntityFilterValue | null;
  /** Only relations of these claim statuses (distinct, sorted); null for all. */
  statuses: ClaimStatus[] | null;
  order: RelationOrder;
  page: PagePlan;
}

/** One page of relations around one entity. */
export interface RelationPageRequest extends RelationPageShape {
  parentId: string;
}

/** What a field resolver asks the loader for: a page, and whether its `totalCount` is selected. */
export interface RelationPageLoad extends RelationPageRequest {
  totalCount: boolean;
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
  /** Whether the page's relations are counted (`totalCount` is selected); 0 is answered otherwise, and never read. */
  totalCount: boolean;
}

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
  // Partial ISO dates compare as text in time order; '' sorts after every date when descending.
  START_DESC: { expression: "coalesce(r.start, '')", descending: true },
};

/**
 * THE relation-page compiler: Cypher reading the pages of `selections` around entity node `p` (a
 * row variable; null reads none), leaving list `pages<depth>` next to it; the selections' values
 * (filters, page sizes, cursors) go into `sels`, which becomes the parameter `$sels`. A root list or
 * `node(id:)` calls it for its whole selection tree (`itemPagesClauseFor`), and a loader batch is a
 * depth-1 selection over `UNWIND $parents` (`readRelationPages`), so both read pages with the same
 * text, keys and record format.
 *
 * The text is written for the selection tree's shape, as a hand-written query would be: the parent
 * kinds, relation types, directions, orders, which filter fields and cursors are present, and which
 * properties are read (names from the model tables only); values never shape it, so the texts Neo4j
 * plans are bounded by the shapes clients use. `wanted` (a row variable holding selection indexes)
 * limits each parent to the selections it asked for, where parents differ (a loader batch).
 */
function pagesClause(p: string, depth: number, selections: RelationSelection[], sels: Record<string, unknown>[], wanted?: string): string {
  const imports = wanted ? `${p}, ${wanted}` : p;
  const branches = selections.map((selection, at) => selectionBranch(p, depth, at, selection, sels, wanted));
  return `CALL (${imports}) {
    CALL (${imports}) {
      ${branches.join('\n      UNION ALL\n      ')}
    }
    RETURN collect(page${depth}) AS pages${depth}
  }`;
}

/**
 * One selection's page around `p` (only if `p` is of a kind the field is on), as `page<depth>`; then
 * the pages below its items. The page is read per parent with `ORDER BY … LIMIT page + 1` after the
 * keyset condition (see `windowRows`), and only the page's items are projected; the extra one only
 * says whether more follow. A backwards page reads towards the list's start and is turned round.
 */
function selectionBranch(
  p: string,
  depth: number,
  at: number,
  { kinds, shape, projection, children }: RelationSelection,
  sels: Record<string, unknown>[],
  wanted?: string,
): string {
  const ref = `$sels[${sels.push({ filter: entityFilterParam(shape.filter), status: shape.statuses, page: keysetParam(shape.page) }) - 1}]`;
  const filter = entityFilterCondition('n', `${ref.slice(1)}.filter`, shape.filter);
  const status = statusCondition('r', `${ref}.status`, shape.statuses);
  const guards = [kinds ? kindLabelExpression(p, kinds) : `${p} IS NOT NULL`, ...(wanted ? [`${at} IN ${wanted}`] : [])];
  const pattern = relationPattern('r', shape.types, shape.direction);
  const below = children.length > 0 ? nestedClause(depth + 1, children, sels) : '';
  const window = shape.page.backwards ? `reverse(window[0..${ref}.page.limit])` : `window[0..${ref}.page.limit]`;
  return `WITH ${p} WHERE ${guards.join(' AND ')}
      CALL (${p}) {
        ${windowRows(p, shape, ref, filter, status)}
        RETURN collect({s: s, r: r, n: n}) AS window
      }
      WITH ${p}, ${window} AS pageItems, size(window) > ${ref}.page.limit AS more, ${projection.totalCount ? totalCount(p, pattern, both(filter, status)) : 'null'} AS total
      WITH ${p}, total, more, [x IN pageItems | ${itemLiteral(p, 'x', shape, projection)}] AS items
        ${below ? ', [x IN pageItems | x.n] AS pageNodes' : ''}
      ${below}
      RETURN [${at}, total, items, more, ${below ? `nested${depth + 1}` : '[]'}] AS page${depth}`;
}

/**
 * Rows `r, n, s` (relation, other end, sort value) of one page around `p`, at most the page and
 * one: after the keyset condition, `ORDER BY s, r.id LIMIT page + 1`, so Neo4j keeps a top-k heap
 * of the page's size instead of collecting and sorting all of the parent's relations. Ordered by a
 * relation property, that still expands every relation of the parent (`expansion`); ordered by
 * name, a hub's page walks the name index instead (`indexWalk`), chosen per parent from its degree
 * for the page's types and direction (the degree store) and the other ends' label count (the count
 * store), both read without visiting a relation.
 */
function windowRows(p: string, shape: RelationPageShape, ref: string, filter: string, status: string): string {
  const expanded = expansion(p, shape, ref, both(filter, status));
  if (shape.order !== 'NAME_ASC' && shape.order !== 'NAME_DESC') return expanded;
  const label = endLabel(shape.types, shape.direction);
  const hub = `COUNT { (${p})${relationPattern('r', shape.types, shape.direction)}() } AS degree WHERE degree * degree > ${WALK_MARGIN} * COUNT { (:${label}) } * ${ref}.page.window`;
  return `CALL (${p}) {
          WITH ${p}, ${hub.replace(' > ', ' <= ')}
          ${expanded}
          RETURN r, n, s
          UNION ALL
          WITH ${p}, ${hub}
          ${indexWalk(p, shape, ref, filter, status, label)}
          RETURN r, n, s
        }`;
}

/** `windowRows` by expanding every relation of `p` of the page's types and keeping the page's top. */
function expansion(p: string, shape: RelationPageShape, ref: string, filter: string): string {
  const { expression, descending } = RELATION_ORDERS[shape.order];
  const dir = descending !== shape.page.backwards ? 'DESC' : 'ASC';
  const keyset = keysetConditions('s', 'r.id', `${ref}.page`, shape.page, descending);
  return `MATCH (${p})${relationPattern('r', shape.types, shape.direction)}(n:Entity)${filter === 'true' ? '' : ` WHERE ${filter}`}
        WITH r, n, ${expression} AS s${keyset.length > 0 ? ` WHERE ${keyset.join(' AND ')}` : ''}
        ORDER BY s ${dir}, r.id ${dir} LIMIT ${ref}.page.window`;
}

/**
 * `windowRows` of a name-ordered page of a hub: the other ends' label's name index walked in the
 * page's order from the cursor, each entity's relations of the page's types to `p` read from the
 * entity's side (Neo4j would otherwise expand the hub), stopping after the page. The index gives
 * the order of names; equal names are put in relation-id order among themselves (PartialTop), so
 * the order is the expansion's: by name, then relation id (an entity may have several relations to
 * the hub, each its own item). The planner, left alone, expands the hub, hence the index hint.
 */
function indexWalk(p: string, shape: RelationPageShape, ref: string, filter: string, status: string, label: string): string {
  const descending = shape.order === 'NAME_DESC';
  const dir = descending !== shape.page.backwards ? 'DESC' : 'ASC';
  const keyset = keysetConditions('n.name', 'r.id', `${ref}.page`, shape.page, descending);
  // The keyset's bound on n.name alone is what Neo4j seeks the index to; the tie-break needs r.
  return `MATCH (n:${label}) USING INDEX n:${label}(name) WHERE n.name IS NOT NULL${filter === 'true' ? '' : ` AND ${filter}`}
        MATCH (n)${relationPattern('r', shape.types, REVERSED[shape.direction])}(m) WHERE ${[`m = ${p}`, ...(status === 'true' ? [] : [status]), ...keyset].join(' AND ')}
        WITH r, n, n.name AS s ORDER BY s ${dir}, r.id ${dir} LIMIT ${ref}.page.window`;
}

const REVERSED = { OUT: 'IN', IN: 'OUT', BOTH: 'BOTH' } as const;

const both = (a: string, b: string) => (a === 'true' ? b : b === 'true' ? a : `${a} AND ${b}`);

/**
 * The number of relations a page is cut from, only when `totalCount` is selected. Unfiltered, the
 * pattern has no label on the other end (every node is an Entity), so Neo4j answers it from the
 * node's relationship degrees without visiting them; with a filter it visits every match.
 */
function totalCount(p: string, pattern: string, filter: string): string {
  return filter === 'true' ? `COUNT { (${p})${pattern}() }` : `COUNT { MATCH (${p})${pattern}(n:Entity) WHERE ${filter} }`;
}

/** The read-ahead: `pagesClause` for a root list's or `node(id:)`'s selection tree below node `node` (a row variable), leaving `pages1`. */
export function itemPagesClauseFor(node: string, selections: RelationSelection[], params: Record<string, unknown>): string {
  const sels: Record<string, unknown>[] = [];
  const text = selections.length === 0 ? `CALL (${node}) { RETURN [] AS pages1 }` : pagesClause(node, 1, selections, sels);
  params.sels = sels;
  return compact(text);
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

/**
 * Page item `x` ({s, r, n}) as one list, the one record format of relation pages (`toRelationItem`
 * reads it): no map keys repeated per item; the relation's ends follow from `outgoing` and the
 * parent, and its type from the selection when it asks for one type; the sort value and relation id
 * only when the selection reads cursors. Its type, direction and properties are in the text.
 */
function itemLiteral(p: string, x: string, shape: RelationPageShape, projection: Projection): string {
  const type = shape.types.length === 1 ? 'null' : `type(${x}.r)`;
  const outgoing = shape.direction === 'BOTH' ? `startNode(${x}.r) = ${p}` : String(shape.direction === 'OUT');
  const entity = `[${x}.n.id, ${kindLabels(`${x}.n`)}, ${propertiesLiteral(`${x}.n`, projection.entity, 'text')}]`;
  return `[${type}, ${outgoing}, ${propertiesLiteral(`${x}.r`, projection.relation)}, ${entity}${projection.sortKeys ? `, ${x}.s, ${x}.r.id` : ''}]`;
}

/** Stored properties as values, names in the text: from the resolvers' tables, checked to be plain names; null reads every property as [name, value]. */
function propertiesLiteral(v: string, keys: PropertyList, except?: string): string {
  if (keys === null) return `[k IN keys(${v}) ${except ? `WHERE k <> '${except}' ` : ''}| [k, ${v}[k]]]`;
  const odd = keys.find((k) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(k));
  if (odd !== undefined) throw new Error(`not a property name: ${JSON.stringify(odd)}`);
  return `[${keys.map((k) => `${v}.${k}`).join(', ')}]`;
}

/** The pages `itemPagesClauseFor` read below the entity with id `parentId`. */
export function readItemPages(
  parentId: string,
  pages: PageList[],
  selections: RelationSelection[],
  out: PrefetchedPage[] = [],
): PrefetchedPage[] {
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

/** A page item as `itemLiteral` projects it; the sort value and relation id only where the projection's `sortKeys` asks. */
type ItemValues = [
  type: RelationType | null,
  outgoing: boolean,
  relation: unknown[],
  entity: EntityValues,
  sort?: string | number,
  relationId?: string,
];

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
 * answer). `at` is the selection's index among its siblings; `more` whether items follow the page
 * in the direction it reads; `total` null unless counted.
 */
export type PageList = [at: number, total: number | null, items: ItemValues[], more: boolean, nested: NestedRow[]];
type NestedRow = [id: string, pages: PageList[]];

function readPageList([, total, items, more]: PageList, plan: PagePlan, map: (item: ItemValues) => RelationItem): RelationPage {
  return {
    edges: items.map((item) => new PageEdge(map(item), { sort: item[4]!, id: item[5]! })),
    totalCount: total ?? 0,
    ...keysetFlags(plan, more),
  };
}

/** A page read ahead, under the request a field resolver will make for it. */
export interface PrefetchedPage {
  request: RelationPageRequest;
  page: RelationPage;
}

/** Turns rows of `pagesClause` ([id, pages], at every depth) back into pages (there are none for fields not on a parent's kind). */
function readNestedPages(rows: NestedRow[], selections: RelationSelection[], out: PrefetchedPage[] = []): PrefetchedPage[] {
  for (const [parentId, pages] of rows) {
    for (const values of pages) {
      const { shape, projection, children } = selections[values[0]]!;
      const page = readPageList(values, shape.page, (item) => toRelationItem(item, parentId, shape, projection));
      out.push({ request: { parentId, ...shape }, page: { ...page, projection } });
      readNestedPages(values[4], children, out);
    }
  }
  return out;
}

/**
 * The key of a request without its parent: the requests of a batch with equal keys are one
 * selection, read for each of their parents. `relationPageKey` is the same with the parent.
 */
export function relationShapeKey(r: RelationPageShape & { totalCount?: boolean }): string {
  return JSON.stringify([
    r.types,
    r.direction,
    entityFilterParam(r.filter),
    r.statuses,
    r.order,
    r.page.limit,
    r.page.backwards,
    r.page.after,
    r.page.before,
    r.totalCount ?? null,
  ]);
}

/**
 * A loader batch as `pagesClause` input: one depth-1 selection per distinct request shape, every
 * property read (a loaded page serves any selection of its field), and per parent the selections it
 * asked for. Selections are sorted by the part of their key that shapes the text, so a batch of the
 * same fields gives the same text whatever order its resolvers ran in.
 */
export function batchSelections(requests: readonly RelationPageLoad[]): {
  selections: RelationSelection[];
  parents: { id: string; sels: number[] }[];
} {
  const textOrder = (r: RelationPageLoad) =>
    JSON.stringify([
      r.types,
      r.direction,
      Object.keys(entityFilterParam(r.filter)),
      !!r.statuses,
      r.order,
      r.page.backwards,
      !!r.page.after,
      !!r.page.before,
      r.totalCount,
    ]);
  const keys = [...new Map(requests.map((r) => [relationShapeKey(r), r])).values()].sort((a, b) =>
    textOrder(a) < textOrder(b) ? -1 : textOrder(a) > textOrder(b) ? 1 : 0,
  );
  const index = new Map(keys.map((r, at) => [relationShapeKey(r), at]));
  const wanted = new Map<string, Set<number>>();
  for (const r of requests)
    (wanted.get(r.parentId) ?? wanted.set(r.parentId, new Set()).get(r.parentId)!).add(index.get(relationShapeKey(r))!);
  return {
    selections: keys.map(({ types, direction, filter, statuses, order, page, totalCount }) => ({
      kinds: null,
      shape: { types, direction, filter, statuses, order, page },
      projection: { relation: null, entity: null, sortKeys: true, totalCount },
      children: [],
    })),
    parents: [...wanted].map(([id, sels]) => ({ id, sels: [...sels].sort((a, b) => a - b) })),
  };
}

/** The statement of a loader batch: `pagesClause` at depth 1 over the batch's parents. */
export function batchStatement(requests: readonly RelationPageLoad[]): {
  cypher: string;
  params: Record<string, unknown>;
  selections: RelationSelection[];
} {
  const { selections, parents } = batchSelections(requests);
  const sels: Record<string, unknown>[] = [];
  const cypher = compact(`UNWIND $parents AS parent
    MATCH (p1:Entity {id: parent.id})
    WITH p1, parent.sels AS wanted
    ${pagesClause('p1', 1, selections, sels, 'wanted')}
    RETURN p1.id AS id, pages1 AS pages`);
  return { cypher, params: { parents, sels }, selections };
}

/** Reads many pages in one statement (a loader batch: different fields, parents and orders). */
export async function readRelationPages(runner: RequestRunner, requests: readonly RelationPageLoad[]): Promise<RelationPage[]> {
  const { cypher, params, selections } = batchStatement(requests);
  const rows = (await runner.read({ cypher, params })).records.map((r) => [r.get('id'), r.get('pages')] as NestedRow);
  const found = new Map(
    readNestedPages(rows, selections).map(({ request, page }) => [
      `${request.parentId}\u0000${relationShapeKey({ ...request, totalCount: page.projection!.totalCount })}`,
      page,
    ]),
  );
  // Unknown parents match nothing: an empty page.
  const empty: RelationPage = { edges: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false };
  return requests.map((r) => found.get(`${r.parentId}\u0000${relationShapeKey(r)}`) ?? empty);
}
