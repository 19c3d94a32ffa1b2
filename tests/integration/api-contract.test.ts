import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../../src/model/entity-kinds.js';
import { QUERY_COUNT_HEADER, READ_AHEAD_HEADER } from '../../src/http/request-scope-plugin.js';
import { startTestServer } from '../support/server.js';

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  // These tests read the whole seed through pages of 100 three levels deep, to compare the read
  // paths over every entity; the cost limit (tested in hardening.test.ts) would refuse that.
  app = await startTestServer({ maxQueryCost: 100_000_000 });
});
afterAll(() => app?.stop());

const counted = (query: string, variables?: Record<string, unknown>) => app.gql(query, variables, { [QUERY_COUNT_HEADER]: '1' });
/** The same request through the per-level loaders only. */
const viaLoaders = (query: string, variables?: Record<string, unknown>) =>
  app.gql(query, variables, { [QUERY_COUNT_HEADER]: '1', [READ_AHEAD_HEADER]: 'off' });

const TWO_LEVELS = `id ... on Enterprise {
  designations { edges { node { id } } }
  chains { edges { node { id ... on IndustrialChain { members(first: 100) { totalCount edges { node { id } } } } } } }
}`;
const THREE_LEVELS = `id ... on Region {
  locatedHere(first: 100) { edges { node { id
    relations(first: 100) { edges { node { id
      relations(first: 5) { totalCount }
    } } }
  } } }
}`;
const idsOf = async (list: string) =>
  (await app.gql(`{ ${list}(first: 100) { edges { node { id } } } }`)).data[list].edges.map((e: any) => e.node.id);

