/**
 * findRelations reads its page either by walking the start kind's name index or from the few
 * candidates an end's filter names (ids, a designation's holders): see `MatchPlan` in
 * src/queries/graph-paths.ts. Whichever it takes, the pages are the same: each query below is
 * paged forwards, backwards and between two cursors over the real server, and every page is
 * checked against the whole answer written by hand in Cypher (the seed's facts, in the documented
 * order: start name, end name, relation ids). PROFILE shows which plan read the rows.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/neo4j/database.js';
import { findRelationsStatement, type RelationQuery, type RelationStepValue } from '../../src/queries/graph-paths.js';
import { testDatabase } from '../global-setup.js';
import { QUERY_COUNT_HEADER } from '../../src/http/request-scope-plugin.js';
import { startTestServer } from '../support/server.js';

let app: Awaited<ReturnType<typeof startTestServer>>;
let db: Database;
beforeAll(async () => {
  app = await startTestServer();
  db = testDatabase(inject('neo4jUri'));
});
afterAll(async () => {
  await db?.close();
  await app?.stop();
});

/** A match as the tests compare them: start id, end id, then the path's relation ids. */
type Key = string;
const MATCH = 'cursor node { from { id } to { id } path { relations { id } } }';
const keyOf = (e: any): Key => [e.node.from.id, e.node.to.id, ...e.node.path.relations.map((r: any) => r.id)].join(' ');

/** The whole answer, by hand: paths `p` from `s` to `e`, in findRelations' documented order. */
async function expected(pattern: string, where = 'true', params: Record<string, unknown> = {}): Promise<Key[]> {
  const result = await db.read({
    cypher: `MATCH p = ${pattern} WHERE ${where}
      RETURN s.id + ' ' + e.id + reduce(k = '', r IN relationships(p) | k + ' ' + r.id) AS key
      ORDER BY s.name, e.name, reduce(k = '', r IN relationships(p) | k + r.id + ';') + s.id`,
    params,
  });
  return result.records.map((r) => r.get('key') as string);
}

async function page(args: string, extra: string) {
  const res = await app.gql(
    `{ findRelations(${args}, ${extra}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { ${MATCH} } } }`,
  );
  expect(res.errors).toBeUndefined();
  return res.data.findRelations;
}

