import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { QUERY_COUNT_HEADER } from '../../src/http/request-scope-plugin.js';
import { startTestServer } from '../support/server.js';

/**
 * Statistics everywhere a researcher looks: the root `statistics` filter (measure, period, unit,
 * status, a region's reach) and `Entity.statistics`, on the seeded Neo4j, asserting the exact
 * statistics each question finds and the exact errors of bad input.
 */
let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(() => app?.stop());

/** The ids of a root `statistics(<args>)` answer, in order (all of them: at most 100 match any filter here). */
async function ids(args: string): Promise<string[]> {
  const res = await app.gql(`{ statistics(${args}, first: 100) { totalCount edges { node { id } } } }`);
  expect(res.errors).toBeUndefined();
  const found = res.data.statistics.edges.map((e: any) => e.node.id);
  expect(res.data.statistics.totalCount).toBe(found.length);
  return found;
}

const errorOf = async (query: string, variables?: Record<string, unknown>) => {
  const res = await app.gql(query, variables);
  expect(res.data?.statistics ?? null).toBeNull();
  return res.errors?.[0];
};

/** The seed's statistics as written in seed/60-statistics.yaml (the status a statistic states, if any). */
const SEED_STATISTICS: { id: string; status?: string }[] = parse(readFileSync('seed/60-statistics.yaml', 'utf8')).statistics;

describe('the root statistics filter', () => {
  it('measure, exactly, in English or in Chinese', async () => {
    expect(await ids('measure: "fund size"')).toEqual(['stat/ruxin-fund-size']);
    expect(await ids('measure: "基金规模"')).toEqual(['stat/ruxin-fund-size']);
    // Exact means exact: a part of the measure is not it.
    expect(await ids('measure: "fund"')).toEqual([]);
  });

  it('measureContains: a case-insensitive substring of either measure', async () => {
    expect(await ids('measureContains: "NEV EXPORTS"')).toEqual([
      'stat/ningbo-nev-exports-2025-jan-oct',
      'stat/ningbo-nev-exports-growth-2025-jan-oct',
    ]);
    expect(await ids('measureContains: "利润"')).toEqual(['stat/ningbo-industrial-profit-growth-2025q1q3']);
  });

  it('period: the years a statistic’s period overlaps; a period with one end is that point', async () => {
    // 2020–2024 growth overlaps 2021; the 2020 and 2024 levels do not.
    expect(await ids('period: {from: 2021, to: 2023}')).toEqual(
      [
        'stat/ningbo-industrial-communities',
        'stat/ningbo-industrial-type-communities',
        'stat/ningbo-market-communities',
        'stat/ningbo-office-building-communities',
        'stat/lingfeng-park-output-growth-2020-2024',
      ].sort(),
    );
    expect(await ids('period: {to: 2011}')).toEqual(
      [
        'stat/ningbo-industrial-communities',
        'stat/ningbo-industrial-type-communities',
        'stat/ningbo-market-communities',
        'stat/ningbo-office-building-communities',
      ].sort(),
    );
    // "as of 2025" and "as of October 2025" have only an end: they are points in 2025, not open back to any year.
    expect(await ids('period: {from: 2025, to: 2025}, unit: "patent"')).toEqual([
      'stat/naida-invention-patents',
      'stat/nimte-free-patents',
    ]);
    expect(await ids('period: {to: 2024}, unit: "patent"')).toEqual([]);
    // The fund's size "at establishment (year not stated)" has no years: no period finds it.
    expect(await ids('period: {from: 2020, to: 2020}, unit: "yuan"')).toEqual(['stat/lingfeng-park-output-2020']);
  });

  it('unit, exactly, with the other conditions', async () => {
    expect(await ids('unit: "patent"')).toEqual(['stat/naida-invention-patents', 'stat/nimte-free-patents']);
    expect(await ids('unit: "yuan", subjectEntity: {id: "place/lingfeng-park"}')).toEqual([
      'stat/lingfeng-park-output-2020',
      'stat/lingfeng-park-output-2024',
    ]);
    expect(await ids('unit: "percent", measureContains: "nev"')).toEqual(['stat/ningbo-nev-exports-growth-2025-jan-oct']);
  });

  it('status: a statistic that states none is ACTUAL', async () => {
    const stated = (status: string) =>
      SEED_STATISTICS.filter((s) => (s.status ?? 'actual') === status)
        .map((s) => s.id)
        .sort();
    const all = SEED_STATISTICS.map((s) => s.id).sort();
    const [actual, target, forecast] = [stated('actual'), stated('target'), stated('forecast')];
    expect((await ids('status: [ACTUAL], subject: "region/ningbo"')).length).toBeGreaterThan(0);
    const [allActual] = await Promise.all([paged('status: [ACTUAL]')]);
    expect(allActual).toEqual(actual);
    expect(await ids('status: [TARGET]')).toEqual(target);
    expect(await ids('status: [TARGET, FORECAST]')).toEqual([...target, ...forecast].sort());
    expect([...(await paged('status: [ACTUAL, TARGET, FORECAST, PLANNED, UNDER_CONSTRUCTION]'))]).toEqual(all);
  });

  it("a region's reach: the region, its parts, what is located there, and the programmes that apply there", async () => {
    // 镇海: what is located there and measured (坤华, the hydrogen valley; 镇海炼化, the hydrogen
    // pipeline and the state-assets company have no statistics); nothing measures 镇海 itself, and no
    // programme applies to it or to a place in it (the petrochemical zone is placed in 宁波 only).
    expect(await ids('region: {id: "region/zhenhai"}')).toEqual([
      'stat/kunhua-vehicles-in-operation',
      'stat/zhaobao-hydrogen-valley-firms',
    ]);
    // 宁波: the region itself (the flagship chains) and the mechanism that COVERS it; the pipeline
    // network through the zone it is located in (LOCATED_IN twice).
    expect(await ids('region: {id: "region/ningbo"}, unit: "chain"')).toEqual([
      'stat/ningbo-chains-with-mechanism',
      'stat/ningbo-flagship-chains',
    ]);
    expect(await ids('region: {id: "region/ningbo"}, unit: "km"')).toEqual(['stat/petrochemical-pipeline-length']);
    // 北仑 reaches 恒河 and 灵峰's park through its street 大碶 (PART_OF, then LOCATED_IN).
    expect(await ids('region: {id: "region/beilun"}, unit: "enterprise"')).toEqual([
      'stat/henghe-firms',
      'stat/lingfeng-park-firms',
      'stat/lingfeng-park-little-giants',
      'stat/lingfeng-park-little-giants-baseline',
    ]);
    expect(await ids('region: {id: "region/haishu"}')).toEqual([]);
  });
});