describe('no N+1: a root list reads its nested relation fields in the same statement', () => {
  it('a two-level nested query over every enterprise costs 1 query', async () => {
    const res = await counted(`{ enterprises(first: 100) { edges { node { ${TWO_LEVELS} } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual((await viaLoaders(`{ enterprises(first: 100) { edges { node { ${TWO_LEVELS} } } } }`)).data);
    const enterprises = res.data.enterprises.edges.map((e: any) => e.node);
    expect(enterprises).toHaveLength(8);
    // Several parents have children at each level, so a per-parent query would show.
    expect(enterprises.filter((e: any) => e.chains.edges.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(enterprises.filter((e: any) => e.designations.edges.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(res.extensions?.cypherQueries).toBe(1);
  });

  it('a three-level chain of relations costs 1 query, with the answer the loaders give', async () => {
    const query = `{ regions(first: 100) { edges { node { ${THREE_LEVELS} } } } }`;
    const res = await counted(query);
    expect(res.errors).toBeUndefined();
    // No filter, cursor or order anywhere: the plain statement text reads it.
    expect(res.data).toEqual((await viaLoaders(query)).data);
    expect(res.data.regions.edges.length).toBe(10);
    expect(res.data.regions.edges.some((r: any) => r.node.locatedHere.edges.some((e: any) => e.node.relations.edges.length > 0))).toBe(
      true,
    );
    expect(res.extensions?.cypherQueries).toBe(1);
  });

  it('node(id:) and nodes(ids:) read their nested relation fields with the entities: 1 query', async () => {
    const one = await counted(`{ node(id: "region/ningbo") { ${THREE_LEVELS} } }`);
    expect(one.errors).toBeUndefined();
    expect(one.data.node.locatedHere.edges.some((e: any) => e.node.relations.edges.some((r: any) => r.node.relations.totalCount > 0))).toBe(
      true,
    );
    expect(one.extensions?.cypherQueries).toBe(1);
    const ids = await idsOf('enterprises');
    const many = await counted(`query($ids: [ID!]!) { nodes(ids: $ids) { ${TWO_LEVELS} } }`, { ids: ['no/such-entity', ...ids, ids[0]] });
    expect(many.errors).toBeUndefined();
    expect(many.data.nodes).toHaveLength(ids.length + 2);
    expect(many.data.nodes[0]).toBeNull();
    expect(many.data.nodes.at(-1)).toEqual(many.data.nodes[1]);
    expect(
      many.data.nodes.filter((e: any) => e?.chains.edges.some((c: any) => c.node.members.totalCount > 0)).length,
    ).toBeGreaterThanOrEqual(3);
    // An unknown id costs no second query either.
    expect(many.extensions?.cypherQueries).toBe(1);
  });
});

describe('no N+1 elsewhere: the per-request DataLoaders send one query per level', () => {
  it('without the read-ahead, two levels under nodes(ids:) cost 3 queries (the entities, then one per level)', async () => {
    const ids = await idsOf('enterprises');
    const res = await viaLoaders(`query($ids: [ID!]!) { nodes(ids: $ids) { ${TWO_LEVELS} } }`, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cypherQueries).toBe(3);
  });

  it('without the read-ahead, three levels under nodes(ids:) cost 4 queries, and a root list 4 too', async () => {
    const ids = await idsOf('regions');
    const res = await viaLoaders(`query($ids: [ID!]!) { nodes(ids: $ids) { ${THREE_LEVELS} } }`, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cypherQueries).toBe(4);
    const list = await viaLoaders(`{ regions(first: 100) { edges { node { ${THREE_LEVELS} } } } }`);
    expect(list.data.regions.edges.map((e: any) => e.node)).toEqual(res.data.nodes);
    expect(list.extensions?.cypherQueries).toBe(4);
  });

  it('the read-ahead header takes "off" only; anything else leaves it on', async () => {
    const res = await app.gql(`{ regions(first: 100) { edges { node { ${THREE_LEVELS} } } } }`, undefined, {
      [QUERY_COUNT_HEADER]: '1',
      [READ_AHEAD_HEADER]: 'on',
    });
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cypherQueries).toBe(1);
  });

  it("a source document's facts and statistics reached from every enterprise's evidence cost one query each", async () => {
    const first = await app.gql(
      `{ node(id: "source/ningbo-champion-city-2025") { ... on SourceDocument { citedStatistics(first: 1) { edges { cursor } } } } }`,
    );
    const after = first.data.node.citedStatistics.edges[0].cursor;
    const res = await counted(
      `query($after: String) { enterprises(first: 100) { edges { node { id evidence { source {
        facts(first: 1) { totalCount edges { node { id } } }
        citedStatistics(first: 1) { totalCount pageInfo { hasNextPage } edges { node { id } } }
        later: citedStatistics(first: 1, after: $after) { edges { node { id } } }
      } } } } } }`,
      { after },
    );
    expect(res.errors).toBeUndefined();
    const sources = res.data.enterprises.edges.flatMap((e: any) => e.node.evidence.map((x: any) => x.source));
    // Every enterprise cites the article, most more than once: a query per source would show.
    expect(sources.length).toBeGreaterThan(8);
    for (const source of sources) {
      expect(source.facts).toEqual({
        totalCount: 211,
        edges: [{ node: { id: 'APPLIES_TO:policy/chain-party-building-mechanism->enterprise/qixi-intelligent' } }],
      });
      expect(source.citedStatistics).toEqual({
        totalCount: 61,
        pageInfo: { hasNextPage: true },
        edges: [{ node: { id: 'stat/chain-wide-sharing-cost-savings' } }],
      });
      expect(source.later).toEqual({ edges: [{ node: { id: 'stat/green-power-sharing-firms' } }] });
    }
    // The list, the evidence sources, then one batch each for facts and statistics (two pages in one).
    expect(res.extensions?.cypherQueries).toBe(4);
  });
});

describe('reading ahead gives exactly what the field resolvers give', () => {
  // Aliases, variables, fragments, filters, orders, cursors and the interface field, all at once.
  const SELECTION = `id name
    ...EnterpriseParts
    everything: relations(first: 3, orderBy: NAME_DESC) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor type direction relationId node { id kind } } }
    ... on IndustrialChain {
      firstMembers: members(first: $n) { totalCount pageInfo { hasNextPage endCursor } edges { cursor role node { id name } } }
      nextMembers: members(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id } } }
      lastMembers: members(last: 2) { pageInfo { hasPreviousPage } edges { node { id } } }
      champions: members(filter: { designation: "designation/single-champion" }) { edges { node { id ... on Enterprise { foundedYear } } } }
    }`;
  const FRAGMENT = `fragment EnterpriseParts on Enterprise {
    investors(orderBy: AMOUNT_DESC) { edges { amount { amount currency originalAmount originalUnit } evidence { paragraph quote source { name } } node { id } } }
    chains { edges { role node { id name description evidence { paragraph } } } }
  }`;

  it('for a list of every kind and under nodes(ids:), entity by entity, as through the loaders alone', async () => {
    // A cursor to page on: after the first member of the first chain by name that has members (some chains the article
    // names only as a field of use or a party body's home have none).
    const first = await app.gql(
      '{ industrialChains(first: 100) { edges { node { ... on IndustrialChain { members(first: 1) { edges { cursor } } } } } } }',
    );
    const after = first.data.industrialChains.edges.find((e: any) => e.node.members.edges.length > 0).node.members.edges[0].cursor;
    const variables = { n: 2, after };
    const list = await app.gql(
      `query($n: Int, $after: String) { entities(first: 100, filter: { kinds: [Enterprise, IndustrialChain, ResearchInstitute] }) { edges { node { ${SELECTION} } } } } ${FRAGMENT}`,
      variables,
      { [QUERY_COUNT_HEADER]: '1' },
    );
    expect(list.errors).toBeUndefined();
    // The list with every relation page in one statement, then the evidence sources in one batch.
    expect(list.extensions?.cypherQueries).toBe(2);
    const entities = list.data.entities.edges.map((e: any) => e.node);
    expect(entities.length).toBeGreaterThan(10);
    const byIdQuery = `query($ids: [ID!]!, $n: Int, $after: String) { nodes(ids: $ids) { ... on Entity { ${SELECTION} } } } ${FRAGMENT}`;
    const byIdVariables = { ...variables, ids: entities.map((e: any) => e.id) };
    const reference = await viaLoaders(byIdQuery, byIdVariables);
    expect(reference.errors).toBeUndefined();
    expect(reference.extensions?.cypherQueries).toBeGreaterThan(2);
    expect(entities).toEqual(reference.data.nodes);
    const byId = await counted(byIdQuery, byIdVariables);
    expect(byId.extensions?.cypherQueries).toBe(2);
    expect(byId.data.nodes).toEqual(reference.data.nodes);
    // The comparison means something: pages were cut, cursors followed, filters and evidence read.
    const chains = entities.filter((e: any) => e.firstMembers);
    expect(chains.some((c: any) => c.firstMembers.pageInfo.hasNextPage && c.nextMembers.pageInfo.hasPreviousPage)).toBe(true);
    expect(chains.some((c: any) => c.champions.edges.some((e: any) => e.node.foundedYear !== undefined))).toBe(true);
    expect(entities.some((e: any) => e.investors?.edges.some((i: any) => i.amount && i.evidence[0].source.name))).toBe(true);
  });

  it('one relation field under two aliases with different selections gets each its own fields', async () => {
    const query = `{ enterprises(first: 100) { edges { node { id ... on Enterprise {
      light: chains { edges { node { id } } }
      full: chains { pageInfo { endCursor } edges { cursor relationId role evidence { quote } node { id description } } }
    } } } } }`;
    const res = await app.gql(query);
    expect(res.errors).toBeUndefined();
    // The cursors and relation ids only one alias selects are there too, as the loaders give them.
    expect(res.data).toEqual((await viaLoaders(query)).data);
    expect(
      res.data.enterprises.edges.some((e: any) => e.node.full.edges.some((c: any) => c.relationId.startsWith('IN_CHAIN:') && c.cursor)),
    ).toBe(true);
    const withChains = res.data.enterprises.edges.map((e: any) => e.node).filter((e: any) => e.full.edges.length > 0);
    expect(withChains.length).toBeGreaterThanOrEqual(3);
    for (const e of withChains) {
      expect(e.light.edges.map((x: any) => x.node.id)).toEqual(e.full.edges.map((x: any) => x.node.id));
      for (const edge of e.full.edges) {
        expect(edge.evidence.length).toBeGreaterThan(0);
        expect(typeof edge.node.description).toBe('string');
      }
    }
  });

  it('past 24 relation fields a root list leaves them to the loaders: one more query, the same answers', async () => {
    const aliases = (n: number) =>
      Array.from({ length: n }, (_, i) => `r${i}: relations(first: ${1 + (i % 5)}) { totalCount edges { node { id } } }`).join('\n');
    const ask = (n: number) => counted(`{ enterprises(first: 100) { edges { node { id ${aliases(n)} } } } }`);
    const within = await ask(24);
    const beyond = await ask(25);
    expect(within.errors).toBeUndefined();
    expect(beyond.errors).toBeUndefined();
    expect(within.extensions?.cypherQueries).toBe(1);
    // The list, then all 25 fields of all enterprises in one loader batch.
    expect(beyond.extensions?.cypherQueries).toBe(2);
    const strip = (res: any, n: number) =>
      res.data.enterprises.edges.map((e: any) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${i}`, e.node[`r${i}`]])));
    expect(strip(beyond, 24)).toEqual(strip(within, 24));
    expect(beyond.data.enterprises.edges.some((e: any) => e.node.r24.totalCount > 0)).toBe(true);
  });

  it('a nested field with a bad argument fails at its own path, naming the argument', async () => {
    const res = await app.gql(
      '{ enterprises(first: 2) { edges { node { id ... on Enterprise { chains(first: 500) { totalCount } } } } } }',
    );
    expect(res.errors?.[0]).toMatchObject({
      message: 'first: must be between 0 and 100, got 500',
      path: ['enterprises', 'edges', 0, 'node', 'chains'],
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  });
});

