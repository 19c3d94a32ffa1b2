import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { graphSource } from '../../src/export/scope.js';
import { ExportGate } from '../../src/http/export.js';
import { graphmlNodeId } from '../../src/export/formats/graphml.js';
import { readCsv, readGexf, readGraphml } from '../support/export-files.js';
import { startTestServer } from '../support/server.js';

/**
 * The export end to end on the seed: GET/POST /export and `npm run export`, each file read back
 * by a real parser and compared, id by id and value by value, with what Neo4j holds (read here
 * with plain Cypher, a second way to the same answer).
 */
const ZHAOBAO = 'enterprise/zhaobao-magnet';
const FUND = 'fund/ruxin-zhaobao-fund';
const INVESTED = `INVESTED_IN:${FUND}->${ZHAOBAO}`;
const CHAIN = 'chain/new-materials';

let app: Awaited<ReturnType<typeof startTestServer>>;
const gate = new ExportGate(2);

beforeAll(async () => {
  app = await startTestServer({}, undefined, { exportGate: gate });
});
afterAll(async () => {
  await app?.stop();
});

async function cypher<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await app.connection.db.read({ cypher: query, params });
  return result.records.map((r) => r.toObject() as T);
}
const ids = async (query: string, params: Record<string, unknown> = {}) =>
  (await cypher<{ id: string }>(query, params)).map((r) => r.id).sort();

