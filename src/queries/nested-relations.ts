import type { EntityKind } from '../model/entity-kinds.js';
import { nodeProjection, relProjection, type PropertyList } from '../neo4j/records.js';
import { RELATION_ORDERS, toRelationItem, type RelationPage, type RelationPageRequest, type RelationPageShape } from '../loaders/relation-pages.js';
import { entityFilterCondition, entityFilterParam } from './entity-filter.js';
import { relationPattern } from './graph-paths.js';
import { pageClause, pageParam, readPageValues, type PageValues } from './pagination.js';

/**
 * Nested relation fields read in the same Cypher statement as the list above them.
 *
 * A query like `enterprises { chains { members } }` would otherwise cost one statement per level
 * (the per-level DataLoaders). Each statement is a round trip to Neo4j, and on small answers the
 * round trips dominate, so a root list reads the relation pages its selection asks for, at every
 * depth, with nested `CALL` subqueries, and hands them to the loaders (`prime`): the field
 * resolvers then find their pages without asking Neo4j again.
 */

/** A relation field selected below an entity, with its arguments already turned into a request. */
export interface RelationSelection {
  /** The parent kinds the field is on; null for fields of every entity (`relations`). */
  kinds: readonly EntityKind[] | null;
  shape: RelationPageShape;
  projection: Projection;
  children: RelationSelection[];
}

/** The stored properties read for the relations of a page and for the entities at their other ends. */
export interface Projection {
  relation: PropertyList;
  entity: PropertyList;
}

/** Why 24: each selection is one CALL subquery; past that, planning the text costs more than round trips. */
export const MAX_PREFETCH_SELECTIONS = 24;

export function countSelections(selections: RelationSelection[]): number {
  return selections.reduce((n, s) => n + 1 + countSelections(s.children), 0);
}

/** What the clause below returns per parent: its id, kind labels and one page map per selection. */
interface NestedRow {
  id: string;
  labels: string[];
  pages: (PageValues & { nested: NestedRow[] })[];
}

/**
 * A `CALL` subquery that, for each element of list `items` (the entity id at `idOf(element)`),
 * reads the page of every selection, and inside each page the selections below it. Leaves
 * `nested_<path>` in scope: one NestedRow per item. Parameters are added to `params`.
 */
export function nestedPagesClause(items: string, idOf: (element: string) => string, selections: RelationSelection[], params: Record<string, unknown>, path = 'n'): string {
  const parent = `p_${path}`;
  const item = `i_${path}`;
  const calls = selections.map((selection, i) => selectionCall(parent, selection, params, `${path}${i}`));
  return `CALL (${items}) {
    UNWIND ${items} AS ${item}
    MATCH (${parent}:Entity {id: ${idOf(item)}})
    ${calls.join('\n    ')}
    RETURN collect({id: ${parent}.id, labels: labels(${parent}), pages: [${selections.map((_, i) => `s_${path}${i}`).join(', ')}]}) AS nested_${path}
  }`;
}

/** One selection's page around `parent` (and what is selected below it), as the map `s_<path>`. */
function selectionCall(parent: string, selection: RelationSelection, params: Record<string, unknown>, path: string): string {
  const { shape } = selection;
  const param = `s_${path}`;
  params[param] = { filter: entityFilterParam(shape.filter), page: pageParam(shape.page) };
  const { expression, descending } = RELATION_ORDERS[shape.order];
  const dir = descending ? 'DESC' : 'ASC';
  // Kinds come from the model's allow-list (the GraphQL type the field was selected on).
  const onKind = selection.kinds ? `(${selection.kinds.map((k) => `${parent}:${k}`).join(' OR ')})` : 'true';
  const below = selection.children.length > 0 ? nestedPagesClause('pageItems', (x) => `${x}.n.id`, selection.children, params, `${path}_`) : '';
  return `CALL (${parent}) {
      MATCH (${parent})${relationPattern('r', shape.types, shape.direction)}(n:Entity)
      WHERE ${onKind} AND ${entityFilterCondition('n', `${param}.filter`, shape.filter)}
      WITH ${parent}, r, n, ${expression} AS s
      ORDER BY s ${dir}, r.id ${dir}
      WITH collect({s: s, id: r.id, r: ${relProjection('r', selection.projection.relation)}, n: ${nodeProjection('n', selection.projection.entity)}, outgoing: startNode(r) = ${parent}}) AS sorted
      ${pageClause('sorted', `$${param}.page`, descending, [], shape.page)}
      ${below}
      RETURN {total: total, pageItems: pageItems, hasNextPage: hasNextPage, hasPreviousPage: hasPreviousPage, nested: ${below ? `nested_${path}_` : '[]'}} AS ${param}
    }`;
}

/** A page read ahead, under the request a field resolver will make for it, and what it projected. */
export interface PrefetchedPage {
  request: RelationPageRequest;
  page: RelationPage;
}

/** Turns the clause's output back into pages, skipping fields that are not on a parent's kind. */
export function readNestedPages(rows: NestedRow[], selections: RelationSelection[], out: PrefetchedPage[] = []): PrefetchedPage[] {
  for (const row of rows) {
    selections.forEach((selection, i) => {
      if (selection.kinds && !selection.kinds.some((k) => row.labels.includes(k))) return;
      const values = row.pages[i]!;
      out.push({ request: { parentId: row.id, ...selection.shape }, page: { ...readPageValues(values, toRelationItem), projection: selection.projection } });
      if (selection.children.length > 0) readNestedPages(values.nested, selection.children, out);
    });
  }
  return out;
}