describe('relation queries and paths read only the properties their fields need, with the same answers', () => {
  // Every stored-property field of entities and relations: the projections must lose none of them.
  const ENTITY = 'id kind name nameEn aliases description category evidence { sourceId paragraph quote } ... on Enterprise { foundedYear }';
  const RELATION =
    'id type fromId toId role title titleZh start end periodLabel count countQualifier status note amount { amount currency originalAmount originalUnit } evidence { sourceId paragraph quote }';
  const start = 'enterprise/zhaobao-magnet';

  /** The entities and relations within two hops of `start`, read whole by `neighbourhood`, by id. */
  async function wholeNeighbourhood() {
    const res = await app.gql(
      `{ neighbourhood(id: "${start}", depth: 2, limit: 2000) { truncated nodes { distance entity { ${ENTITY} } } edges { relation { ${RELATION} } } } }`,
    );
    expect(res.data.neighbourhood.truncated).toBe(false);
    return {
      twoHopsAway: res.data.neighbourhood.nodes.filter((n: any) => n.distance === 2).map((n: any) => n.entity.id) as string[],
      entities: new Map(res.data.neighbourhood.nodes.map((n: any) => [n.entity.id, n.entity])),
      relations: new Map(res.data.neighbourhood.edges.map((e: any) => [e.relation.id, e.relation])),
    };
  }

  it('findRelations: every end, path node and path relation equals the whole one', async () => {
    const types = (await app.gql('{ __type(name: "RelationType") { enumValues { name } } }')).data.__type.enumValues
      .map((v: any) => v.name)
      .join(', ');
    const step = `{ types: [${types}], direction: BOTH }`;
    const res = await app.gql(`{ findRelations(first: 100, from: { ids: ["${start}"] }, steps: [${step}, ${step}]) {
      edges { node { from { ${ENTITY} } to { ${ENTITY} } path { nodes { ${ENTITY} } relations { ${RELATION} } } } } } }`);
    const matches = res.data.findRelations.edges.map((e: any) => e.node);
    expect(matches.length).toBeGreaterThan(20);
    const whole = await wholeNeighbourhood();
    for (const match of matches) {
      for (const entity of [match.from, match.to, ...match.path.nodes]) expect(entity).toEqual(whole.entities.get(entity.id));
      for (const relation of match.path.relations) expect(relation).toEqual(whole.relations.get(relation.id));
    }
    // The comparison means something: amounts, roles and evidence were among what was compared.
    const relations = matches.flatMap((m: any) => m.path.relations);
    expect(relations.some((r: any) => r.amount !== null)).toBe(true);
    expect(relations.some((r: any) => r.role !== null)).toBe(true);
    expect(matches.some((m: any) => m.to.description !== null && m.to.evidence.length > 0)).toBe(true);
  });

  it('paths: every node and relation equals the whole one', async () => {
    const whole = await wholeNeighbourhood();
    const targets = whole.twoHopsAway.slice(0, 5);
    expect(targets).toHaveLength(5);
    const res = await app.gql(
      `{ ${targets.map((to, i) => `p${i}: paths(from: "${start}", to: "${to}", maxHops: 2, first: 5) { nodes { ${ENTITY} } relations { ${RELATION} } }`).join(' ')} }`,
    );
    const paths = Object.values(res.data as Record<string, any[]>).flat();
    expect(paths.length).toBeGreaterThanOrEqual(5);
    for (const path of paths) {
      for (const entity of path.nodes) expect(entity).toEqual(whole.entities.get(entity.id));
      for (const relation of path.relations) expect(relation).toEqual(whole.relations.get(relation.id));
    }
  });
});