async function get(query: string) {
  const res = await fetch(`${app.server.url}/export?${query}`);
  // ignoreBOM: keep the CSV files' byte-order mark, which res.text() would drop.
  return { res, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}

/** A subgraph's expected statistics: those measuring a member, with their MEASURES relations. */
async function withStatistics(members: string[], relations: string[]) {
  const stats = await cypher<{ s: string; r: string }>(
    'UNWIND $ids AS id MATCH (s:Statistic)-[r:MEASURES]->(:Entity {id: id}) RETURN s.id AS s, r.id AS r',
    { ids: members },
  );
  return {
    nodes: [...new Set([...members, ...stats.map((x) => x.s)])].sort(),
    edges: [...new Set([...relations, ...stats.map((x) => x.r)])].sort(),
  };
}

/** The relations among a set of entities. */
const induced = (members: string[]) =>
  ids('MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id IN $ids AND b.id IN $ids RETURN r.id AS id', { ids: members });

describe('GET /export', () => {
  it('GraphML of a neighbourhood: its entities, its relations and their statistics, with every property and the evidence', async () => {
    const { res, text } = await get(`format=graphml&neighbourhood=${ZHAOBAO}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="chainkb-neighbourhood-enterprise-zhaobao-magnet.graphml"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const graph = readGraphml(text);

    const n = await app.gql('query($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 500) { nodes { id } edges { id } } }', {
      id: ZHAOBAO,
    });
    const expected = await withStatistics(
      n.data.neighbourhood.nodes.map((x: { id: string }) => x.id),
      n.data.neighbourhood.edges.map((x: { id: string }) => x.id),
    );
    expect([...graph.nodes.keys()].sort()).toEqual(expected.nodes.map(graphmlNodeId).sort());
    expect([...graph.edges.keys()].sort()).toEqual(expected.edges);
    expect(expected.nodes.some((id) => id.startsWith('stat/'))).toBe(true);

    const [zb] = await cypher<Record<string, unknown>>('MATCH (n:Enterprise {id: $id}) RETURN n {.*} AS n', { id: ZHAOBAO }).then((r) =>
      r.map((x) => x.n as Record<string, unknown>),
    );
    const evidence = (zb!.evidenceSources as string[]).map((source, i) => ({
      source,
      paragraph: (zb!.evidenceParagraphs as number[])[i],
      quote: (zb!.evidenceQuotes as string[])[i],
    }));
    expect(graph.nodes.get(graphmlNodeId(ZHAOBAO))).toEqual({
      kind: 'Enterprise',
      name: zb!.name,
      nameEn: zb!.nameEn,
      aliases: JSON.stringify(zb!.aliases),
      description: zb!.description,
      category: zb!.category,
      ...(zb!.foundedYear !== undefined ? { foundedYear: String(zb!.foundedYear) } : {}),
      evidence: JSON.stringify(evidence),
    });
    const [rel] = await cypher<{ r: Record<string, unknown> }>('MATCH ()-[r:INVESTED_IN {id: $id}]->() RETURN r {.*} AS r', {
      id: INVESTED,
    });
    const invested = graph.edges.get(INVESTED)!;
    expect(invested).toMatchObject({
      source: graphmlNodeId(FUND),
      target: graphmlNodeId(ZHAOBAO),
      type: 'INVESTED_IN',
      amount: String(rel!.r.amount),
      currency: 'CNY',
    });
    expect(JSON.parse(invested.evidence!)).toEqual(
      (rel!.r.evidenceSources as string[]).map((source, i) => ({
        source,
        paragraph: (rel!.r.evidenceParagraphs as number[])[i],
        quote: (rel!.r.evidenceQuotes as string[])[i],
      })),
    );
  });

  it('GEXF of the whole graph: every entity and every relation', async () => {
    const { res, text } = await get('format=gexf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gexf+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="chainkb-graph.gexf"');
    const graph = readGexf(text);
    expect([...graph.nodes.keys()].sort()).toEqual(await ids('MATCH (n:Entity) RETURN n.id AS id'));
    expect([...graph.edges.keys()].sort()).toEqual(await ids('MATCH ()-[r]->() RETURN r.id AS id'));
    const stat = [...graph.nodes.values()].find((x) => x.kind === 'Statistic')!;
    expect(stat).toMatchObject({ measure: expect.any(String), value: expect.any(String), subjectId: expect.any(String) });
  });

  it('CSV of a chain, nodes and edges in two requests, read back by csv-parse', async () => {
    const members = await ids('MATCH (m:Entity)-[:IN_CHAIN|LEADS_CHAIN]->(:IndustrialChain {id: $id}) RETURN DISTINCT m.id AS id', {
      id: CHAIN,
    });
    const expected = await withStatistics([CHAIN, ...members], []);
    const nodes = await get(`format=csv&part=nodes&chain=${CHAIN}`);
    expect(nodes.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(nodes.res.headers.get('content-disposition')).toBe('attachment; filename="chainkb-chain-chain-new-materials-nodes.csv"');
    expect(readCsv(nodes.text).map((r) => r.id)).toEqual(expected.nodes);
    const edges = readCsv((await get(`format=csv&part=edges&chain=${CHAIN}`)).text);
    expect(edges.map((r) => r.id).sort()).toEqual(await induced(expected.nodes));
    expect(edges.every((r) => expected.nodes.includes(r.source!) && expected.nodes.includes(r.target!))).toBe(true);
  });

  it('JSON of a search: its hits, their statistics and the relations among them', async () => {
    const { res, text } = await get(`format=json&search=${encodeURIComponent('招宝')}&first=5`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const doc = JSON.parse(text);
    const hits = await app.gql('{ search(text: "招宝", first: 5) { entity { id } } }');
    const expected = await withStatistics(
      hits.data.search.map((h: { entity: { id: string } }) => h.entity.id),
      [],
    );
    expect(doc.nodes.map((x: { id: string }) => x.id)).toEqual(expected.nodes);
    expect(doc.edges.map((x: { id: string }) => x.id).sort()).toEqual(await induced(expected.nodes));
    expect(doc).toMatchObject({
      format: 'chainkb-graph',
      version: 1,
      description: 'the search "招宝" (first 5) and the relations among its hits',
    });
  });

  it('findRelations matches: the entities and relations of every path', async () => {
    const query = {
      from: { kinds: ['ResearchInstitute'] },
      steps: [{ types: ['LICENSED_PATENTS_TO'] }],
      to: { designation: 'designation/single-champion' },
    };
    const { res, text } = await get(`format=json&relations=${encodeURIComponent(JSON.stringify(query))}`);
    expect(res.status).toBe(200);
    const doc = JSON.parse(text);
    const answer = await app.gql(
      `{ findRelations(from: {kinds: [ResearchInstitute]}, steps: [{types: [LICENSED_PATENTS_TO]}], to: {designation: "designation/single-champion"}, first: 100) {
        edges { node { path { nodes { id } relations { id } } } } } }`,
    );
    const paths = answer.data.findRelations.edges.map((e: any) => e.node.path);
    expect(paths.length).toBeGreaterThan(0);
    const expected = await withStatistics(
      paths.flatMap((p: any) => p.nodes.map((x: any) => x.id)),
      paths.flatMap((p: any) => p.relations.map((x: any) => x.id)),
    );
    expect(doc.nodes.map((x: { id: string }) => x.id)).toEqual(expected.nodes);
    expect(doc.edges.map((x: { id: string }) => x.id).sort()).toEqual(expected.edges);
  });
});

describe('POST /export (the explorer: the entities and relations on screen)', () => {
  it('exports exactly the listed entities and relations, with their statistics', async () => {
    const res = await fetch(`${app.server.url}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'graphml', ids: [ZHAOBAO, FUND, 'enterprise/no-such-firm'], relationIds: [INVESTED] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="chainkb-view.graphml"');
    const graph = readGraphml(await res.text());
    const expected = await withStatistics([ZHAOBAO, FUND], [INVESTED]);
    expect([...graph.nodes.keys()].sort()).toEqual(expected.nodes.map(graphmlNodeId).sort());
    expect([...graph.edges.keys()].sort()).toEqual(expected.edges);
  });
});

describe('bad requests', () => {
  const cases: [string, number, string][] = [
    ['', 400, 'format'],
    ['format=xml', 400, 'format'],
    ['format=csv', 400, 'part'],
    ['format=gexf&part=nodes', 400, 'part'],
    ['format=gexf&depth=2', 400, 'depth'],
    [`format=gexf&neighbourhood=${ZHAOBAO}&depth=9`, 400, 'depth'],
    [`format=gexf&neighbourhood=${ZHAOBAO}&search=x`, 400, 'search'],
    ['format=gexf&neighbourhood=not-an-id', 400, 'neighbourhood'],
    ['format=gexf&neighbourhood=enterprise/no-such-firm', 404, 'neighbourhood'],
    ['format=gexf&chain=region/ningbo', 400, 'chain'],
    ['format=gexf&chain=chain/no-such-chain', 404, 'chain'],
    ['format=gexf&search=%20', 400, 'search'],
    ['format=gexf&relations={', 400, 'relations'],
    [`format=gexf&relations=${encodeURIComponent('{"from":{},"steps":[{"types":["OWNS"]}]}')}`, 400, 'relations.steps.0.types.0'],
    [
      `format=gexf&relations=${encodeURIComponent('{"from":{"designation":"region/ningbo"},"steps":[{"types":["IN_CHAIN"]}]}')}`,
      400,
      'relations.from.designation',
    ],
    ['format=gexf&format=json', 400, 'format'],
    ['format=gexf&colour=red', 400, 'colour'],
  ];
  it.each(cases)('%s → %i naming %s', async (query, status, parameter) => {
    const { res, text } = await get(query);
    expect(res.status).toBe(status);
    const body = JSON.parse(text);
    expect(body.parameter).toBe(parameter);
    expect(body.error).toMatch(new RegExp(`^${parameter.replace(/\./g, '\\.')}: `));
  });

  it('a third export while two run gets 429 with Retry-After', async () => {
    expect(gate.tryEnter() && gate.tryEnter()).toBe(true);
    try {
      const { res, text } = await get('format=gexf');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(JSON.parse(text).error).toMatch(/2 exports are running/);
    } finally {
      gate.leave();
      gate.leave();
    }
    expect((await get(`format=json&neighbourhood=${FUND}`)).res.status).toBe(200);
  });
});

describe('streaming', () => {
  it('reads the whole graph in keyset pages: entities by id, relations by type and id, none twice', async () => {
    const source = await graphSource(app.connection.db, { kind: 'graph' }, { rows: 7, members: 3 });
    const nodePages: string[][] = [];
    for await (const page of source.nodes()) nodePages.push(page.map((x) => x.id));
    const all = await ids('MATCH (n:Entity) RETURN n.id AS id');
    expect(nodePages.every((p) => p.length <= 7)).toBe(true);
    expect(nodePages.length).toBe(Math.ceil(all.length / 7));
    expect(nodePages.flat()).toEqual(all);
    const edgePages: string[][] = [];
    for await (const page of source.edges()) edgePages.push(page.map((x) => x.id));
    expect(edgePages.every((p) => p.length <= 7)).toBe(true);
    expect(edgePages.flat().sort()).toEqual(await ids('MATCH ()-[r]->() RETURN r.id AS id'));
    expect(await source.count()).toEqual({ nodes: all.length, edges: edgePages.flat().length });
  });

  it('reads a subgraph in pages of its member ids', async () => {
    const source = await graphSource(app.connection.db, { kind: 'chain', id: CHAIN }, { rows: 5, members: 3 });
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of source.nodes()) {
      pages.push(page.length);
      seen.push(...page.map((x) => x.id));
    }
    expect(pages.every((n) => n <= 5)).toBe(true);
    expect(seen).toEqual([...seen].sort());
    const edges: string[] = [];
    for await (const page of source.edges()) edges.push(...page.map((x) => x.id));
    expect(edges.sort()).toEqual(await induced(seen));
    expect(await source.count()).toEqual({ nodes: seen.length, edges: edges.length });
  });
});

describe('npm run export', () => {
  const CLI = path.resolve(import.meta.dirname, '../../dist/src/export/cli.js');
  async function run(args: string[]) {
    const auth = inject('neo4jAuth');
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NEO4J_URI: inject('neo4jUri'),
        NEO4J_USERNAME: auth.username,
        NEO4J_PASSWORD: auth.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    readline.createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    return { code, stderr };
  }

  it('writes a chain as nodes.csv and edges.csv, with a progress line and a summary on stderr', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-export-'));
    try {
      const { code, stderr } = await run(['--format', 'csv', '--chain', CHAIN, '--out', dir]);
      expect(stderr.join('\n')).toMatch(/export .* rows \(100\.0%\) [\d,]+ rows\/s ETA/);
      expect(code).toBe(0);
      const nodes = readCsv(await readFile(path.join(dir, 'nodes.csv'), 'utf8'));
      const edges = readCsv(await readFile(path.join(dir, 'edges.csv'), 'utf8'));
      expect(nodes.map((r) => r.id)).toContain(CHAIN);
      expect(edges.map((r) => r.id).sort()).toEqual(await induced(nodes.map((r) => r.id!)));
      expect(stderr.at(-1)).toMatch(
        new RegExp(`^export: the industrial chain ${CHAIN}.*: ${nodes.length} nodes and ${edges.length} edges to `),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a bad option: exit 2, the parameter named, nothing written', async () => {
    const { code, stderr } = await run(['--format', 'gexf', '--depth', '2']);
    expect(code).toBe(2);
    expect(stderr[0]).toBe('export: depth: only goes with neighbourhood');
  });
});
