import { RELATION_TYPES, type RelationType } from '../../src/model/relation-types.js';

/**
 * The scale benchmark's query mix, each written three ways over the same Neo4j:
 * - `chainkb`: the GraphQL a client sends to chainkb (with variables, as a real client would);
 * - `floor`: one hand-written parameterised Cypher statement returning chainkb's `data` as one map
 *   (`RETURN {...} AS data`), served by bench/scale/floor-server.ts with no other work;
 * - `peer`: the nearest GraphQL for @neo4j/graphql (bench/scale/peer-server.ts), or why it has none.
 *
 * `name IS NOT NULL` lets Neo4j read a list in the order of the name index (every entity has a name).
 * Orders follow chainkb's: entity lists by name then id, relation pages by the other end's name then
 * the relation id, findRelations by the names at both ends then the relation ids, neighbourhood
 * nodes by distance, name, id and its edges by relation id.
 */
export interface MixParams {
  /** A seed enterprise, present at every scale. */
  enterprise: string;
  designation: string;
  searchText: string;
  pathFrom: string;
  pathTo: string;
  /** The entity with the most relations, its kind, and the type and direction of most of them. */
  hub: HubSpec;
  /** An entity of median degree. */
  quiet: string;
}
export interface HubSpec {
  id: string;
  kind: string;
  type: RelationType;
  direction: 'OUT' | 'IN';
  degree: number;
}

export interface MixQuery {
  name: string;
  title: string;
  chainkb: { query: string; variables: Record<string, unknown> };
  floor: { cypher: string; params: Record<string, unknown> };
  /** `equivalent: false`: the nearest the peer can say, not the same answer (kept out of the targets). */
  peer: { query: string; variables: Record<string, unknown>; equivalent: boolean; note?: string } | { unsupported: string };
}

const EVIDENCE = (r: string, withSource: boolean) =>
  `[k IN range(0, size(coalesce(${r}.evidenceParagraphs, [])) - 1) | {paragraph: ${r}.evidenceParagraphs[k], quote: ${r}.evidenceQuotes[k]${
    withSource ? `, source: {name: COLLECT { MATCH (s:SourceDocument {id: ${r}.evidenceSources[k]}) RETURN s.name }[0]}` : ''
  }}]`;
const KIND = (n: string) => `[l IN labels(${n}) WHERE l <> 'Entity'][0]`;

/** The GraphQL field of `type` on the entity at its `direction` end (what chainkb and the peer call it). */
export function relationField(type: RelationType, direction: 'OUT' | 'IN'): string {
  const spec = RELATION_TYPES[type] as { outField: string; inField: string; symmetric?: boolean };
  return direction === 'OUT' || spec.symmetric ? spec.outField : spec.inField;
}

/** The relation types the mix reads (the peer's type definitions need no others). */
export function mixRelationTypes(p: MixParams): RelationType[] {
  return [...new Set<RelationType>(['HOLDS_DESIGNATION', 'INVESTED_IN', 'HOLDS_POSITION', 'IN_CHAIN', 'LICENSED_PATENTS_TO', p.hub.type])];
}

