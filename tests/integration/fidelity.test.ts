import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { Database } from '../../src/neo4j/database.js';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { applySchema } from '../../src/neo4j/schema.js';
import { seedDatabase } from '../../src/seed/run.js';
import { testDatabase } from '../global-setup.js';
import { tempSeedDir } from '../support/seed-dir.js';
import { gql, type GraphQLResponse } from '../support/server.js';

/**
 * The fidelity model through the API: claim statuses and their filters, who asserts a claim, dates
 * on relations and events, an entity's timeline, party organisations. On a Neo4j of its own,
 * seeded with tests/fixtures/fidelity-seed.yaml (real quotes of the source), so the project's
 * seed can change without these answers changing, and the shared database is not written.
 */
let neo4j: EmbeddedNeo4j | undefined;
let db: Database;
let app: App;
let dataDir: string;
let seed: { dir: string; remove: () => Promise<void> };
const q = async (query: string): Promise<any> => {
  const res: GraphQLResponse = await gql(app.server.url, query);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-fidelity-neo4j-'));
  neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir, log: createLogger('silent') });
  const auth = { username: neo4j.username, password: neo4j.password };
  db = testDatabase(neo4j.uri, createLogger('warn'), auth);
  await applySchema(db);
  seed = await tempSeedDir({
    '50-fidelity.yaml': await readFile(path.join(import.meta.dirname, '../fixtures/fidelity-seed.yaml'), 'utf8'),
  });
  await seedDatabase(db, createLogger('silent'), seed.dir);
  const config = loadConfig({
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: auth.username,
    NEO4J_PASSWORD: auth.password,
    SEED_ON_START: 'false',
    NEO4J_QUERY_TIMEOUT_MS: '60000',
    WARM_UP: 'false',
  });
  app = await startApp({ ...config, port: 0 }, createLogger('silent'));
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await db?.close();
  await neo4j?.stop();
  await seed?.remove();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('claim statuses', () => {
  it('Relation.status is ACTUAL unless the seed says otherwise; the pipeline is UNDER_CONSTRUCTION until its end (年底 2025)', async () => {
    const data = await q(`{
      valley: node(id: "place/zhaobao-hydrogen-valley") { ... on Place { connectedBy { edges { node { id } role status start end periodLabel } } } }
      firm: node(id: "enterprise/zhaobao-magnet") { ... on Enterprise { patentSourcesUsed { edges { node { id } count status } } } }
    }`);
    expect(data.valley.connectedBy.edges).toEqual([
      {
        node: { id: 'place/zhenhai-hydrogen-pipeline' },
        role: 'to',
        status: 'UNDER_CONSTRUCTION',
        start: null,
        end: '2025',
        periodLabel: '年底',
      },
    ]);
    expect(data.firm.patentSourcesUsed.edges).toEqual([{ node: { id: 'patents/nimte-free-patent-list' }, count: 20, status: 'ACTUAL' }]);
  });

  it('Entity.relations(status:) keeps only relations of those statuses, and counts them', async () => {
    const data = await q(`{
      node(id: "place/zhaobao-hydrogen-valley") { ... on Entity {
        building: relations(status: [UNDER_CONSTRUCTION, PLANNED]) { totalCount edges { relationId status } }
        actual: relations(status: [ACTUAL]) { totalCount edges { relationId } }
      } }
      firm: node(id: "enterprise/zhaobao-magnet") { ... on Entity { actual: relations(status: [ACTUAL], first: 10) { totalCount edges { type } } } }
    }`);
    expect(data.node.building).toEqual({
      totalCount: 1,
      edges: [{ relationId: 'CONNECTS:place/zhenhai-hydrogen-pipeline->place/zhaobao-hydrogen-valley#to', status: 'UNDER_CONSTRUCTION' }],
    });
    expect(data.node.actual).toEqual({ totalCount: 0, edges: [] });
    // The firm's relations are all actual: its party branch, its crisis, its patents and its two statistics.
    expect(data.firm.actual.totalCount).toBe(5);
  });

  it('findRelations steps filter by status', async () => {
    const query = (status: string) => `{
      findRelations(from: {kinds: [Place]}, steps: [{types: [CONNECTS], status: [${status}]}]) { totalCount edges { node { from { id } to { id } } } }
    }`;
    expect((await q(query('UNDER_CONSTRUCTION'))).findRelations).toEqual({
      totalCount: 1,
      edges: [{ node: { from: { id: 'place/zhenhai-hydrogen-pipeline' }, to: { id: 'place/zhaobao-hydrogen-valley' } } }],
    });
    expect((await q(query('ACTUAL, FORECAST'))).findRelations).toEqual({ totalCount: 0, edges: [] });
  });

  it('Statistic.status: the new base\u2019s sales are a FORECAST (预计), the extra revenue ACTUAL', async () => {
    const data = await q(`{ statisticsList(first: 10) { edges { node { id ... on Statistic { status value } } } } }`);
    expect(data.statisticsList.edges.map((e: any) => [e.node.id, e.node.status, e.node.value])).toEqual([
      ['stat/zhaobao-extra-revenue', 'ACTUAL', 80_000_000],
      ['stat/zhaobao-base-sales-forecast', 'FORECAST', 2_000_000_000],
    ]);
  });

  it('refuses an empty status list, naming the argument', async () => {
    const res = await gql(
      app.server.url,
      '{ node(id: "place/zhaobao-hydrogen-valley") { ... on Entity { relations(status: []) { totalCount } } } }',
    );
    expect(res.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.argument])).toEqual([
      ['status: must name at least one status, or be left out for every status', 'BAD_USER_INPUT', 'status'],
    ]);
  });
});

