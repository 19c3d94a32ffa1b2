import { ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityValues, readEntity, type EntityRecord, type EntityValues, type PropertyList } from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, type EntityFilterValue } from './entity-filter.js';
import { itemPagesClauseFor, readItemPages, type PageList, type PrefetchedPage, type RelationSelection } from './relation-pages.js';
import { keysetConditions, keysetFlags, keysetParam, PageEdge, type PagePlan, type PageResult } from './pagination.js';

export type EntityPage = PageResult<EntityRecord>;

/** What a root list reads besides its entities' ids: which properties, the relation pages below, and whether it counts. */
export interface ListReading {
  properties: PropertyList;
  nested: RelationSelection[];
  /** Whether `totalCount` is selected: only then are the matches counted (0 is answered otherwise, and never read). */
  totalCount: boolean;
}

/**
 * One page of the entities of a kind (or of all kinds) matching a filter, ordered by name then id;
 * reading only `properties` of each, and the relation pages `nested` selects below them in the same
 * statement (see `listStatement`).
 */
export async function listEntities(
  runner: RequestRunner,
  kind: EntityKind | undefined,
  filter: EntityFilterValue | null,
  descending: boolean,
  page: PagePlan,
  reading: ListReading = { properties: null, nested: [], totalCount: true },
): Promise<EntityPage & { prefetched: PrefetchedPage[] }> {
  const rows = (await runner.read(listStatement(kind, filter, descending, page, reading))).records.map((r) => r.toObject() as ListRow);
  const prefetched: PrefetchedPage[] = [];
  const edges = rows
    .filter((row) => row.item !== null)
    .sort((a, b) => a.at! - b.at!)
    .map(({ item, pages }) => {
      const entity = readEntity(item!.v, reading.properties);
      readItemPages(entity.id, pages, reading.nested, prefetched);
      return new PageEdge(entity, { sort: item!.s, id: item!.id });
    });
  // A backwards page was read from its cursor towards the list's start: the list's order is the reverse.
  if (page.backwards) edges.reverse();
  const [first] = rows;
  return { edges, totalCount: first?.total ?? 0, ...keysetFlags(page, first?.more ?? false), prefetched };
}

/** A row of `listStatement`: one per entity of the page (`at` its position), or one with a null item for an empty page. */
interface ListRow {
  at: number | null;
  total: number | null;
  more: boolean;
  item: { s: string; id: string; v: EntityValues } | null;
  pages: PageList[];
}

/**
 * The statement of `listEntities`. The page is read as a hand-written query would read it:
 * `MATCH (n:Label) WHERE <filter> AND <keyset> ORDER BY n.name, n.id LIMIT page + 1`, so that
 * Neo4j walks the label's name index from the cursor and stops after the page (a backwards page
 * walks it the other way). `n.name IS NOT NULL` changes no answer (every entity has a name) but
 * is what lets the planner take the ordered index for the order. Only the page's entities are
 * projected and read below; the extra one only says whether more follow. The count, when
 * selected, is its own subquery: the label's count store when unfiltered, else a pass over the matches.
 */
export function listStatement(
  kind: EntityKind | undefined,
  filter: EntityFilterValue | null,
  descending: boolean,
  page: PagePlan,
  reading: ListReading,
) {
  const label = kind ?? ENTITY_LABEL;
  const dir = descending !== page.backwards ? 'DESC' : 'ASC';
  const filtered = entityFilterCondition('n', 'filter', filter);
  const conditions = [
    'n.name IS NOT NULL',
    ...(filtered === 'true' ? [] : [filtered]),
    ...keysetConditions('n.name', 'n.id', '$page', page, descending),
  ];
  const params: Record<string, unknown> = { filter: entityFilterParam(filter), page: keysetParam(page), entityKeys: reading.properties };
  const below = reading.nested.length > 0 ? itemPagesClauseFor('node', reading.nested, params) : '';
  const count = reading.totalCount
    ? `CALL () { MATCH (n:${label})${filtered === 'true' ? '' : ` WHERE ${filtered}`} RETURN count(n) AS total }\n    `
    : '';
  const cypher = `${count}CALL () {
      MATCH (n:${label}) WHERE ${conditions.join(' AND ')}
      WITH n ORDER BY n.name ${dir}, n.id ${dir} LIMIT $page.window
      RETURN collect(n) AS window
    }
    WITH ${count ? 'total, ' : ''}window[0..$page.limit] AS nodes, size(window) > $page.limit AS more
    UNWIND CASE WHEN size(nodes) = 0 THEN [null] ELSE range(0, size(nodes) - 1) END AS at
    WITH ${count ? 'total, ' : ''}more, at, nodes[at] AS node
    ${below}
    RETURN at, ${count ? 'total' : 'null AS total'}, more, CASE WHEN node IS NULL THEN null ELSE {s: node.name, id: node.id, v: ${entityValues('node', '$entityKeys')}} END AS item, ${below ? 'pages1' : '[]'} AS pages`;
  return { cypher, params };
}