export function buildMix(p: MixParams): MixQuery[] {
  const hubField = relationField(p.hub.type, p.hub.direction);
  const hubArrow = p.hub.direction === 'OUT' ? `-[r:${p.hub.type}]->` : `<-[r:${p.hub.type}]-`;
  const neighbourhoodQuery = `query Neighbourhood($id: ID!) { neighbourhood(id: $id, depth: 2) { truncated nodes { id kind label } edges { source target type } } }`;
  const neighbourhood = (name: string, title: string, id: string): MixQuery => ({
    name,
    title,
    chainkb: { query: neighbourhoodQuery, variables: { id } },
    floor: { cypher: NEIGHBOURHOOD_CYPHER, params: { id, limit: 200 } },
    peer: {
      unsupported:
        'a walk over every relation type to depth 2 with breadth-first distances, a node cap and a truncated flag: its relationship fields are one type each, and nesting them is a tree of fields per type, not a set of reached nodes',
    },
  });
  return [
    {
      name: 'byId',
      title: 'by id, 1-level relations',
      chainkb: {
        query: `query ById($id: ID!) { node(id: $id) { ... on Enterprise {
  name designations { edges { node { name } } }
  investors { edges { amount { amount } node { name } } }
  people { edges { title node { name } evidence { paragraph quote } } }
} } }`,
        variables: { id: p.enterprise },
      },
      floor: {
        cypher: `OPTIONAL MATCH (e:Enterprise {id: $id})
RETURN {node: CASE WHEN e IS NULL THEN null ELSE {
  name: e.name,
  designations: {edges: COLLECT { MATCH (e)-[r:HOLDS_DESIGNATION]->(d:Entity) WITH r, d ORDER BY d.name, r.id LIMIT 20 RETURN {node: {name: d.name}} }},
  investors: {edges: COLLECT { MATCH (e)<-[r:INVESTED_IN]-(i:Entity) WITH r, i ORDER BY i.name, r.id LIMIT 20
    RETURN {amount: CASE WHEN r.amount IS NULL THEN null ELSE {amount: r.amount} END, node: {name: i.name}} }},
  people: {edges: COLLECT { MATCH (e)<-[r:HOLDS_POSITION]-(x:Entity) WITH r, x ORDER BY x.name, r.id LIMIT 20
    RETURN {title: r.title, node: {name: x.name}, evidence: ${EVIDENCE('r', false)}} }}
} END} AS data`,
        params: { id: p.enterprise },
      },
      peer: {
        query: `query ById($id: ID!) { enterprises(where: { id: { eq: $id } }) {
  name designationsConnection(first: 20, sort: [{ node: { name: ASC } }]) { edges { node { name } } }
  investorsConnection(first: 20, sort: [{ node: { name: ASC } }]) { edges { properties { amount } node { name } } }
  peopleConnection(first: 20, sort: [{ node: { name: ASC } }]) { edges { properties { title evidenceParagraphs evidenceQuotes } node { name } } }
} }`,
        variables: { id: p.enterprise },
        equivalent: true,
      },
    },
    {
      name: 'nested',
      title: '3-level nested list (10 × 5 × 5)',
      chainkb: {
        query: `query Nested { enterprises(first: 10) { edges { node { id name ... on Enterprise {
  chains(first: 5) { edges { role node { id name ... on IndustrialChain {
    members(first: 5) { edges { node { id name } } }
  } } } }
} } } } }`,
        variables: {},
      },
      floor: {
        cypher: `MATCH (e:Enterprise) WHERE e.name IS NOT NULL WITH e ORDER BY e.name, e.id LIMIT 10
RETURN {enterprises: {edges: collect({node: {id: e.id, name: e.name, chains: {edges: COLLECT {
  MATCH (e)-[r:IN_CHAIN]->(c:IndustrialChain) WITH r, c ORDER BY c.name, r.id LIMIT 5
  RETURN {role: r.role, node: {id: c.id, name: c.name, members: {edges: COLLECT {
    MATCH (c)<-[r2:IN_CHAIN]-(m:Entity) WITH r2, m ORDER BY m.name, r2.id LIMIT 5 RETURN {node: {id: m.id, name: m.name}}
  }}}}
}}}})}} AS data`,
        params: {},
      },
      peer: {
        query: `query Nested { enterprisesConnection(first: 10, sort: [{ name: ASC }, { id: ASC }]) { edges { node { id name
  chainsConnection(first: 5, sort: [{ node: { name: ASC } }]) { edges { properties { role } node { id name
    membersConnection(first: 5, sort: [{ node: { name: ASC } }]) { edges { node { id name } } }
  } } }
} } } }`,
        variables: {},
        equivalent: true,
      },
    },
    {
      name: 'findRelations',
      title: 'relation query (institutes → licensed patents → champion firms, first 20)',
      chainkb: {
        query: `query Relations($designation: ID!) { findRelations(
  from: { kinds: [ResearchInstitute] }
  steps: [{ types: [LICENSED_PATENTS_TO] }]
  to: { designation: $designation }
) { edges { node {
  from { id name } to { id name }
  path { relations { type count evidence { paragraph quote source { name } } } }
} } } }`,
        variables: { designation: p.designation },
      },
      floor: {
        cypher: `MATCH (i:ResearchInstitute)-[r:LICENSED_PATENTS_TO]->(e:Entity)
WHERE i.name IS NOT NULL AND EXISTS { (e)-[:HOLDS_DESIGNATION]->(:Entity {id: $designation}) }
WITH i, r, e ORDER BY i.name, e.name, r.id LIMIT 20
RETURN {findRelations: {edges: collect({node: {from: {id: i.id, name: i.name}, to: {id: e.id, name: e.name},
  path: {relations: [{type: type(r), count: r.count, evidence: ${EVIDENCE('r', true)}}]}}})}} AS data`,
        params: { designation: p.designation },
      },
      peer: {
        query: `query Relations($designation: ID!) { researchInstitutes(
  where: { patentLicencesGranted: { some: { designations: { some: { id: { eq: $designation } } } } } }
  sort: [{ name: ASC }] limit: 20
) { id name patentLicencesGrantedConnection(
  where: { node: { designations: { some: { id: { eq: $designation } } } } }
  first: 20 sort: [{ node: { name: ASC } }]
) { edges { properties { count evidenceParagraphs evidenceQuotes evidenceSources } node { id name } } } } }`,
        variables: { designation: p.designation },
        equivalent: false,
        note: 'no flat, ordered page over matches: the nearest is 20 institutes each with up to 20 of their matching licences (up to 400 matches, not 20), and evidence sources stay ids (no relationship to resolve them by)',
      },
    },
    {
      name: 'search',
      title: `search ("${p.searchText}")`,
      chainkb: {
        query: `query Search($text: String!) { search(text: $text) { score entity { id name kind } } }`,
        variables: { text: p.searchText },
      },
      floor: {
        cypher: `CALL () {
  CALL db.index.fulltext.queryNodes('entity_search', $lucene) YIELD node, score
  RETURN node, score ORDER BY score DESC LIMIT 50
  UNION ALL
  MATCH (node:Entity)
  WHERE toLower(node.name) CONTAINS $lower OR toLower(coalesce(node.nameEn, '')) CONTAINS $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) CONTAINS $lower)
  RETURN node, 0.0 AS score
}
WITH node, max(score) AS relevance
WITH node, relevance + CASE
  WHEN toLower(node.name) = $lower OR toLower(coalesce(node.nameEn, '')) = $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $lower) THEN 10.0
  WHEN toLower(node.name) CONTAINS $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) CONTAINS $lower) THEN 2.0
  ELSE 0.0 END AS score
ORDER BY score DESC, size(node.name), node.id LIMIT 10
RETURN {search: collect({score: score, entity: {id: node.id, name: node.name, kind: ${KIND('node')}}})} AS data`,
        params: { lucene: p.searchText, lower: p.searchText.toLowerCase() },
      },
      peer: {
        unsupported:
          "chainkb's ranking (full-text relevance merged with substring matches on names and aliases, exact names first) across all kinds: @fulltext queries one index per type and ranks by Lucene score alone",
      },
    },
    neighbourhood('neighbourhoodHub', `neighbourhood depth 2 at the hub (${p.hub.id})`, p.hub.id),
    neighbourhood('neighbourhoodQuiet', `neighbourhood depth 2 at a median-degree entity (${p.quiet})`, p.quiet),
    {
      name: 'paths',
      title: `shortest paths (${p.pathFrom} → ${p.pathTo}, 3 of at most 4 hops)`,
      chainkb: {
        query: `query Paths($from: ID!, $to: ID!) { paths(from: $from, to: $to) { length nodes { name } relations { type evidence { quote } } } }`,
        variables: { from: p.pathFrom, to: p.pathTo },
      },
      floor: {
        cypher: `OPTIONAL MATCH (a:Entity {id: $from}) OPTIONAL MATCH (b:Entity {id: $to})
WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
OPTIONAL MATCH p = SHORTEST 3 (a)-[]-{1,4}(b)
WITH p ORDER BY length(p)
RETURN {paths: [x IN collect(p) | {length: length(x), nodes: [n IN nodes(x) | {name: n.name}],
  relations: [r IN relationships(x) | {type: type(r), evidence: ${EVIDENCE('r', false).replace(/\{paragraph: r\.evidenceParagraphs\[k\], /, '{')}}]}]} AS data`,
        params: { from: p.pathFrom, to: p.pathTo },
      },
      peer: { unsupported: 'shortest paths: no path query (only a hand-written @cypher field, which is the floor, not the peer)' },
    },
    {
      name: 'hubPage',
      title: `a hub's page (${p.hub.id}: ${hubField}, first 10 of ${p.hub.degree.toLocaleString('en')})`,
      chainkb: {
        query: `query HubPage($id: ID!) { node(id: $id) { ... on ${p.hub.kind} { id name ${hubField}(first: 10) { edges { node { id name } } } } } }`,
        variables: { id: p.hub.id },
      },
      floor: {
        cypher: `OPTIONAL MATCH (h:Entity {id: $id})
RETURN {node: CASE WHEN h IS NULL THEN null ELSE {id: h.id, name: h.name, ${hubField}: {edges: COLLECT {
  MATCH (h)${hubArrow}(m:Entity) WITH r, m ORDER BY m.name, r.id LIMIT 10 RETURN {node: {id: m.id, name: m.name}}
}}} END} AS data`,
        params: { id: p.hub.id },
      },
      peer: {
        query: `query HubPage($id: ID!) { ${pluralField(p.hub.kind)}(where: { id: { eq: $id } }) { id name ${hubField}Connection(first: 10, sort: [{ node: { name: ASC } }]) { edges { node { id name } } } } }`,
        variables: { id: p.hub.id },
        equivalent: true,
      },
    },
  ];
}