/** Pages of 4 forwards and backwards, and the window between two cursors, against `whole`. */
async function expectPagesOf(args: string, whole: Key[]) {
  const forwards: Key[] = [];
  let after: string | null = null;
  for (let i = 0; i <= whole.length; i++) {
    const p: any = await page(args, `first: 4${after ? `, after: "${after}"` : ''}`);
    forwards.push(...p.edges.map(keyOf));
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(p.pageInfo.hasNextPage).toBe(forwards.length < whole.length);
    if (!p.pageInfo.hasNextPage) break;
    expect(p.edges).toHaveLength(4);
    after = p.pageInfo.endCursor;
  }
  expect(forwards).toEqual(whole);

  const backwards: Key[] = [];
  let before: string | null = null;
  for (let i = 0; i <= whole.length; i++) {
    const p: any = await page(args, `last: 4${before ? `, before: "${before}"` : ''}`);
    backwards.unshift(...p.edges.map(keyOf));
    expect(p.pageInfo.hasNextPage).toBe(before !== null);
    expect(p.pageInfo.hasPreviousPage).toBe(backwards.length < whole.length);
    if (!p.pageInfo.hasPreviousPage) break;
    before = p.pageInfo.startCursor;
  }
  expect(backwards).toEqual(whole);

  const all = await page(args, 'first: 100');
  const between = await page(args, `first: 100, after: "${all.edges[1].cursor}", before: "${all.edges[6].cursor}"`);
  expect(between.edges.map(keyOf)).toEqual(whole.slice(2, 6));
  expect(between.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
}

/** The operators of the statement's PROFILE for a first page of 4, flattened. */
async function profiled(query: RelationQuery): Promise<{ operator: string; rows: number; details: string }[]> {
  const { cypher, params } = findRelationsStatement(
    query,
    { limit: 4, backwards: false, after: null, before: null },
    { entity: [], relation: [] },
  );
  const result = await db.read({ cypher: `PROFILE ${cypher}`, params });
  const out: { operator: string; rows: number; details: string }[] = [];
  const walk = (p: any) => {
    out.push({ operator: p.operatorType.replace(/@.*/, ''), rows: Number(p.rows), details: String(p.arguments?.Details ?? '') });
    p.children.forEach(walk);
  };
  walk(result.summary.profile);
  return out;
}

/** How many entries of the start label's name index the walk read: none when another plan was chosen. */
async function walked(query: RelationQuery): Promise<number> {
  const seek = (await profiled(query)).filter((o) => /^NodeIndex(Scan|SeekByRange)$/.test(o.operator) && o.details.includes('(name)'));
  expect(seek).toHaveLength(1);
  return seek[0]!.rows;
}

describe('findRelations reads the same pages by whichever plan it takes', () => {
  const IN_CHAIN = 'steps: [{ types: [IN_CHAIN] }]';

  it('the walk (no end names candidates): every entity by name from the index, each with the chains it is in', async () => {
    const whole = await expected('(s:Entity)-[:IN_CHAIN]->(e:Entity)');
    expect(whole.length).toBeGreaterThan(8);
    await expectPagesOf(`from: {}, ${IN_CHAIN}`, whole);
    expect(await walked({ from: {}, steps: [{ types: ['IN_CHAIN'], direction: 'OUT' }], to: null })).toBeGreaterThan(0);
  });

  it('from the end: every chain by id, the same pages', async () => {
    const chains = (await db.read({ cypher: 'MATCH (c:IndustrialChain) RETURN c.id AS id ORDER BY id' })).records.map((r) => r.get('id'));
    const whole = await expected('(s:Entity)-[:IN_CHAIN]->(e:Entity)');
    await expectPagesOf(`from: {}, ${IN_CHAIN}, to: { ids: ${JSON.stringify(chains)} }`, whole);
    expect(await walked({ from: {}, steps: [{ types: ['IN_CHAIN'], direction: 'OUT' }], to: { ids: chains } })).toBe(0);
  });

  it("from the start: a chain's members, two hops to the other members of their chains", async () => {
    const whole = await expected(
      '(s:Entity)-[:IN_CHAIN]->(:Entity)<-[:IN_CHAIN]-(e:Entity)',
      'EXISTS { (s)-[:IN_CHAIN|LEADS_CHAIN]->(:IndustrialChain {id: $chain}) }',
      { chain: 'chain/hydrogen' },
    );
    expect(whole.length).toBeGreaterThan(8);
    await expectPagesOf('from: { chain: "chain/hydrogen" }, steps: [{ types: [IN_CHAIN] }, { types: [IN_CHAIN], direction: IN }]', whole);
    const steps: RelationStepValue[] = [
      { types: ['IN_CHAIN'], direction: 'OUT' },
      { types: ['IN_CHAIN'], direction: 'IN' },
    ];
    expect(await walked({ from: { chain: 'chain/hydrogen' }, steps, to: null })).toBe(0);
  });

  it('a few candidates at an end: that plan reads the rows, and the walk seeks nothing', async () => {
    const query: RelationQuery = {
      from: { kinds: ['ResearchInstitute'] },
      steps: [{ types: ['LICENSED_PATENTS_TO'], direction: 'OUT' }],
      to: { designation: 'designation/single-champion' },
    };
    expect(await walked(query)).toBe(0);
    const operators = await profiled(query);
    const holders = operators.find((o) => o.operator === 'Expand(All)' && o.details.includes(':HOLDS_DESIGNATION]-(n1)'));
    expect(holders?.rows).toBeGreaterThan(0);
    // Its answer: the seed's one licence to a single champion.
    expect(
      await page(
        'from: { kinds: [ResearchInstitute] }, steps: [{ types: [LICENSED_PATENTS_TO] }], to: { designation: "designation/single-champion" }',
        'first: 10',
      ),
    ).toMatchObject({
      edges: [{ node: { from: { id: 'institute/nimte' }, to: { id: 'enterprise/zhaobao-magnet' } } }],
    });
  });

  it("the evidence's sources are read with the page: one statement", async () => {
    const res = await app.gql(
      `{ findRelations(from: { kinds: [ResearchInstitute] }, steps: [{ types: [LICENSED_PATENTS_TO] }], to: { designation: "designation/single-champion" }) {
        edges { node { path { relations { evidence { paragraph source { id name } } } } } } } }`,
      undefined,
      { [QUERY_COUNT_HEADER]: '1' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cypherQueries).toBe(1);
    const stored = (
      await db.read({
        cypher: `MATCH (:ResearchInstitute)-[r:LICENSED_PATENTS_TO]->(e) WHERE EXISTS { (e)-[:HOLDS_DESIGNATION]->(:Designation {id: 'designation/single-champion'}) }
          UNWIND range(0, size(r.evidenceSources) - 1) AS i MATCH (s:SourceDocument {id: r.evidenceSources[i]})
          RETURN r.evidenceParagraphs[i] AS paragraph, s.id AS id, s.name AS name`,
      })
    ).records.map((r) => ({ paragraph: Number(r.get('paragraph')), source: { id: r.get('id'), name: r.get('name') } }));
    expect(stored.length).toBeGreaterThan(0);
    expect(res.data.findRelations.edges[0].node.path.relations[0].evidence).toEqual(stored);
  });
});
