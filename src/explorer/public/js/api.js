// The explorer's only way to the data: chainkb's public GraphQL API at /graphql.

export const GRAPHQL_ENDPOINT = '/graphql';

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** POSTs one GraphQL operation; resolves to `data`, rejects with an ApiError naming what went wrong. */
export async function gql(query, variables = {}) {
  let res;
  try {
    res = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError(`the server cannot be reached (${error.message})`, 'NETWORK');
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`HTTP ${res.status} ${res.statusText || ''}`.trim(), 'HTTP');
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    const first = body.errors[0];
    const code = first.extensions?.code;
    throw new ApiError(code ? `${first.message} (${code})` : first.message, code);
  }
  if (!res.ok) throw new ApiError(`HTTP ${res.status}`, 'HTTP');
  return body.data;
}

const RELATION_FIELDS = `
  count countQualifier
  amount { amount currency originalAmount originalUnit }
  title titleZh role start end periodLabel status note
  evidence { paragraph quote source { id name } assertedBy { id name } }`;

const SEARCH = `query ExplorerSearch($text: String!, $first: Int!) {
  search(text: $text, first: $first) { score entity { id kind name nameEn aliases } }
}`;

export async function search(text, first = 10) {
  const data = await gql(SEARCH, { text, first });
  return data.search;
}

const NEIGHBOURHOOD = `query ExplorerNeighbourhood($id: ID!, $depth: Int!, $limit: Int!, $perNodeLimit: Int!) {
  neighbourhood(id: $id, depth: $depth, limit: $limit, perNodeLimit: $perNodeLimit) {
    truncated
    truncatedAt { id relations shown }
    center { id kind name }
    nodes { id kind label distance entity { id name nameEn category } }
    edges { id source target type relation { id type fromId toId ${RELATION_FIELDS} } }
  }
}`;

/** The entity and its neighbours as graph elements, or null when the id is unknown. */
export async function neighbourhood(id, { depth = 1, limit = 300, perNodeLimit = 100 } = {}) {
  const data = await gql(NEIGHBOURHOOD, { id, depth, limit, perNodeLimit });
  const n = data.neighbourhood;
  if (!n) return null;
  return {
    truncated: n.truncated,
    truncatedAt: n.truncatedAt,
    center: n.center,
    nodes: n.nodes.map((node) => ({
      id: node.id,
      kind: node.kind,
      label: node.label,
      nameEn: node.entity?.nameEn ?? null,
      category: node.entity?.category ?? null,
    })),
    edges: n.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, type: e.type, relation: e.relation })),
  };
}

/**
 * The neighbourhoods of several entities (null for an unknown id), in order, with at most
 * `concurrency` requests in flight. One request each: a neighbourhood is the most a request may
 * cost (its `limit` of nodes and their relations come near the server's cost limit), so they
 * cannot share one.
 */
export async function neighbourhoods(ids, { concurrency = 4, perNodeLimit = 100 } = {}) {
  const answers = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      answers[i] = await neighbourhood(ids[i], { perNodeLimit });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return answers;
}

const PATHS = `query ExplorerPaths($from: ID!, $to: ID!, $maxHops: Int!, $first: Int!) {
  paths(from: $from, to: $to, maxHops: $maxHops, first: $first) {
    length
    nodes { id kind name nameEn category }
    relations { id type fromId toId ${RELATION_FIELDS} }
  }
}`;

/** The shortest paths, or null when either id is unknown. */
export async function paths(from, to, { maxHops = 4, first = 3 } = {}) {
  const data = await gql(PATHS, { from, to, maxHops, first });
  return data.paths;
}

const MORE_RELATIONS = `query ExplorerMoreRelations($id: ID!, $first: Int!, $after: String) {
  node(id: $id) { ... on Entity { relations(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { relationId direction type ${RELATION_FIELDS} node { id kind name nameEn category } }
  } } }
}`;

/**
 * The next `first` relations of one entity (by the other end's name), as graph elements: how the
 * explorer shows more of a hub than its neighbourhood followed.
 */
export async function moreRelations(id, first, after = null) {
  const data = await gql(MORE_RELATIONS, { id, first, after });
  const page = data.node?.relations;
  if (!page) return null;
  const edges = page.edges.map((e) => {
    const [fromId, toId] = e.direction === 'OUT' ? [id, e.node.id] : [e.node.id, id];
    const { relationId, direction: _direction, node: _node, ...properties } = e;
    return { id: relationId, source: fromId, target: toId, type: e.type, relation: { ...properties, id: relationId, fromId, toId } };
  });
  const nodes = page.edges.map(({ node }) => ({
    id: node.id,
    kind: node.kind,
    label: node.name,
    nameEn: node.nameEn,
    category: node.category,
  }));
  return { nodes, edges, hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor };
}

const ENTITY = `query ExplorerEntity($id: ID!) {
  node(id: $id) {
    id
    ... on Entity {
      kind name nameEn aliases description category
      evidence { paragraph quote source { id name } assertedBy { id name } }
      relations(first: 100) {
        totalCount
        edges {
          relationId type direction
          node { id kind name }
          ${RELATION_FIELDS}
        }
      }
    }
    ... on Statistic { value unit originalValue originalUnit qualifier isChange period { label } }
  }
}`;

/** Everything the side panel shows about one entity, or null when the id is unknown. */
export async function entity(id) {
  const data = await gql(ENTITY, { id });
  return data.node;
}

const DESCRIPTIONS = `query ExplorerVocabulary {
  kinds: __type(name: "EntityKind") { enumValues { name description } }
  types: __type(name: "RelationType") { enumValues { name description } }
}`;

/** What each entity kind and relation type means, from the schema itself. */
export async function vocabulary() {
  const data = await gql(DESCRIPTIONS);
  const toMap = (t) => new Map((t?.enumValues ?? []).map((v) => [v.name, v.description ?? '']));
  return { kinds: toMap(data.kinds), types: toMap(data.types) };
}

/**
 * Every operation the explorer sends, by operation name. The server runs the same ones at start-up
 * (schema/warm-up.graphql) so that Neo4j has planned them before the first visitor; a test keeps
 * the two in step.
 */
export const OPERATIONS = [SEARCH, NEIGHBOURHOOD, PATHS, ENTITY, DESCRIPTIONS, MORE_RELATIONS];