describe('statistics(subjectEntity:) by id or name', () => {
  it('names the subject as paths and neighbourhood do', async () => {
    const byName = await ids('subjectEntity: {name: "鄞州联芯楼宇社区"}');
    expect(byName).toEqual(['stat/lianxin-buildings', 'stat/lianxin-firms', 'stat/lianxin-white-collar-workers']);
    expect(await ids('subjectEntity: {id: "community/yinzhou-lianxin"}')).toEqual(byName);
    // The deprecated id argument answers the same.
    expect(await ids('subject: "community/yinzhou-lianxin"')).toEqual(byName);
  });

  it('a region by name', async () => {
    expect(await ids('region: {name: "镇海区"}, unit: "vehicle"')).toEqual(['stat/kunhua-vehicles-in-operation']);
  });
});

describe('Entity.statistics', () => {
  const STATS = 'statistics(first: 2) { totalCount edges { cursor node { id measure value unit } } pageInfo { hasNextPage } }';

  it("an entity's statistics as Statistic nodes, paged by id, counted", async () => {
    const res = await app.gql(`{ node(id: "community/yinzhou-lianxin") { ... on Entity { name ${STATS} } } }`);
    expect(res.errors).toBeUndefined();
    const { statistics } = res.data.node;
    expect(statistics.totalCount).toBe(3);
    expect(statistics.pageInfo.hasNextPage).toBe(true);
    expect(statistics.edges.map((e: any) => e.node)).toEqual([
      { id: 'stat/lianxin-buildings', measure: expect.any(String), value: expect.any(Number), unit: 'building' },
      { id: 'stat/lianxin-firms', measure: "enterprises served in the community's buildings", value: 2000, unit: 'enterprise' },
    ]);
    const next = await app.gql(
      `query($after: String) { node(id: "community/yinzhou-lianxin") { ... on Entity { statistics(after: $after) { edges { node { id } } pageInfo { hasNextPage } } } } }`,
      {
        after: statistics.edges[1].cursor,
      },
    );
    expect(next.data.node.statistics).toEqual({
      edges: [{ node: { id: 'stat/lianxin-white-collar-workers' } }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('on every search hit, whatever its kind, in one batch per level', async () => {
    const res = await app.gql(`{ search(text: "灵峰", first: 10) { entity { id ${STATS} } } }`, undefined, { [QUERY_COUNT_HEADER]: '1' });
    expect(res.errors).toBeUndefined();
    const byId = Object.fromEntries(res.data.search.map((h: any) => [h.entity.id, h.entity.statistics]));
    expect(byId['community/lingfeng'].totalCount).toBe(1);
    expect(byId['community/lingfeng'].edges.map((e: any) => e.node.id)).toEqual(['stat/lingfeng-requests-resolved-2025']);
    expect(byId['place/lingfeng-park'].totalCount).toBe(7);
    expect(byId['place/lingfeng-park'].edges.map((e: any) => e.node.id)).toEqual([
      'stat/lingfeng-park-firms',
      'stat/lingfeng-park-little-giants',
    ]);
    // The search, then one statement for the statistics of every hit.
    expect(res.extensions?.cypherQueries).toBe(2);
  });

  it('an entity nothing measures has none; a statistic measures nothing', async () => {
    const res = await app.gql(
      `{ a: node(id: "region/haishu") { ... on Entity { ${STATS} } } b: node(id: "stat/ruxin-fund-size") { ... on Entity { ${STATS} } } }`,
    );
    expect(res.errors).toBeUndefined();
    for (const alias of ['a', 'b'])
      expect(res.data[alias].statistics).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
  });
});

describe('paging and cursors', () => {
  it('pages through a filter with keyset cursors, forwards and backwards, in id order', async () => {
    const all = await ids('unit: "yuan"');
    expect(all).toHaveLength(12);
    expect([...all].sort()).toEqual(all);
    expect(await paged('unit: "yuan"')).toEqual(all);
    const last = await app.gql('{ statistics(unit: "yuan", last: 3) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }');
    expect(last.data.statistics.edges.map((e: any) => e.node.id)).toEqual(all.slice(-3));
    const before = await app.gql('query($c: String) { statistics(unit: "yuan", last: 2, before: $c) { edges { node { id } } } }', {
      c: last.data.statistics.pageInfo.startCursor,
    });
    expect(before.data.statistics.edges.map((e: any) => e.node.id)).toEqual(all.slice(-5, -3));
  });

  it('counts only up to totalCountLimit, and says so', async () => {
    const res = await app.gql('{ statistics(unit: "yuan", totalCountLimit: 5, first: 1) { totalCount totalCountCapped } }');
    expect(res.data.statistics).toEqual({ totalCount: 5, totalCountCapped: true });
    const all = await app.gql('{ statistics(unit: "yuan", first: 1) { totalCount totalCountCapped } }');
    expect(all.data.statistics).toEqual({ totalCount: 12, totalCountCapped: false });
  });

  it("refuses a cursor from another list: Entity.statistics' in the root list, and the other way", async () => {
    const entity = await app.gql('{ node(id: "region/ningbo") { ... on Entity { statistics(first: 1) { edges { cursor } } } } }');
    const root = await app.gql('{ statistics(first: 1) { edges { cursor } } }');
    const message = 'after: is a cursor of another list, or of this list in another order: use a cursor this list returned';
    expect(
      await errorOf('query($c: String) { statistics(after: $c) { totalCount } }', { c: entity.data.node.statistics.edges[0].cursor }),
    ).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
    });
    const res = await app.gql(
      'query($c: String) { node(id: "region/ningbo") { ... on Entity { statistics(after: $c) { totalCount } } } }',
      {
        c: root.data.statistics.edges[0].cursor,
      },
    );
    expect(res.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
  });
});

describe('bad input: BAD_USER_INPUT naming the argument, before any statistic is read', () => {
  const cases: [string, string, string][] = [
    ['period: {}', 'period', 'period: give from, to or both'],
    ['period: {from: 2026, to: 2025}', 'period', 'period: from (2026) is after to (2025)'],
    ['period: {from: 1899}', 'period.from', 'period.from: must be between 1900 and 2100, got 1899'],
    ['status: []', 'status', 'status: must name at least one status'],
    ['unit: " "', 'unit', 'unit: must not be blank'],
    ['measure: ""', 'measure', 'measure: must not be blank'],
    [
      'region: {id: "enterprise/zhaobao-magnet"}',
      'region.id',
      'region.id: must be a Region id (region/...), got "enterprise/zhaobao-magnet"',
    ],
    ['region: {name: "镇海区", kind: Place}', 'region.kind', 'region.kind: must be Region or left out, got Place'],
    [
      'region: {name: "没有这个地方"}',
      'region.name',
      'region.name: no Region entity has the name, English name or alias "没有这个地方"; search(text:) finds names that contain it',
    ],
    [
      'subject: "region/ningbo", subjectEntity: {id: "region/ningbo"}',
      'subjectEntity',
      'subjectEntity: give subjectEntity or the deprecated subject, not both',
    ],
    ['totalCountLimit: 0', 'totalCountLimit', 'totalCountLimit: must be between 1 and 10000, got 0'],
  ];
  it.each(cases)('%s', async (args, argument, message) => {
    expect(await errorOf(`{ statistics(${args}) { totalCount } }`)).toMatchObject({
      message,
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
  });

  it('an unknown status is the enum’s own validation error', async () => {
    const res = await app.gql('{ statistics(status: [GUESS]) { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

/** Every id a filter matches, page by page (the seed has 61 statistics, more than one page of 50). */
async function paged(args: string): Promise<string[]> {
  const found: string[] = [];
  let after: string | null = null;
  do {
    const res: any = await app.gql(
      `query($after: String) { statistics(${args}, first: 50, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    expect(res.errors).toBeUndefined();
    found.push(...res.data.statistics.edges.map((e: any) => e.node.id));
    after = res.data.statistics.pageInfo.hasNextPage ? res.data.statistics.pageInfo.endCursor : null;
  } while (after);
  return found;
}