describe('who asserts a claim', () => {
  it('Evidence.assertedBy is the quoted executive for his own words, null where the claim is the article\u2019s', async () => {
    const data = await q(`{
      node(id: "enterprise/zhaobao-magnet") { ... on Enterprise {
        patentSourcesUsed { edges { evidence { paragraph quote assertedBy { id name kind } } } }
        partyOrganisations { edges { evidence { paragraph assertedBy { id } } } }
      } }
      stat: node(id: "stat/zhaobao-extra-revenue") { ... on Entity { evidence { quote assertedBy { id name } } } }
    }`);
    expect(data.node.patentSourcesUsed.edges[0].evidence).toEqual([
      {
        paragraph: 34,
        quote: '我们公司一口气从清单中勾选出20项',
        assertedBy: { id: 'person/lin-jianqiang', name: '林建强', kind: 'Person' },
      },
    ]);
    expect(data.node.partyOrganisations.edges[0].evidence).toEqual([{ paragraph: 28, assertedBy: null }]);
    expect(data.stat.evidence).toEqual([{ quote: '每年增收超8000万元', assertedBy: { id: 'person/lin-jianqiang', name: '林建强' } }]);
  });
});

describe('party organisations', () => {
  it('a party branch BELONGS_TO its firm since 2011, and its secretary holds the position there', async () => {
    const data = await q(`{
      node(id: "party/zhaobao-magnet-branch") { ... on PartyOrganisation { kind category
        belongsTo { edges { node { id name } start } }
        people { edges { node { id } title titleZh } }
      } }
      firm: node(id: "enterprise/zhaobao-magnet") { ... on Enterprise { partyOrganisations { edges { node { id name } } } } }
      partyOrganisations { edges { node { id } } }
    }`);
    expect(data.node).toEqual({
      kind: 'PartyOrganisation',
      category: 'branch',
      belongsTo: { edges: [{ node: { id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司' }, start: '2011' }] },
      people: { edges: [{ node: { id: 'person/chen-wei' }, title: 'Party branch secretary', titleZh: '党支部书记' }] },
    });
    expect(data.firm.partyOrganisations.edges).toEqual([{ node: { id: 'party/zhaobao-magnet-branch', name: '招宝磁业党支部' } }]);
    expect(data.partyOrganisations.edges).toEqual([{ node: { id: 'party/zhaobao-magnet-branch' } }]);
  });
});

describe('events and timelines', () => {
  it('an event has its dates and its participants with their roles', async () => {
    const data = await q(`{ events { edges { node { id start end participants { edges { node { id } role } } } } } }`);
    expect(data.events.edges).toEqual([
      {
        node: {
          id: 'event/zhaobao-crisis-2020',
          start: '2020',
          end: null,
          participants: {
            edges: [
              { node: { id: 'policy/new-materials-party-building-mechanism' }, role: 'responder' },
              { node: { id: 'enterprise/zhaobao-magnet' }, role: 'firm in crisis' },
            ],
          },
        },
      },
    ]);
  });

  it('a firm\u2019s timeline: its party branch (2011), then its crisis (2020, the event\u2019s date), one page at a time', async () => {
    const first = await q(`{ node(id: "enterprise/zhaobao-magnet") { ... on Entity {
      timeline(first: 1) { capped pageInfo { hasNextPage endCursor } edges { start end direction node { id type from { id } to { id } } } }
    } } }`);
    const page1 = first.node.timeline;
    expect(page1.capped).toBe(false);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges).toEqual([
      {
        start: '2011',
        end: null,
        direction: 'IN',
        node: {
          id: 'BELONGS_TO:party/zhaobao-magnet-branch->enterprise/zhaobao-magnet',
          type: 'BELONGS_TO',
          from: { id: 'party/zhaobao-magnet-branch' },
          to: { id: 'enterprise/zhaobao-magnet' },
        },
      },
    ]);
    const second = await q(`{ node(id: "enterprise/zhaobao-magnet") { ... on Entity {
      timeline(first: 5, after: "${page1.pageInfo.endCursor}") { pageInfo { hasNextPage } edges { start direction node { id to { id ... on Event { start } } } } }
    } } }`);
    expect(second.node.timeline).toEqual({
      pageInfo: { hasNextPage: false },
      edges: [
        {
          start: '2020',
          direction: 'OUT',
          node: {
            id: 'PARTICIPATED_IN:enterprise/zhaobao-magnet->event/zhaobao-crisis-2020#firm in crisis',
            to: { id: 'event/zhaobao-crisis-2020', start: '2020' },
          },
        },
      ],
    });
  });

  it('an event\u2019s timeline holds its participations at its own date; many timelines in one statement', async () => {
    const res = await gql(
      app.server.url,
      `{ entities(first: 20) { edges { node { id timeline { edges { start node { id } } } } } } }`,
      undefined,
      { 'x-chainkb-query-count': '1' },
    );
    const timelines = Object.fromEntries(
      (res.data as any).entities.edges.map((e: any) => [e.node.id, e.node.timeline.edges.map((t: any) => `${t.start} ${t.node.id}`)]),
    );
    expect(timelines['event/zhaobao-crisis-2020']).toEqual([
      '2020 PARTICIPATED_IN:enterprise/zhaobao-magnet->event/zhaobao-crisis-2020#firm in crisis',
      '2020 PARTICIPATED_IN:policy/new-materials-party-building-mechanism->event/zhaobao-crisis-2020#responder',
    ]);
    expect(timelines['place/zhaobao-hydrogen-valley']).toEqual([]);
    // The list, then every timeline of its page in one statement.
    expect(res.extensions?.cypherQueries).toBe(2);
  });

  it('refuses a page over 100 and a foreign cursor, naming the argument', async () => {
    const res = await gql(
      app.server.url,
      '{ node(id: "enterprise/zhaobao-magnet") { ... on Entity { timeline(first: 101) { capped } } } }',
    );
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'first']]);
  });
});
