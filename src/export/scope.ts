import neo4j from 'neo4j-driver';
import { RELATION_TYPE_NAMES } from '../model/relation-types.js';
import type { Database } from '../neo4j/database.js';
import { RequestRunner } from '../neo4j/request-runner.js';
import { findRelations, matchPosition, MAX_COUNTED_MATCHES, type MatchPosition, type RelationQuery } from '../queries/graph-paths.js';
import { neighbourhood } from '../queries/neighbourhood.js';
import { decodeCursor } from '../queries/pagination.js';
import { search } from '../queries/search.js';
import type { ExportEdge, ExportNode } from './fields.js';
import { graphEdges, graphNodes, memberEdgeCountQuery, memberEdges, memberNodes, type PageReader } from './read.js';

/** Which part of the graph to export. */
export type ExportScope =
  | { kind: 'graph' }
  | { kind: 'neighbourhood'; id: string; depth: number; limit: number; perNode: number }
  | { kind: 'search'; text: string; first: number }
  | { kind: 'chain'; id: string }
  | { kind: 'relations'; query: RelationQuery }
  | { kind: 'ids'; ids: string[]; relationIds: string[] | null };

/** A scope that names something the graph does not hold (HTTP 404), with the parameter that named it. */
export class ExportNotFoundError extends Error {
  override name = 'ExportNotFoundError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

/** A scope too big to export as a subgraph (HTTP 400), with the parameter that chose it. */
export class ExportTooLargeError extends Error {
  override name = 'ExportTooLargeError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

/**
 * Why 50,000: a subgraph's member ids are held in memory and sent with each page of its relations
 * (a few MB at most). Past that, export the whole graph, which pages by id and holds no list.
 */
export const MAX_SUBGRAPH_NODES = 50_000;
/** Page sizes: rows per read. 5,000 rows of entities with their evidence are a few MB. */
const PAGE = 5_000;
/** Members per relation page: their relations to other members, a hub's all of them. */
const EDGE_PAGE_MEMBERS = 500;

/** What an export reads: its description, its nodes and its edges, each as pages. */
export interface GraphSource {
  description: string;
  nodes(): AsyncGenerator<ExportNode[]>;
  edges(): AsyncGenerator<ExportEdge[]>;
  /** How many nodes and edges (for the progress line). */
  count(): Promise<{ nodes: number; edges: number }>;
}

/** The members of a subgraph and which of their relations it holds: null, all of them. */
interface Subgraph {
  description: string;
  members: string[];
  relations: string[] | null;
}

const pageReader =
  (db: Database): PageReader =>
  (query) =>
    db.read(query);

/** Rows per page, and members per page of a subgraph's relations; smaller in tests, to see the paging. */
export interface PageSizes {
  rows: number;
  members: number;
}

export async function graphSource(
  db: Database,
  scope: ExportScope,
  pages: PageSizes = { rows: PAGE, members: EDGE_PAGE_MEMBERS },
): Promise<GraphSource> {
  const read = pageReader(db);
  if (scope.kind === 'graph') return wholeGraph(read, pages.rows);
  const subgraph = await withStatistics(read, await resolve(db, scope));
  return {
    description: subgraph.description,
    nodes: () => memberNodes(read, subgraph.members, pages.rows),
    edges: () => memberEdges(read, subgraph.members, subgraph.relations, pages.members),
    count: async () => {
      const result = await read(memberEdgeCountQuery(subgraph.members, subgraph.relations));
      return { nodes: subgraph.members.length, edges: Number(result.records[0]?.get('n') ?? 0) };
    },
  };
}

function wholeGraph(read: PageReader, rows: number): GraphSource {
  return {
    description: 'the whole graph',
    nodes: () => graphNodes(read, rows),
    edges: () => graphEdges(read, rows),
    // Both counts come from Neo4j's count store: no node or relation is read.
    count: async () => {
      const result = await read({
        cypher:
          'CALL () { MATCH (n:Entity) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS edges } RETURN nodes, edges',
      });
      const record = result.records[0]!;
      return { nodes: Number(record.get('nodes')), edges: Number(record.get('edges')) };
    },
  };
}

function resolve(db: Database, scope: Exclude<ExportScope, { kind: 'graph' }>): Promise<Subgraph> {
  switch (scope.kind) {
    case 'ids':
      return knownIds(pageReader(db), scope.ids, scope.relationIds);
    case 'chain':
      return chainMembers(pageReader(db), scope.id);
    default:
      return withRunner(db, (runner) =>
        scope.kind === 'neighbourhood'
          ? neighbourhoodOf(runner, scope)
          : scope.kind === 'search'
            ? searchHits(runner, scope.text, scope.first)
            : relationMatches(runner, scope.query),
      );
  }
}

/** The queries of the API take a request's runner: one read transaction for the resolving. */
async function withRunner<T>(db: Database, work: (runner: RequestRunner) => Promise<T>): Promise<T> {
  const runner = new RequestRunner(db);
  try {
    return await work(runner);
  } finally {
    await runner.close();
  }
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

async function neighbourhoodOf(runner: RequestRunner, scope: Extract<ExportScope, { kind: 'neighbourhood' }>): Promise<Subgraph> {
  const n = await neighbourhood(runner, scope.id, scope.depth, RELATION_TYPE_NAMES, null, { nodes: scope.limit, perNode: scope.perNode });
  if (!n) throw new ExportNotFoundError('neighbourhood', `no entity has the id "${scope.id}"`);
  return {
    description: `the neighbourhood of ${scope.id} (depth ${scope.depth}${n.truncated ? ', truncated at its limits' : ''})`,
    members: sorted(n.nodes.map((x) => x.id)),
    relations: n.relations.map((r) => r.id),
  };
}

async function searchHits(runner: RequestRunner, text: string, first: number): Promise<Subgraph> {
  const hits = await search(runner, text, null, first);
  return {
    description: `the search "${text}" (first ${first}) and the relations among its hits`,
    members: sorted(hits.map((h) => h.entity.id)),
    relations: null,
  };
}

/** Every match, page by page (keyset, as the API pages them), until MAX_COUNTED_MATCHES. */
async function relationMatches(runner: RequestRunner, query: RelationQuery): Promise<Subgraph> {
  const members = new Set<string>();
  const relations = new Set<string>();
  let after: MatchPosition | null = null;
  let matches = 0;
  for (;;) {
    const page = await findRelations(runner, query, { limit: 1000, backwards: false, after, before: null }, { entity: [], relation: [] });
    matches += page.edges.length;
    if (matches > MAX_COUNTED_MATCHES)
      throw new ExportTooLargeError(
        'relations',
        `matches more than ${MAX_COUNTED_MATCHES} paths; narrow the query, or export the whole graph`,
      );
    for (const { node } of page.edges) {
      for (const n of node.path.nodes) members.add(n.id);
      for (const r of node.path.relations) relations.add(r.id);
    }
    const last = page.edges.at(-1);
    if (!page.hasNextPage || !last) break;
    after = matchPosition(decodeCursor('after', last.cursor, ''));
  }
  return { description: `the matches of a relation query (${matches})`, members: sorted(members), relations: [...relations] };
}

async function chainMembers(read: PageReader, id: string): Promise<Subgraph> {
  const result = await read({
    cypher: `MATCH (c:IndustrialChain {id: $id})
      RETURN [c.id] + COLLECT { MATCH (m:Entity)-[:IN_CHAIN|LEADS_CHAIN]->(c) RETURN DISTINCT m.id AS m LIMIT $cap } AS ids`,
    params: { id, cap: neo4j.int(MAX_SUBGRAPH_NODES) },
  });
  const ids = result.records[0]?.get('ids') as string[] | undefined;
  if (!ids) throw new ExportNotFoundError('chain', `no industrial chain has the id "${id}"`);
  if (ids.length > MAX_SUBGRAPH_NODES)
    throw new ExportTooLargeError('chain', `has more than ${MAX_SUBGRAPH_NODES} members; export the whole graph instead`);
  return { description: `the industrial chain ${id}, its members and the relations among them`, members: sorted(ids), relations: null };
}

/** Ids a client names (the explorer's view): those that exist; the relations among them, or the listed ones. */
async function knownIds(read: PageReader, ids: string[], relationIds: string[] | null): Promise<Subgraph> {
  const result = await read({
    cypher: 'UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN collect(n.id) AS ids',
    params: { ids },
  });
  const members = sorted(result.records[0]?.get('ids') as string[]);
  const what = relationIds ? `and ${relationIds.length} relations` : 'and the relations among them';
  return { description: `${members.length} chosen entities ${what}`, members, relations: relationIds };
}

/** The subgraph with the statistics that measure its members (and, through `MEASURES`, their edges). */
async function withStatistics(read: PageReader, subgraph: Subgraph): Promise<Subgraph> {
  const result = await read({
    cypher: `UNWIND $ids AS id
      MATCH (s:Statistic)-[:MEASURES]->(:Entity {id: id})
      RETURN collect(DISTINCT s.id) AS ids`,
    params: { ids: subgraph.members },
  });
  const members = sorted([...subgraph.members, ...(result.records[0]?.get('ids') as string[])]);
  if (members.length > MAX_SUBGRAPH_NODES)
    throw new ExportTooLargeError(
      'scope',
      `the subgraph has more than ${MAX_SUBGRAPH_NODES} entities; narrow it, or export the whole graph`,
    );
  return { ...subgraph, members };
}