describe("a relation's ends come with the statement that found it", () => {
  // Fields selected only under `from`/`to` (nameEn, description, evidence): the projection must add them.
  const ENDS =
    'from { id name nameEn description evidence { paragraph quote } } to { id name nameEn description evidence { paragraph quote } }';
  const whole = async (id: string) =>
    (
      await app.gql('query($id: ID!) { node(id: $id) { ... on Entity { id name nameEn description evidence { paragraph quote } } } }', {
        id,
      })
    ).data.node;

  it('path relations in findRelations and paths: their ends are the path nodes, either way round, at no further query', async () => {
    const res = await counted(`{
      against: paths(from: "enterprise/zhaobao-magnet", to: "institute/nimte", maxHops: 1, relationTypes: [LICENSED_PATENTS_TO]) { nodes { id } relations { id ${ENDS} } }
      matches: findRelations(first: 100, from: { kinds: [ResearchInstitute] }, steps: [{ types: [LICENSED_PATENTS_TO] }], to: { designation: "designation/single-champion" }) {
        edges { node { from { id } to { id } path { relations { id ${ENDS} } } } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    // One statement per root field; none for the ends.
    expect(res.extensions?.cypherQueries).toBe(2);
    const [against] = res.data.against;
    // The path runs enterprise → institute; the licence runs institute → enterprise.
    expect(against.nodes.map((n: any) => n.id)).toEqual(['enterprise/zhaobao-magnet', 'institute/nimte']);
    expect(against.relations[0].id).toBe('LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet');
    expect(against.relations[0].from).toEqual(await whole('institute/nimte'));
    expect(against.relations[0].to).toEqual(await whole('enterprise/zhaobao-magnet'));
    const matches = res.data.matches.edges.map((e: any) => e.node);
    expect(matches.length).toBeGreaterThan(0);
    for (const match of matches) {
      expect(match.path.relations[0].from).toEqual(await whole(match.from.id));
      expect(match.path.relations[0].to).toEqual(await whole(match.to.id));
    }
  });

  it("a source document's facts: their ends through the entity loader, one query for all of them", async () => {
    const res = await counted(`{ node(id: "source/ningbo-champion-city-2025") { ... on SourceDocument {
      facts(first: 10) { edges { node { fromId toId ${ENDS} } } }
    } } }`);
    expect(res.errors).toBeUndefined();
    const facts = res.data.node.facts.edges.map((e: any) => e.node);
    expect(facts).toHaveLength(10);
    for (const fact of facts) {
      expect(fact.from).toEqual(await whole(fact.fromId));
      expect(fact.to).toEqual(await whole(fact.toId));
    }
    // The document, its facts, then every end in one batch.
    expect(res.extensions?.cypherQueries).toBe(3);
  });

  it("neighbourhood edges: their relations' ends are the returned nodes, at no further query", async () => {
    const res = await counted(
      `{ neighbourhood(id: "institute/nimte", depth: 1) { nodes { id } edges { source target relation { ${ENDS} } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cypherQueries).toBe(1);
    const edges = res.data.neighbourhood.edges;
    expect(edges.length).toBeGreaterThan(1);
    for (const edge of edges) {
      expect([edge.relation.from.id, edge.relation.to.id]).toEqual([edge.source, edge.target]);
      expect(edge.relation.from).toEqual(await whole(edge.source));
      expect(edge.relation.to).toEqual(await whole(edge.target));
    }
  });
});

describe("every kind's root list", () => {
  it('lists exactly the entities of its kind, by name, as `entities` filtered to that kind does', async () => {
    const kinds = Object.entries(ENTITY_KINDS);
    const PAGE = 'totalCount edges { node { id kind name } }';
    for (const [kind, spec] of kinds) {
      const res = await app.gql(
        `{ ${spec.listField}(first: 100) { ${PAGE} } byKind: entities(first: 100, filter: { kinds: [${kind}] }) { ${PAGE} } }`,
      );
      expect(res.errors, spec.listField).toBeUndefined();
      const list = res.data[spec.listField];
      // The seed holds every kind, party organisations and events included (its second pass over the article).
      expect(list.totalCount, spec.listField).toBeGreaterThan(0);
      expect(list.edges.length, spec.listField).toBe(Math.min(list.totalCount, 100));
      expect(new Set(list.edges.map((e: any) => e.node.kind)), spec.listField).toEqual(new Set(list.totalCount > 0 ? [kind] : []));
      expect(
        list.edges.every((e: any) => e.node.id.startsWith(`${spec.idPrefix}/`)),
        spec.listField,
      ).toBe(true);
      const names = list.edges.map((e: any) => e.node.name);
      expect(names, spec.listField).toEqual([...names].sort());
      expect(list, spec.listField).toEqual(res.data.byKind);
    }
  });
});

describe('global object identification', () => {
  it('node and nodes refetch by id, in order, with null for unknown ids', async () => {
    const res = await app.gql(`{
      node(id: "fund/ruxin-zhaobao-fund") { id ... on Fund { name kind } }
      nodes(ids: ["region/ningbo", "enterprise/nope", "person/chen-wei"]) { id ... on Entity { name } }
      unknown: node(id: "not an id at all") { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      node: { id: 'fund/ruxin-zhaobao-fund', name: '宁波汝鑫招宝基金', kind: 'Fund' },
      nodes: [{ id: 'region/ningbo', name: '宁波' }, null, { id: 'person/chen-wei', name: '陈威' }],
      unknown: null,
    });
  });

  it('refuses more than 100 ids, naming the argument', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `region/r${i}`);
    const res = await app.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(res.errors?.[0]).toMatchObject({
      message: 'ids: at most 100 ids, got 101',
      extensions: { code: 'BAD_USER_INPUT', argument: 'ids' },
    });
  });
});

describe('for frontends: persisted queries and cache hints', () => {
  const query = '{ enterprises(first: 1) { totalCount } }';
  const hash = createHash('sha256').update(query).digest('hex');
  const getUrl = () =>
    `${app.server.url}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }))}`;

  it('registers a query by hash and then serves it by hash alone over cacheable GET', async () => {
    const unknown = await fetch(getUrl(), { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await unknown.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await app.gql(query, undefined, {});
    expect(registered.data).toEqual({ enterprises: { totalCount: 8 } });
    const register = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(register.status).toBe(200);
    const byHash = await fetch(getUrl(), { headers: { 'apollo-require-preflight': 'true' } });
    expect(await byHash.json()).toEqual({ data: { enterprises: { totalCount: 8 } } });
    expect(byHash.headers.get('cache-control')).toBe('max-age=600, public');
  });

  it('sets Cache-Control from per-field hints: search 60 s, health never', async () => {
    expect((await app.gql('{ search(text: "招宝") { score } }')).headers.get('cache-control')).toBe('max-age=60, public');
    expect((await app.gql('{ health { edition } }')).headers.get('cache-control')).toBe('no-store');
    expect((await app.gql('{ health { edition } search(text: "招宝") { score } }')).headers.get('cache-control')).toBe('no-store');
  });

  it('works the policy out from the whole operation: fragments, @skip and @include with variables, nested types', async () => {
    const header = async (query: string, variables?: Record<string, unknown>) =>
      (await app.gql(query, variables)).headers.get('cache-control');
    // A hint in a named fragment counts like one written in place, alias or not.
    expect(await header('query { ...S } fragment S on Query { hits: search(text: "招宝") { score } }')).toBe('max-age=60, public');
    // A skipped field does not count; an included one does.
    const maybeHealth =
      'query ($skip: Boolean!, $include: Boolean!) { enterprises(first: 1) { totalCount } health @skip(if: $skip) { edition } again: health @include(if: $include) { edition } }';
    expect(await header(maybeHealth, { skip: true, include: false })).toBe('max-age=600, public');
    expect(await header(maybeHealth, { skip: false, include: false })).toBe('no-store');
    expect(await header(maybeHealth, { skip: true, include: true })).toBe('no-store');
    // Types with longer hints (source documents: a day) do not lengthen an answer past its root field's.
    expect(
      await header(
        '{ node(id: "source/ningbo-champion-city-2025") { ... on SourceDocument { date citedStatistics(first: 1) { edges { node { value } } } } } }',
      ),
    ).toBe('max-age=600, public');
    // Nothing but meta fields: nothing says how long the answer keeps.
    expect(await header('{ __typename }')).toBe('no-store');
    // An answer with errors is never cached.
    expect(await header('{ enterprises(first: 1000) { totalCount } }')).toBe('no-store');
  });
});

describe('limits on what one request may ask', () => {
  it('answers malformed JSON with a short 400, no stack trace', async () => {
    const res = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).not.toMatch(/at .*\.js:\d+/);
    expect(JSON.parse(body)).toEqual({ error: expect.stringContaining('JSON') });
  });
});

describe('arguments are checked before any Cypher runs', () => {
  it('refuses a cursor taken from a list in another order', async () => {
    const first = await app.gql('{ node(id: "region/ningbo") { ... on Region { locatedHere(first: 1) { pageInfo { endCursor } } } } }');
    const cursor = first.data.node.locatedHere.pageInfo.endCursor;
    const res = await app.gql(
      'query($c: String) { node(id: "region/ningbo") { ... on Region { locatedHere(first: 1, after: $c, orderBy: COUNT_DESC) { totalCount } } } }',
      { c: cursor },
    );
    expect(res.errors?.[0]).toMatchObject({
      message: 'after: is a cursor of another list, or of this list in another order: use a cursor this list returned',
      extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
    });
  });

  it('refuses blank and overlong text filters, naming them', async () => {
    const blank = await app.gql('{ statistics(measureContains: "  ") { totalCount } }');
    expect(blank.errors?.[0]).toMatchObject({ message: 'measureContains: must not be blank', extensions: { code: 'BAD_USER_INPUT' } });
    const long = await app.gql('query($t: String) { enterprises(filter: { nameContains: $t }) { totalCount } }', { t: '招'.repeat(201) });
    expect(long.errors?.[0]).toMatchObject({
      message: 'filter.nameContains: must be at most 200 characters, got 201',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('variables as the GraphQL spec has them', () => {
  it('a non-null variable with a default may be left out, and takes its default', async () => {
    const query =
      'query($first: Int! = 2, $kinds: [EntityKind!]! = [Enterprise]) { entities(first: $first, filter: { kinds: $kinds }) { edges { node { kind } } } }';
    const defaulted = await app.gql(query);
    expect(defaulted.errors).toBeUndefined();
    expect(defaulted.data.entities.edges).toEqual([{ node: { kind: 'Enterprise' } }, { node: { kind: 'Enterprise' } }]);
    const given = await app.gql(query, { first: 1, kinds: ['Fund'] });
    expect(given.data.entities.edges).toEqual([{ node: { kind: 'Fund' } }]);
  });

  it('a variable of the wrong type is BAD_USER_INPUT naming it, and nothing runs', async () => {
    const res = await counted('query($kinds: [EntityKind!]) { entities(filter: { kinds: $kinds }) { totalCount } }', {
      kinds: ['Company'],
    });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.extensions?.cypherQueries ?? 0).toBe(0);
    expect(res.errors).toEqual([
      {
        message: 'Variable "$kinds" got invalid value "Company" at "kinds[0]"; Value "Company" does not exist in "EntityKind" enum.',
        locations: [{ line: 1, column: 7 }],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });
});

describe('relation queries stay bounded', () => {
  const ALL = '[LOCATED_IN, PART_OF, IN_CHAIN, RUNS, HOLDS_POSITION, HOLDS_DESIGNATION, AUTHORED, MEASURES]';
  const WIDE = `from: {}, steps: [{ types: ${ALL}, direction: BOTH }, { types: ${ALL}, direction: BOTH }, { types: ${ALL}, direction: BOTH }]`;
  // 25 matches around 招宝磁业: four pages of 7, and one unpaged page of 100.
  const TYPES =
    '[HOLDS_DESIGNATION, INVESTED_IN, LICENSED_PATENTS_TO, SUBSIDIARY_OF, INITIATED, HOLDS_POSITION, LOCATED_IN, IN_CHAIN, PART_OF]';
  const NEAR = `from: { ids: ["enterprise/zhaobao-magnet"] }, steps: [{ types: ${TYPES}, direction: BOTH }, { types: ${TYPES}, direction: BOTH }]`;
  const MATCH = 'cursor node { from { id } to { id } path { relations { id } } }';
  const keyOf = (e: any) => [e.node.from.id, e.node.to.id, ...e.node.path.relations.map((r: any) => r.id)].join(' ');
  const page = async (args: string) => {
    const res = await app.gql(
      `{ findRelations(${NEAR}, ${args}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { ${MATCH} } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data.findRelations;
  };

  it('pages through a query of more than 5000 matches: the first page, and a count that stops at its limit and says so', async () => {
    const res = await counted(`{
      first: findRelations(${WIDE}, first: 3) { totalCount totalCountCapped pageInfo { hasNextPage } edges { node { from { id } } } }
      capped: findRelations(${WIDE}, first: 1, totalCountLimit: 100) { totalCount totalCountCapped }
      exact: findRelations(${WIDE}, first: 1, totalCountLimit: 10000) { totalCount totalCountCapped }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.first.edges).toHaveLength(3);
    expect(res.data.first.pageInfo.hasNextPage).toBe(true);
    expect(res.data.first.totalCount).toBeGreaterThan(5000);
    expect(res.data.first.totalCountCapped).toBe(false);
    expect(res.data.capped).toEqual({ totalCount: 100, totalCountCapped: true });
    expect(res.data.exact.totalCount).toBe(res.data.first.totalCount);
    // Three pages and three counts (one count per connection, however many of its count fields are selected).
    expect(res.extensions?.cypherQueries).toBe(6);
  });

  it('no count is run unless selected', async () => {
    const res = await counted(`{ findRelations(${WIDE}, first: 2) { edges { node { from { id } } } } }`);
    expect(res.extensions?.cypherQueries).toBe(1);
  });

  it('pages of 7, forwards and backwards, are the unpaged answer: same order, no duplicates, no gaps', async () => {
    const whole = await page('first: 100');
    expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const expected = whole.edges.map(keyOf);
    expect(expected.length).toBeGreaterThan(20);
    expect(new Set(expected).size).toBe(expected.length);

    const forwards: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const p: any = await page(`first: 7${after ? `, after: "${after}"` : ''}`);
      forwards.push(...p.edges.map(keyOf));
      expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!p.pageInfo.hasNextPage) break;
      expect(p.edges).toHaveLength(7);
      after = p.pageInfo.endCursor;
    }
    expect(forwards).toEqual(expected);

    const backwards: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 20; i++) {
      const p: any = await page(`last: 7${before ? `, before: "${before}"` : ''}`);
      backwards.unshift(...p.edges.map(keyOf));
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(backwards).toEqual(expected);

    // A window between two cursors: exactly the matches strictly between them.
    const [a, b] = [whole.edges[3].cursor, whole.edges[9].cursor];
    const between = await page(`first: 100, after: "${a}", before: "${b}"`);
    expect(between.edges.map(keyOf)).toEqual(expected.slice(4, 9));
    expect(between.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('a cursor of another list, or a bad count limit, is BAD_USER_INPUT naming the argument', async () => {
    const foreign = (await app.gql('{ enterprises(first: 1) { pageInfo { endCursor } } }')).data.enterprises.pageInfo.endCursor;
    const res = await app.gql(`{ findRelations(${NEAR}, after: "${foreign}") { edges { cursor } } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    for (const limit of [0, 10001]) {
      const bad = await app.gql(`{ findRelations(${NEAR}, totalCountLimit: ${limit}) { totalCount } }`);
      expect(bad.errors?.[0]).toMatchObject({
        message: `totalCountLimit: must be between 1 and 10000, got ${limit}`,
        extensions: { code: 'BAD_USER_INPUT', argument: 'totalCountLimit' },
      });
    }
  });
});

describe('statement texts depend on the query shape, not on its values', () => {
  it('pages of varied sizes, filters and parents send one text per shape', async () => {
    const texts = new Set<string>();
    const db = app.connection.db;
    const begin = db.beginRead.bind(db);
    db.beginRead = () => {
      const transaction = begin();
      return { run: (query) => (texts.add(query.cypher), transaction.run(query)), close: transaction.close };
    };
    const nested =
      'query($n: Int) { enterprises(first: $n) { edges { node { id name ... on Enterprise { chains(first: $n) { totalCount edges { node { id } } } } } } } }';
    const filtered = 'query($n: Int, $d: ID) { enterprises(first: $n, filter: { designation: $d }) { edges { node { id } } } }';
    try {
      for (const [n, d] of [
        [1, 'designation/single-champion'],
        [3, 'designation/little-giant'],
        [20, 'designation/single-champion'],
        [100, 'designation/little-giant'],
      ] as const) {
        expect((await counted(nested, { n })).errors).toBeUndefined();
        expect((await viaLoaders(nested, { n })).errors).toBeUndefined();
        expect((await app.gql(filtered, { n, d })).errors).toBeUndefined();
      }
    } finally {
      db.beginRead = begin;
    }
    // The list reading ahead; the list alone and the loaders' batch; the filtered list.
    expect(texts.size).toBeLessThanOrEqual(4);
  });
});

describe('graph walks stay bounded around hubs', () => {
  const relationCount = async (id: string) =>
    (await app.gql(`{ node(id: "${id}") { ... on Entity { relations(first: 1) { totalCount } } } }`)).data.node.relations.totalCount;
  const touching = (edges: any[], id: string) => edges.filter((e) => e.source === id || e.target === id).length;

  it("neighbourhood(perNodeLimit: 3) at the seed's busiest entity: three neighbours, and where and by how much it was cut", async () => {
    const res = await app.gql(
      '{ neighbourhood(id: "region/ningbo", perNodeLimit: 3) { truncated truncatedAt { id relations shown } nodes { id distance } edges { source target } } }',
    );
    expect(res.errors).toBeUndefined();
    const n = res.data.neighbourhood;
    expect(n.truncated).toBe(true);
    expect(n.truncatedAt).toEqual([{ id: 'region/ningbo', relations: 55, shown: 3 }]);
    expect(await relationCount('region/ningbo')).toBe(55);
    expect(n.nodes).toHaveLength(4);
    expect(n.edges.every((e: any) => e.source === 'region/ningbo' || e.target === 'region/ningbo')).toBe(true);
  });

  it('neighbourhood(depth: 2, perNodeLimit: 3): each cut entity with its whole relation count and the edges shown', async () => {
    const res = await app.gql(
      '{ neighbourhood(id: "enterprise/zhaobao-magnet", depth: 2, perNodeLimit: 3) { truncated truncatedAt { id relations shown } nodes { id distance } edges { source target } } }',
    );
    expect(res.errors).toBeUndefined();
    const n = res.data.neighbourhood;
    expect(n.truncated).toBe(true);
    expect(n.nodes.filter((x: any) => x.distance === 1)).toHaveLength(3);
    expect(n.nodes.length).toBeLessThanOrEqual(1 + 3 + 9);
    expect(n.truncatedAt[0]).toMatchObject({ id: 'enterprise/zhaobao-magnet', relations: 20 });
    for (const t of n.truncatedAt) {
      expect(t.relations).toBe(await relationCount(t.id));
      expect(t.shown).toBe(touching(n.edges, t.id));
      expect(t.shown).toBeLessThan(t.relations);
    }
  });

  it('below the default perNodeLimit nothing is cut, and a bad perNodeLimit or hubLimit is BAD_USER_INPUT naming it', async () => {
    const res = await app.gql('{ neighbourhood(id: "region/ningbo") { truncated truncatedAt { id } nodes { id } } }');
    expect(res.data.neighbourhood).toMatchObject({ truncated: false, truncatedAt: [] });
    // 55 relations, some of them parallel (two types to one entity): 47 neighbours and the centre.
    expect(res.data.neighbourhood.nodes).toHaveLength(48);
    for (const [query, argument] of [
      ['{ neighbourhood(id: "region/ningbo", perNodeLimit: 0) { truncated } }', 'perNodeLimit'],
      ['{ neighbourhood(id: "region/ningbo", perNodeLimit: 1001) { truncated } }', 'perNodeLimit'],
      ['{ paths(from: "institute/nimte", to: "region/ningbo", hubLimit: 0) { length } }', 'hubLimit'],
    ]) {
      const bad = await app.gql(query!);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('paths do not pass through an entity of more than hubLimit relations; its ends may be one', async () => {
    const q = (hubLimit: number) =>
      // Fewest hops first: the shortest path runs through 宁波, the seed's busiest entity (the informative ranking avoids it anyway).
      `{ paths(from: "institute/nimte", to: "org/zhenhai-state-assets", hubLimit: ${hubLimit}, rankBy: SHORTEST) { nodes { id } } }`;
    const all = (await app.gql(q(1000))).data.paths.map((p: any) => p.nodes.map((x: any) => x.id));
    expect(all.some((ids: string[]) => ids.includes('region/ningbo'))).toBe(true);
    const avoiding = (await app.gql(q(51))).data.paths.map((p: any) => p.nodes.map((x: any) => x.id));
    expect(avoiding.length).toBeGreaterThan(0);
    expect(avoiding.some((ids: string[]) => ids.includes('region/ningbo'))).toBe(false);
    const toHub = (await app.gql('{ paths(from: "institute/nimte", to: "region/ningbo", hubLimit: 1, maxHops: 1) { nodes { id } } }')).data
      .paths;
    expect(toHub.map((p: any) => p.nodes.map((x: any) => x.id))).toEqual([['institute/nimte', 'region/ningbo']]);
  });
});
