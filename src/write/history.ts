import neo4j from 'neo4j-driver';
import type { CypherQuery, WriteTransaction } from '../neo4j/database.js';
import type { GraphState } from './state.js';

/**
 * History: one `:Change` node per write — who (the API key's name), when, what (the states before
 * and after, as JSON), why (the comment) — and one `:ChangeLink` per entity it touched (`subject`)
 * or source it cites (`cites`), indexed on (entityId, at), so an entity's or a source's history is
 * a keyset walk of that index, newest first. Neither label is an entity, so no graph read meets them.
 */
export const CHANGE_LABEL = 'Change';
export const CHANGE_LINK_LABEL = 'ChangeLink';

export interface ChangeRecord {
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
  by: string;
  /** The mutation: createEntity, mergeEntities, revert, ... */
  action: string;
  comment: string;
  before: GraphState;
  after: GraphState;
  /** The change this one reverted. */
  revertOf?: string;
}

/** Entities a change touched: its nodes (tombstones name the entity they replace) and the ends of its relations. */
export function subjectsOf(change: Pick<ChangeRecord, 'before' | 'after'>): string[] {
  const ids = [change.before, change.after].flatMap((s) => [...s.nodes.map((n) => n.id), ...s.relations.flatMap((r) => [r.from, r.to])]);
  return [...new Set(ids)].sort();
}

/** Sources the evidence of a change's nodes and relations cites, before or after. */
export function citedSources(change: Pick<ChangeRecord, 'before' | 'after'>): string[] {
  const props = [change.before, change.after].flatMap((s) => [...s.nodes, ...s.relations].map((x) => x.props));
  return [...new Set(props.flatMap((p) => (Array.isArray(p.evidenceSources) ? (p.evidenceSources as string[]) : [])))].sort();
}

export function recordStatement(change: ChangeRecord): CypherQuery {
  const subjects = subjectsOf(change);
  const cited = citedSources(change).filter((id) => !subjects.includes(id));
  const links = [...subjects.map((id) => ({ id, role: 'subject' })), ...cited.map((id) => ({ id, role: 'cites' }))];
  return {
    cypher: `CREATE (c:${CHANGE_LABEL} {id: $id, at: $at, by: $by, action: $action, comment: $comment, before: $before, after: $after, revertOf: $revertOf})
      WITH c UNWIND $links AS link
      CREATE (:${CHANGE_LINK_LABEL} {entityId: link.id, role: link.role, at: $at, change: $id})`,
    params: {
      id: change.id,
      at: change.at,
      by: change.by,
      action: change.action,
      comment: change.comment,
      before: JSON.stringify(change.before),
      after: JSON.stringify(change.after),
      revertOf: change.revertOf ?? null,
      links,
    },
  };
}

export async function recordChange(tx: WriteTransaction, change: ChangeRecord): Promise<void> {
  await tx.run(recordStatement(change));
}

/** A stored change, decoded. */
export function toChange(props: Record<string, unknown>): ChangeRecord {
  return {
    id: String(props.id),
    at: Number(props.at),
    by: String(props.by),
    action: String(props.action),
    comment: String(props.comment),
    before: JSON.parse(String(props.before)) as GraphState,
    after: JSON.parse(String(props.after)) as GraphState,
    revertOf: (props.revertOf as string | null) ?? undefined,
  };
}

export interface HistoryPage {
  changes: { change: ChangeRecord; cursor: string }[];
  hasNextPage: boolean;
}

export const encodeCursor = (at: number, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
export function decodeCursor(cursor: string): { at: number; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  return at && id && /^\d+$/.test(at) ? { at: Number(at), id } : undefined;
}

/**
 * One page of an entity's (`subjectOnly`) or a source's history, newest first: keyset on (at, change
 * id) down the ChangeLink index, `first + 1` links read to know if there is more.
 */
export function historyStatement(entityId: string, subjectOnly: boolean, first: number, after?: { at: number; id: string }): CypherQuery {
  const conditions = [
    subjectOnly ? `l.role = 'subject'` : '',
    after ? `(l.at < $afterAt OR (l.at = $afterAt AND l.change < $afterId))` : '',
  ]
    .filter(Boolean)
    .join(' AND ');
  return {
    cypher: `MATCH (l:${CHANGE_LINK_LABEL} {entityId: $entityId}) WHERE l.at IS NOT NULL${conditions ? ` AND ${conditions}` : ''}
      WITH l ORDER BY l.at DESC, l.change DESC LIMIT $limit
      MATCH (c:${CHANGE_LABEL} {id: l.change})
      RETURN properties(c) AS change`,
    // LIMIT takes an integer: a JS number would travel as a float.
    params: { entityId, limit: neo4j.int(first + 1), ...(after && { afterAt: after.at, afterId: after.id }) },
  };
}

/** The schema history needs (applied with the model's, src/neo4j/schema.ts). */
export const HISTORY_SCHEMA = [
  `CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:${CHANGE_LABEL}) REQUIRE c.id IS UNIQUE`,
  `CREATE INDEX change_link_entity IF NOT EXISTS FOR (l:${CHANGE_LINK_LABEL}) ON (l.entityId, l.at)`,
];
