import neo4j from 'neo4j-driver';
import type { RequestRunner } from '../neo4j/request-runner.js';
import {
  entityValues,
  readEntity,
  readRelation,
  relationValues,
  type EntityRecord,
  type EntityValues,
  type RelationRecord,
  type RelationValues,
} from '../neo4j/records.js';
import { MAX_PAGE_SIZE, PageEdge, keysetFlags, type Cursor, type PageResult } from './pagination.js';

/**
 * An entity's timeline: its dated relations, oldest first, keyset-paged on (start, relation id).
 * A relation is dated by its own `start`; a PARTICIPATED_IN without one takes the event's dates,
 * so an event the entity took part in is on its timeline (and an event's participations on the
 * event's). Partial dates compare as text, which is time order: 2024 before 2024-03 before 2025.
 *
 * Bounded: no index finds an entity's relations by date (a relation-property index would find the
 * dated relations of the whole graph, not of one entity), so the timeline reads at most
 * TIMELINE_RELATIONS_READ relations of the entity, the first in storage order, and keeps the dated
 * ones; `capped` says when the entity has more (from the degree store, without reading them). Past
 * that a hub's timeline would read its 10^5 relations on every page.
 */
export const TIMELINE_RELATIONS_READ = 1000;

export interface TimelineRequest {
  parentId: string;
  limit: number;
  after: Cursor | null;
}

/** One timeline item: the relation as stored, its dates (its own, or its event's), and the entity at its other end. */
export interface TimelineItem {
  start: string;
  end: string | null;
  relation: RelationRecord;
  other: EntityRecord;
  outgoing: boolean;
}

export type TimelinePage = PageResult<TimelineItem> & { capped: boolean };

/** The dates of relation `r` between `p` and `o`: its own, else (a participation) the event's. */
const dated = (field: 'start' | 'end') =>
  `coalesce(r.${field}, CASE WHEN type(r) = 'PARTICIPATED_IN' THEN CASE WHEN o:Event THEN o.${field} ELSE p.${field} END END)`;

/**
 * One statement for a batch of timelines (one per parent, each with its own page): per parent, the
 * first TIMELINE_RELATIONS_READ relations, their dates, the keyset condition, then `ORDER BY s, r.id
 * LIMIT` the largest page and one (a top-k; LIMIT takes no row value), cut to each row's page and one.
 */
export function timelineStatement(requests: readonly TimelineRequest[]): { cypher: string; params: Record<string, unknown> } {
  const rows = requests.map((r, at) => ({ at, id: r.parentId, window: neo4j.int(r.limit + 1), after: r.after }));
  const cypher = `UNWIND $rows AS row
    MATCH (p:Entity {id: row.id})
    CALL (p, row) {
      MATCH (p)-[r]-(o:Entity)
      WITH p, r, o LIMIT $read
      WITH p, r, o, ${dated('start')} AS s, ${dated('end')} AS e
      WHERE s IS NOT NULL AND (row.after IS NULL OR s > row.after.sort OR (s = row.after.sort AND r.id > row.after.id))
      WITH p, r, o, s, e ORDER BY s, r.id LIMIT $window
      RETURN collect([s, e, startNode(r) = p, ${relationValues('r', 'null')}, ${entityValues('o', 'null')}]) AS items
    }
    RETURN row.at AS at, items[0..row.window] AS items, COUNT { (p)--() } > $read AS capped`;
  return { cypher, params: { rows, read: neo4j.int(TIMELINE_RELATIONS_READ), window: neo4j.int(MAX_PAGE_SIZE + 1) } };
}

type ItemValues = [start: string, end: string | null, outgoing: boolean, relation: RelationValues, other: EntityValues];

export async function readTimelines(runner: RequestRunner, requests: readonly TimelineRequest[]): Promise<TimelinePage[]> {
  const { cypher, params } = timelineStatement(requests);
  // By the request's index: one parent may be asked for two pages in one batch. An unknown id has no row: an empty page.
  const found = new Map<number, { items: ItemValues[]; capped: boolean }>();
  for (const record of (await runner.read({ cypher, params })).records)
    found.set(Number(record.get('at')), { items: record.get('items') as ItemValues[], capped: record.get('capped') as boolean });
  return requests.map((request, at) => {
    const row = found.get(at) ?? { items: [], capped: false };
    const more = row.items.length > request.limit;
    const edges = row.items
      .slice(0, request.limit)
      .map(
        ([start, end, outgoing, relation, other]) =>
          new PageEdge<TimelineItem>(
            { start, end, outgoing, relation: readRelation(relation, null), other: readEntity(other, null) },
            { sort: start, id: relation[0] },
          ),
      );
    return {
      edges,
      totalCount: 0,
      capped: row.capped,
      ...keysetFlags({ limit: request.limit, backwards: false, after: request.after, before: null, list: '' }, more),
    };
  });
}
