/**
 * Issue 16's research ergonomics on the seed, each question as a new user would write it (by name,
 * in one request): relation queries over a range of hops and any type, paths ranked by what they
 * say, and a nesting limit that lets natural questions through while the cost limit refuses work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COST } from '../../src/graphql/cost.js';
import { MAX_DEPTH } from '../../src/graphql/limits.js';
import { expectBadInput, expectEvidence, ok } from '../support/research.js';
import { startTestServer } from '../support/server.js';

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(() => app?.stop());

type Match = {
  node: { to: { id: string }; path: { length: number; summary: string; nodes: { id: string }[]; relations: { id: string }[] } };
};
const relationIds = (edges: Match[]) => edges.map((e) => e.node.path.relations.map((r) => r.id).join(' | '));

const COOP_PARTY = 'COOPERATES_WITH:enterprise/zhaobao-magnet->institute/nimte#joint party-building';
const LICENCE = 'LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet';
// The joint lab both built (DEVELOPED), and the 2020 rescue NIMTE took part in (paragraphs 30–34).
const LAB = 'DEVELOPED:institute/nimte->place/zhaobao-joint-lab';
const LAB_ZHAOBAO = 'DEVELOPED:enterprise/zhaobao-magnet->place/zhaobao-joint-lab';
const LAB_FROM_RESCUE = 'RESULTED_IN:event/zhaobao-magnet-rescue->place/zhaobao-joint-lab';
const NIMTE_IN_RESCUE = 'PARTICIPATED_IN:institute/nimte->event/zhaobao-magnet-rescue#research partner';
const RESCUED = 'PARTICIPATED_IN:enterprise/zhaobao-magnet->event/zhaobao-magnet-rescue#rescued firm';
const FUND_IN_RESCUE = 'PARTICIPATED_IN:fund/ruxin-zhaobao-fund->event/zhaobao-magnet-rescue#investor';
const FUND_FROM_RESCUE = 'RESULTED_IN:event/zhaobao-magnet-rescue->fund/ruxin-zhaobao-fund';
const HAIJIANG_IN_RESCUE = 'PARTICIPATED_IN:enterprise/haijiang->event/zhaobao-magnet-rescue#fund co-initiator';
const HAIJIANG_FUND = 'INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator';
const MEETING_IN_RESCUE =
  'PARTICIPATED_IN:party/new-materials-chain-party-building-joint-meeting->event/zhaobao-magnet-rescue#drew up the relief plan';
const MECHANISM_IN_RESCUE = 'PARTICIPATED_IN:policy/new-materials-chain-party-building-mechanism->event/zhaobao-magnet-rescue#coordinator';
const CRISIS =
  'RESULTED_IN:event/zhaobao-magnet-crisis-2020->event/zhaobao-magnet-rescue | PARTICIPATED_IN:enterprise/zhaobao-magnet->event/zhaobao-magnet-crisis-2020#firm in crisis';
const INVESTED = 'INVESTED_IN:fund/ruxin-zhaobao-fund->enterprise/zhaobao-magnet';
const MEETING_SUPPORTED = 'SUPPORTED:party/new-materials-chain-party-building-joint-meeting->enterprise/zhaobao-magnet';
const MECHANISM_SUPPORTED = 'SUPPORTED:policy/new-materials-chain-party-building-mechanism->enterprise/zhaobao-magnet';
const MEETING_RUNS =
  'RUNS:party/new-materials-chain-party-building-joint-meeting->policy/new-materials-chain-party-building-mechanism#joint meeting';
const MEETING_CHAIN = 'BELONGS_TO:party/new-materials-chain-party-building-joint-meeting->chain/new-materials';
const MECHANISM_CHAIN = 'COVERS:policy/new-materials-chain-party-building-mechanism->chain/new-materials';
const IN_CHAIN = 'IN_CHAIN:enterprise/zhaobao-magnet->chain/new-materials#core enterprise';
const LEADER = 'LEADS_CHAIN:enterprise/jiangfeng-electronics->chain/new-materials';
const VIA_CHAIN = `${IN_CHAIN} | ${LEADER}`;
const VIA_MEETING = `${MEETING_SUPPORTED} | ${MEETING_CHAIN} | ${LEADER}`;
const VIA_MECHANISM = `${MECHANISM_SUPPORTED} | ${MECHANISM_CHAIN} | ${LEADER}`;

describe('relation queries over a range of hops', () => {
  it('what does 中科院宁波材料所 reach in the new-materials chain within 1–4 hops, places skipped? 招宝磁业 (21 paths) and 江丰电子 (10), through the cooperation, the licence, the joint lab and the 2020 rescue', async () => {
    const data = ok(
      await app.gql(`{
        findRelations(
          fromEntity: {name: "中科院宁波材料所"}
          steps: [{minHops: 1, maxHops: 4, direction: BOTH, excludeTypes: [LOCATED_IN, PART_OF]}]
          to: {chain: "chain/new-materials"}
          first: 40
        ) { totalCount edges { node { to { id } path { length summary nodes { id } relations { id } } } } }
      }`),
    );
    expect(data.findRelations.totalCount).toBe(31);
    // Ordered by the names at both ends (宁波招宝磁业… before 江丰电子), then by the relation ids.
    expect(data.findRelations.edges.map((e: Match) => [e.node.to.id, e.node.path.length])).toEqual([
      ...[1, 2, 3, 4, 4, 4, 4, 4, 1, 4, 2, 3, 4, 4, 3, 4, 4, 3, 3, 3, 3].map((n) => ['enterprise/zhaobao-magnet', n]),
      ...[3, 4, 4, 4, 3, 4, 4, 4, 4, 4].map((n) => ['enterprise/jiangfeng-electronics', n]),
    ]);
    // No path passes an entity twice: the licence and the cooperation never join NIMTE and 招宝磁业
    // back and forth, and nothing goes round the rescue and back.
    for (const e of data.findRelations.edges as Match[]) {
      const ids = e.node.path.nodes.map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(relationIds(data.findRelations.edges)).toEqual([
      COOP_PARTY,
      `${LAB} | ${LAB_ZHAOBAO}`,
      `${LAB} | ${LAB_FROM_RESCUE} | ${RESCUED}`,
      `${LAB} | ${LAB_FROM_RESCUE} | ${FUND_IN_RESCUE} | ${INVESTED}`,
      `${LAB} | ${LAB_FROM_RESCUE} | ${MEETING_IN_RESCUE} | ${MEETING_SUPPORTED}`,
      `${LAB} | ${LAB_FROM_RESCUE} | ${MECHANISM_IN_RESCUE} | ${MECHANISM_SUPPORTED}`,
      `${LAB} | ${LAB_FROM_RESCUE} | ${CRISIS}`,
      `${LAB} | ${LAB_FROM_RESCUE} | ${FUND_FROM_RESCUE} | ${INVESTED}`,
      LICENCE,
      `${NIMTE_IN_RESCUE} | ${HAIJIANG_IN_RESCUE} | ${HAIJIANG_FUND} | ${INVESTED}`,
      `${NIMTE_IN_RESCUE} | ${RESCUED}`,
      `${NIMTE_IN_RESCUE} | ${FUND_IN_RESCUE} | ${INVESTED}`,
      `${NIMTE_IN_RESCUE} | ${MEETING_IN_RESCUE} | ${MEETING_CHAIN} | ${IN_CHAIN}`,
      `${NIMTE_IN_RESCUE} | ${MEETING_IN_RESCUE} | ${MEETING_RUNS} | ${MECHANISM_SUPPORTED}`,
      `${NIMTE_IN_RESCUE} | ${MEETING_IN_RESCUE} | ${MEETING_SUPPORTED}`,
      `${NIMTE_IN_RESCUE} | ${MECHANISM_IN_RESCUE} | ${MECHANISM_CHAIN} | ${IN_CHAIN}`,
      `${NIMTE_IN_RESCUE} | ${MECHANISM_IN_RESCUE} | ${MEETING_RUNS} | ${MEETING_SUPPORTED}`,
      `${NIMTE_IN_RESCUE} | ${MECHANISM_IN_RESCUE} | ${MECHANISM_SUPPORTED}`,
      `${NIMTE_IN_RESCUE} | ${CRISIS}`,
      `${NIMTE_IN_RESCUE} | ${FUND_FROM_RESCUE} | ${INVESTED}`,
      `${NIMTE_IN_RESCUE} | ${LAB_FROM_RESCUE} | ${LAB_ZHAOBAO}`,
      `${COOP_PARTY} | ${VIA_CHAIN}`,
      `${COOP_PARTY} | ${VIA_MEETING}`,
      `${COOP_PARTY} | ${VIA_MECHANISM}`,
      `${LAB} | ${LAB_ZHAOBAO} | ${VIA_CHAIN}`,
      `${LICENCE} | ${VIA_CHAIN}`,
      `${LICENCE} | ${VIA_MEETING}`,
      `${LICENCE} | ${VIA_MECHANISM}`,
      `${NIMTE_IN_RESCUE} | ${RESCUED} | ${VIA_CHAIN}`,
      `${NIMTE_IN_RESCUE} | ${MEETING_IN_RESCUE} | ${MEETING_CHAIN} | ${LEADER}`,
      `${NIMTE_IN_RESCUE} | ${MECHANISM_IN_RESCUE} | ${MECHANISM_CHAIN} | ${LEADER}`,
    ]);
    expect(data.findRelations.edges[21].node.path.summary).toBe(
      '中科院宁波材料所 <-[COOPERATES_WITH: joint party-building]- 宁波招宝磁业股份有限公司 -[IN_CHAIN: core enterprise]-> 高端新材料 <-[LEADS_CHAIN]- 江丰电子',
    );
  });

  it('which firms does 镇海国资 stand behind within 1–3 hops of ownership and money? 海江公司 (1 hop) and 招宝磁业 (3 hops, 8000万元)', async () => {
    const data = ok(
      await app.gql(`{
        findRelations(
          fromEntity: {name: "镇海国资"}
          steps: [{types: [SUBSIDIARY_OF, INITIATED, INVESTED_IN], direction: BOTH, minHops: 1, maxHops: 3}]
          to: {kinds: [Enterprise]}
        ) { totalCount edges { node { to { id } path { summary relations { type amount { originalAmount originalUnit } evidence { paragraph quote } } } } } }
      }`),
    );
    expect(data.findRelations.totalCount).toBe(2);
    const [zhaobao, haijiang] = data.findRelations.edges.map((e: any) => e.node);
    expect(zhaobao.to.id).toBe('enterprise/zhaobao-magnet');
    expect(zhaobao.path.summary).toBe(
      '镇海国资 <-[SUBSIDIARY_OF]- 海江公司 -[INITIATED: co-initiator]-> 宁波汝鑫招宝基金 -[INVESTED_IN]-> 宁波招宝磁业股份有限公司',
    );
    expect(zhaobao.path.relations[2].amount).toEqual({ originalAmount: 8000, originalUnit: '万元' });
    expectEvidence(zhaobao.path.relations[2].evidence, [
      { paragraph: 32, quote: '对招宝磁业累计注资8000万元,帮助企业有效解决现金流短缺问题' },
    ]);
    expect(haijiang.to.id).toBe('enterprise/haijiang');
    expect(haijiang.path.summary).toBe('镇海国资 <-[SUBSIDIARY_OF]- 海江公司');
  });

  it('impossible hop ranges, empty type lists and steps that exclude every type are BAD_USER_INPUT naming the field', async () => {
    const ask = (steps: string) => app.gql(`{ findRelations(fromEntity: {id: "institute/nimte"}, steps: ${steps}) { totalCount } }`);
    expect(expectBadInput(await ask('[{minHops: 3, maxHops: 2}]'), 'steps[0].maxHops')).toBe(
      'steps[0].maxHops: must be between 3 and 4, got 2',
    );
    expect(expectBadInput(await ask('[{minHops: 0, maxHops: 2}]'), 'steps[0].minHops')).toBe(
      'steps[0].minHops: must be between 1 and 4, got 0',
    );
    expect(expectBadInput(await ask('[{types: [SERVES]}, {maxHops: 5}]'), 'steps[1].maxHops')).toBe(
      'steps[1].maxHops: must be between 1 and 4, got 5',
    );
    expect(expectBadInput(await ask('[{types: [SERVES], maxHops: 4}, {types: [SERVES], maxHops: 3}]'), 'steps')).toBe(
      'steps: may walk at most 6 hops in all (the sum of maxHops), got 7',
    );
    expect(expectBadInput(await ask('[{types: []}]'), 'steps[0].types')).toBe(
      'steps[0].types: must name at least one relation type, or be omitted for any type',
    );
    expect(expectBadInput(await ask('[{types: [SERVES], excludeTypes: [SERVES]}]'), 'steps[0].excludeTypes')).toBe(
      'steps[0].excludeTypes: excludes every type the step may follow',
    );
  });

  it('the cost limit prices the wider walk: one four-hop step of any type fits, a second one after it is refused before anything runs', async () => {
    const step = '{minHops: 1, maxHops: 4, direction: BOTH}';
    const query = (steps: string) =>
      `{ findRelations(first: 1, fromEntity: {id: "institute/nimte"}, steps: [${steps}]) { edges { cursor } } }`;
    const one = await app.gql(query(step), undefined, { 'x-chainkb-query-count': '1' });
    expect(one.errors).toBeUndefined();
    const res = await app.gql(query(`${step}, {maxHops: 2}`));
    expect(res.status).toBe(400);
    // 10 × (10³ × 10 − 1) for the walk (four hops, then two, of any type), 2 for the page.
    expect(res.errors).toEqual([
      {
        message: `The operation costs 99992; the limit is ${MAX_COST}. Ask for smaller pages (first/last), fewer nested lists or fewer aliases.`,
        extensions: { code: 'COST_LIMIT_EXCEEDED', cost: 99992, limit: MAX_COST },
      },
    ]);
  });
});

describe('paths that mean something', () => {
  const ENDS = 'fromEntity: {name: "中科院宁波材料所"}, toEntity: {name: "镇海国资"}';
  const NIMTE = '中科院宁波材料所';
  const ZHAOBAO = '宁波招宝磁业股份有限公司';
  const TO_OWNER = '海江公司 -[SUBSIDIARY_OF]-> 镇海国资';
  const FUND = `<-[INVESTED_IN]- 宁波汝鑫招宝基金 <-[INITIATED: co-initiator]- ${TO_OWNER}`;
  const RESCUE = `招宝磁业纾困 <-[PARTICIPATED_IN: fund co-initiator]- ${TO_OWNER}`;
  const IN_RESCUE = `${NIMTE} -[PARTICIPATED_IN: research partner]-> ${RESCUE}`;
  const IN_NINGBO = '中科院宁波材料所 -[LOCATED_IN]-> 宁波 <-[PART_OF]- 镇海区 <-[LOCATED_IN]- 镇海国资';
  const TO_NINGBO = '-[LOCATED_IN]-> 宁波 <-[PART_OF]- 镇海区 <-[LOCATED_IN]- 镇海国资';

  it('how is a research institute connected to a state-owned investor? the 2020 rescue and the licence → firm ← fund ← initiator → owner paths rank above "both in 宁波"', async () => {
    const data = ok(
      await app.gql(`{
        informative: paths(${ENDS}, first: 20) { length weight summary }
        shortest: paths(${ENDS}, first: 2, rankBy: SHORTEST) { length weight summary }
        skipped: paths(${ENDS}, excludeTypes: [LOCATED_IN, PART_OF], first: 20) { summary }
      }`),
    );
    // All 12 paths of at most 4 hops, the lightest first: what happened (weight 1 a relation) before where things are.
    expect(data.informative).toEqual([
      { length: 3, weight: 3, summary: IN_RESCUE },
      { length: 4, weight: 4, summary: `${NIMTE} <-[COOPERATES_WITH: joint party-building]- ${ZHAOBAO} ${FUND}` },
      {
        length: 4,
        weight: 4,
        summary: `${NIMTE} <-[COOPERATES_WITH: joint party-building]- ${ZHAOBAO} -[PARTICIPATED_IN: rescued firm]-> ${RESCUE}`,
      },
      { length: 4, weight: 4, summary: `${NIMTE} -[DEVELOPED]-> 招宝磁业联合实验场地 <-[RESULTED_IN]- ${RESCUE}` },
      { length: 4, weight: 4, summary: `${NIMTE} -[LICENSED_PATENTS_TO]-> ${ZHAOBAO} ${FUND}` },
      { length: 4, weight: 4, summary: `${NIMTE} -[LICENSED_PATENTS_TO]-> ${ZHAOBAO} -[PARTICIPATED_IN: rescued firm]-> ${RESCUE}` },
      {
        length: 4,
        weight: 4,
        summary: `${NIMTE} -[PARTICIPATED_IN: research partner]-> 招宝磁业纾困 <-[PARTICIPATED_IN: investor]- 宁波汝鑫招宝基金 <-[INITIATED: co-initiator]- ${TO_OWNER}`,
      },
      {
        length: 4,
        weight: 4,
        summary: `${NIMTE} -[PARTICIPATED_IN: research partner]-> 招宝磁业纾困 -[RESULTED_IN]-> 宁波汝鑫招宝基金 <-[INITIATED: co-initiator]- ${TO_OWNER}`,
      },
      // Through 宁波 (55 relations, a hub: +2) and located-in/part-of relations (3 each).
      {
        length: 4,
        weight: 10,
        summary: `${NIMTE} -[LOCATED_IN]-> 宁波 <-[LOCATED_IN]- 宁波汝鑫招宝基金 <-[INITIATED: co-initiator]- ${TO_OWNER}`,
      },
      { length: 3, weight: 11, summary: IN_NINGBO },
      { length: 4, weight: 12, summary: `${NIMTE} <-[COOPERATES_WITH: joint party-building]- ${ZHAOBAO} ${TO_NINGBO}` },
      { length: 4, weight: 12, summary: `${NIMTE} -[LICENSED_PATENTS_TO]-> ${ZHAOBAO} ${TO_NINGBO}` },
    ]);
    // Fewest hops first, ties by relation ids whatever they weigh: "both in 宁波" (LOCATED_IN…) before the rescue.
    expect(data.shortest).toEqual([
      { length: 3, weight: 11, summary: IN_NINGBO },
      { length: 3, weight: 3, summary: IN_RESCUE },
    ]);
    // Skipping places leaves exactly the eight paths through the rescue, the fund and the licence.
    expect(data.skipped.map((p: { summary: string }) => p.summary)).toEqual(
      data.informative.slice(0, 8).map((p: { summary: string }) => p.summary),
    );
  });

  it('excluding every type a path may use is BAD_USER_INPUT', async () => {
    const res = await app.gql(`{ paths(${ENDS}, relationTypes: [LOCATED_IN], excludeTypes: [LOCATED_IN]) { length } }`);
    expect(expectBadInput(res, 'excludeTypes')).toBe('excludeTypes: excludes every relation type paths may use');
  });
});

describe('nesting fits questions; cost refuses work', () => {
  it(`evidence on a third hop, and a walk from 宁波 down to the little giant a community's party committee serves (20 levels), pass the depth limit of ${MAX_DEPTH}`, async () => {
    const data = ok(
      await app.gql(`{
        node(id: "region/ningbo") { ... on Region {
          parts(first: 5, filter: {ids: ["region/beilun"]}) { edges { node { ... on Region {
            parts(first: 5) { edges { node { ... on Region {
              id locatedHere(first: 5, filter: {kinds: [Community]}) { edges { node { ... on Community {
                id
                partyOrganisations(first: 2) { edges { node { ... on PartyOrganisation {
                  id
                  serves(first: 5, filter: {designation: "designation/little-giant"}) { edges { node { ... on Enterprise {
                    id
                    designations(first: 5, filter: {ids: ["designation/little-giant"]}) { edges { evidence { paragraph quote } } }
                  } } } }
                } } } }
              } } } }
            } } } }
          } } } }
        } }
        rescue: node(id: "enterprise/zhaobao-magnet") { ... on Enterprise {
          investors(first: 5) { edges { node { ... on Fund { initiators(first: 5) { edges { node { ... on Enterprise {
            parentOrganisations: parents(first: 5) { edges { node { name } evidence { paragraph quote } } }
          } } } } } } } }
        } }
      }`),
    );
    // 宁波 → 北仑区 → 大碶街道 → its two communities → their party bodies → the little giants those serve:
    // 灵峰社区 → 灵峰社区党委 → 耐达技术 (paragraph 94).
    const streets = data.node.parts.edges[0].node.parts.edges.map((e: any) => e.node);
    expect(streets.map((s: any) => s.id)).toEqual(['region/daqi-street']);
    const communities = streets[0].locatedHere.edges.map((e: any) => e.node);
    const parties = communities.map((c: any) => c.partyOrganisations.edges.map((e: any) => e.node));
    expect(
      communities.map((c: any, i: number) => [c.id, parties[i].map((p: any) => [p.id, p.serves.edges.map((e: any) => e.node.id)])]),
    ).toEqual([
      ['community/daqi-henghe', [['party/daqi-henghe-party-masses-service-centre', []]]],
      ['community/lingfeng', [['party/lingfeng-community-party-committee', ['enterprise/naida-technology']]]],
    ]);
    expectEvidence(parties[1][0].serves.edges[0].node.designations.edges[0].evidence, [
      { paragraph: 92, quote: '国家级专精特新“小巨人”企业' },
    ]);
    const owners = data.rescue.investors.edges[0].node.initiators.edges.flatMap((e: any) => e.node.parentOrganisations.edges);
    expect(owners.map((e: any) => e.node.name)).toEqual(['镇海国资']);
    expectEvidence(owners[0].evidence, [{ paragraph: 32, quote: '镇海国资下属国企海江公司' }]);
  });

  it('three nested pages of 100 (a million relations) are refused by cost, naming the cost and the limit', async () => {
    const res = await app.gql(
      '{ entities(first: 100) { edges { node { relations(first: 100) { edges { node { relations(first: 100) { edges { node { id } } } } } } } } } }',
    );
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      {
        message: `The operation costs 2020201; the limit is ${MAX_COST}. Ask for smaller pages (first/last), fewer nested lists or fewer aliases.`,
        extensions: { code: 'COST_LIMIT_EXCEEDED', cost: 2020201, limit: MAX_COST },
      },
    ]);
  });
});