/** @neo4j/graphql's root field for a type: camelCase plural (pluralize, as the library does). */
export function pluralField(kind: string): string {
  const camel = kind[0]!.toLowerCase() + kind.slice(1);
  if (camel.endsWith('y') && !/[aeiou]y$/.test(camel)) return `${camel.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(camel)) return `${camel}es`;
  if (camel === 'person') return 'people';
  return `${camel}s`;
}

/**
 * The neighbourhood's floor, in one statement: the first `limit` entities one hop away by name (a
 * top-k, not a sort of a hub's every neighbour); those two hops away only when the first hop leaves
 * room under the limit (a hub's first hop alone fills it, and the second could never make the cut);
 * then the relations among the kept nodes: a node's own relations when it has few, pair by pair
 * with the other kept nodes (expand-into) when it is a hub.
 */
const NEIGHBOURHOOD_CYPHER = `MATCH (c:Entity {id: $id})
CALL (c) {
  MATCH (c)--(m:Entity) WHERE m <> c
  WITH DISTINCT m ORDER BY m.name, m.id LIMIT $limit
  RETURN collect(m) AS d1
}
CALL (c, d1) {
  WITH c, d1 WHERE size(d1) < $limit
  UNWIND d1 AS a
  MATCH (a)--(m:Entity) WHERE m <> c AND NOT m IN d1
  WITH DISTINCT m ORDER BY m.name, m.id LIMIT $limit
  RETURN collect(m) AS d2
  UNION
  WITH d1 WHERE size(d1) >= $limit
  RETURN [] AS d2
}
WITH c, [x IN d1 | {m: x, distance: 1}] + [x IN d2 | {m: x, distance: 2}] AS reached
WITH c, size(reached) + 1 > $limit AS cut, [{m: c, distance: 0}] + reached[0..$limit - 1] AS kept
WITH c, cut, kept, [k IN kept | k.m] AS keptNodes
CALL (keptNodes) {
  UNWIND keptNodes AS a
  CALL (a, keptNodes) {
    WITH a, keptNodes WHERE COUNT { (a)-->() } <= 1000
    MATCH (a)-[r]->(b) WHERE b IN keptNodes
    RETURN r
    UNION
    WITH a, keptNodes WHERE COUNT { (a)-->() } > 1000
    UNWIND keptNodes AS b
    MATCH (a)-[r]->(b)
    RETURN r
  }
  WITH DISTINCT r ORDER BY r.id
  RETURN collect(r) AS rels
}
RETURN {neighbourhood: {truncated: cut OR size(rels) > $limit * 3,
  nodes: [k IN kept | {id: k.m.id, kind: ${KIND('k.m')}, label: k.m.name}],
  edges: [r IN rels[0..$limit * 3] | {source: startNode(r).id, target: endNode(r).id, type: type(r)}]}} AS data`;
