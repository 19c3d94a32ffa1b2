/**
 * Research questions a reader of the source article asks of the knowledge graph, each answered by
 * ONE GraphQL request over HTTP to a real server on the run's seeded Neo4j. Every expectation is
 * hard-coded from the article (seed/sources/000_af9f4a4ab9fcd3f0.txt, paragraph = line number):
 * the exact entities (ids and names), the exact numbers with their units, and the evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EDGE_FIELDS,
  PAGE_INFO,
  RELATION_FIELDS,
  SOURCE_ID,
  SOURCE_NAME,
  expectBadInput,
  expectCleanErrors,
  expectEvidence,
  ok,
  sourceLine,
  type PageInfoOut,
} from '../support/research.js';
import { startTestServer } from '../support/server.js';

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(() => app?.stop());

const ids = (list: { id: string }[]) => list.map((x) => x.id);

describe('research questions over relations, several hops deep', () => {
  it('Q1 which institutes licensed patents to champion firms? 中科院宁波材料所 → 招宝磁业, 20 patents (paragraph 34)', async () => {
    const data = ok(
      await app.gql(`{
        findRelations(from: {kinds: [ResearchInstitute]}, steps: [{types: [LICENSED_PATENTS_TO]}], to: {designation: "designation/single-champion"}) {
          totalCount ${PAGE_INFO}
          edges { node { from { id name kind } to { id name kind } path { length nodes { id name } relations { ${RELATION_FIELDS} } } } }
        }
      }`),
    );
    const result = data.findRelations;
    expect(result.totalCount).toBe(1);
    expect(result.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(result.edges).toHaveLength(1);
    const match = result.edges[0].node;
    expect(match.from).toEqual({ id: 'institute/nimte', name: '中科院宁波材料所', kind: 'ResearchInstitute' });
    expect(match.to).toEqual({ id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司', kind: 'Enterprise' });
    expect(match.path.length).toBe(1);
    expect(match.path.nodes).toEqual([
      { id: 'institute/nimte', name: '中科院宁波材料所' },
      { id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司' },
    ]);
    const [licence] = match.path.relations;
    expect(licence).toMatchObject({
      id: 'LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet',
      type: 'LICENSED_PATENTS_TO',
      fromId: 'institute/nimte',
      toId: 'enterprise/zhaobao-magnet',
      count: 20,
      countQualifier: 'exact',
      amount: null,
    });
    expectEvidence(licence.evidence, [
      { paragraph: 34, quote: '我们公司一口气从清单中勾选出20项' },
      { paragraph: 34, quote: '这次技术共享帮助我们企业提升生产力,每年增收超8000万元' },
    ]);
  });

  it('Q2 which state-owned investors stand behind the fund that rescued a firm? 镇海国资 ← 海江公司 → 汝鑫招宝基金 → 招宝磁业, 8000万元', async () => {
    const data = ok(
      await app.gql(`{
        findRelations(
          from: {kinds: [Organisation]}
          steps: [
            {types: [SUBSIDIARY_OF], direction: IN, via: {category: "state-owned"}}
            {types: [INITIATED], via: {kinds: [Fund]}}
            {types: [INVESTED_IN]}
          ]
          to: {kinds: [Enterprise]}
        ) {
          totalCount
          edges { node { from { id name category } to { id name } path { length nodes { id name kind category } relations { ${RELATION_FIELDS} } } } }
        }
      }`),
    );
    expect(data.findRelations.totalCount).toBe(1);
    const match = data.findRelations.edges[0].node;
    expect(match.from).toEqual({ id: 'org/zhenhai-state-assets', name: '镇海国资', category: 'state-assets' });
    expect(match.to).toEqual({ id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司' });
    expect(match.path.length).toBe(3);
    expect(match.path.nodes).toEqual([
      { id: 'org/zhenhai-state-assets', name: '镇海国资', kind: 'Organisation', category: 'state-assets' },
      { id: 'enterprise/haijiang', name: '海江公司', kind: 'Enterprise', category: 'state-owned' },
      { id: 'fund/ruxin-zhaobao-fund', name: '宁波汝鑫招宝基金', kind: 'Fund', category: null },
      { id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司', kind: 'Enterprise', category: null },
    ]);
    const [subsidiary, initiated, invested] = match.path.relations;
    // The first hop is walked against the stored direction: 海江公司 -SUBSIDIARY_OF-> 镇海国资.
    expect(subsidiary).toMatchObject({
      id: 'SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
      type: 'SUBSIDIARY_OF',
      fromId: 'enterprise/haijiang',
      toId: 'org/zhenhai-state-assets',
      amount: null,
    });
    expect(initiated).toMatchObject({
      id: 'INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator',
      type: 'INITIATED',
      fromId: 'enterprise/haijiang',
      toId: 'fund/ruxin-zhaobao-fund',
      role: 'co-initiator',
    });
    expect(invested).toMatchObject({
      id: 'INVESTED_IN:fund/ruxin-zhaobao-fund->enterprise/zhaobao-magnet',
      type: 'INVESTED_IN',
      fromId: 'fund/ruxin-zhaobao-fund',
      toId: 'enterprise/zhaobao-magnet',
    });
    expect(invested.amount).toEqual({ amount: 80_000_000, currency: 'CNY', originalAmount: 8000, originalUnit: '万元' });
    expectEvidence(subsidiary.evidence, [{ paragraph: 32, quote: '镇海国资下属国企海江公司' }]);
    expectEvidence(initiated.evidence, [{ paragraph: 32, quote: '海江公司等发起组建规模1.5亿元的宁波汝鑫招宝基金' }]);
    expectEvidence(invested.evidence, [{ paragraph: 32, quote: '对招宝磁业累计注资8000万元,帮助企业有效解决现金流短缺问题' }]);
  });

  it('Q3 which party body serves which little giants? 灵峰社区党委 (of 灵峰社区) → 耐达技术 (paragraph 94), by relation query and by filtered relation field', async () => {
    const data = ok(
      await app.gql(`{
        findRelations(from: {kinds: [PartyOrganisation]}, steps: [{types: [SERVES]}], to: {designation: "designation/little-giant"}) {
          totalCount
          edges { node { from { id name } to { id name ... on Enterprise { designations { edges { node { id name } evidence { paragraph quote } } } } } path { relations { ${RELATION_FIELDS} evidence { assertedBy { id name } } } } } }
        }
        partyOrganisations {
          totalCount
          edges { node { id name serves(filter: {designation: "designation/little-giant"}) { totalCount edges { ${EDGE_FIELDS} } }
            belongsTo { edges { node { id name } } } } }
        }
      }`),
    );
    expect(data.findRelations.totalCount).toBe(1);
    const match = data.findRelations.edges[0].node;
    expect(match.from).toEqual({ id: 'party/lingfeng-community-party-committee', name: '灵峰社区党委' });
    expect(match.to.id).toBe('enterprise/naida-technology');
    expect(match.to.name).toBe('宁波耐达技术股份有限公司');
    const serves = match.path.relations[0];
    expect(serves).toMatchObject({
      id: 'SERVES:party/lingfeng-community-party-committee->enterprise/naida-technology',
      type: 'SERVES',
      fromId: 'party/lingfeng-community-party-committee',
      toId: 'enterprise/naida-technology',
    });
    expectEvidence(serves.evidence, [
      { paragraph: 94, quote: '我们尝试向社区党委提交了上下游企业需求清单,没想到很快就有了反馈' },
      { paragraph: 94, quote: '这种高效精准的服务,给企业吃下了定心丸,使其得以快速在当地扎根发展' },
    ]);
    // The firm's CFO says so: the claim is his, not the authors'.
    expect(serves.evidence.map((e: any) => e.assertedBy)).toEqual([
      { id: 'person/zuo-caibai', name: '左财百' },
      { id: 'person/zuo-caibai', name: '左财百' },
    ]);
    // Why the firm counts as a little giant: its designation, with the words of paragraph 92.
    const littleGiant = match.to.designations.edges.find((e: { node: { id: string } }) => e.node.id === 'designation/little-giant');
    expect(littleGiant.node.name).toBe('国家级专精特新“小巨人”企业');
    expectEvidence(littleGiant.evidence, [{ paragraph: 92, quote: '国家级专精特新“小巨人”企业' }]);

    // The same question from the party bodies' side: only 灵峰社区党委, which belongs to 灵峰社区, serves a little giant.
    expect(data.partyOrganisations.totalCount).toBe(7);
    const served = data.partyOrganisations.edges
      .filter((e: any) => e.node.serves.totalCount > 0)
      .map((e: any) => [e.node.id, e.node.serves.edges.map((s: any) => s.node.id), e.node.belongsTo.edges.map((b: any) => b.node.id)]);
    expect(served).toEqual([['party/lingfeng-community-party-committee', ['enterprise/naida-technology'], ['community/lingfeng']]]);
    const edge = data.partyOrganisations.edges.find((e: any) => e.node.serves.totalCount > 0).node.serves.edges[0];
    expect(edge).toMatchObject({
      relationId: 'SERVES:party/lingfeng-community-party-committee->enterprise/naida-technology',
      direction: 'OUT',
      type: 'SERVES',
      start: '2024-03',
      count: null,
    });
  });

  it('Q4 how is 中科院宁波材料所 connected to 镇海国资? 3 hops: via 宁波/镇海, or both took part in the 2020 rescue (through 海江公司); 4 hops via 招宝磁业 and the fund', async () => {
    const data = ok(
      await app.gql(`{
        all: paths(fromEntity: {name: "中科院宁波材料所"}, toEntity: {name: "镇海国资"}, maxHops: 4, first: 20, rankBy: SHORTEST) {
          length nodes { id name } relations { id fromId toId }
        }
        money: paths(fromEntity: {name: "NIMTE"}, toEntity: {name: "镇海国资"}, relationTypes: [LICENSED_PATENTS_TO, INVESTED_IN, INITIATED, SUBSIDIARY_OF]) {
          length nodes { id name } relations { ${RELATION_FIELDS} }
        }
      }`),
    );
    const all = data.all as {
      length: number;
      nodes: { id: string; name: string }[];
      relations: { id: string; fromId: string; toId: string }[];
    }[];
    // Shortest first, ties by relation ids; within 4 hops there are exactly 12 paths. The two shortest: both places lie
    // in Ningbo (LOCATED_IN…), and NIMTE and Haijiang (Zhenhai state capital's firm) both took part in the rescue of
    // 招宝磁业 (paragraphs 30–32; PARTICIPATED_IN…).
    expect(all.map((p) => p.length)).toEqual([3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
    expect(ids(all[0]!.relations)).toEqual([
      'LOCATED_IN:institute/nimte->region/ningbo',
      'PART_OF:region/zhenhai->region/ningbo',
      'LOCATED_IN:org/zhenhai-state-assets->region/zhenhai',
    ]);
    expect(all[1]!.nodes).toEqual([
      { id: 'institute/nimte', name: '中科院宁波材料所' },
      { id: 'event/zhaobao-magnet-rescue', name: '招宝磁业纾困' },
      { id: 'enterprise/haijiang', name: '海江公司' },
      { id: 'org/zhenhai-state-assets', name: '镇海国资' },
    ]);
    for (const p of all) {
      expect(p.nodes).toHaveLength(p.length + 1);
      expect(p.nodes[0]!.id).toBe('institute/nimte');
      expect(p.nodes.at(-1)!.id).toBe('org/zhenhai-state-assets');
      // relations[i] joins nodes[i] and nodes[i+1], in one direction or the other.
      p.relations.forEach((r, i) => expect([r.fromId, r.toId].sort()).toEqual([p.nodes[i]!.id, p.nodes[i + 1]!.id].sort()));
    }
    const zhaobaoFund = [
      'institute/nimte',
      'enterprise/zhaobao-magnet',
      'fund/ruxin-zhaobao-fund',
      'enterprise/haijiang',
      'org/zhenhai-state-assets',
    ];
    expect(
      all
        .filter((p) => JSON.stringify(ids(p.nodes)) === JSON.stringify(zhaobaoFund))
        .map((p) => p.relations[0]!.id)
        .sort(),
    ).toEqual([
      'COOPERATES_WITH:enterprise/zhaobao-magnet->institute/nimte#joint party-building',
      'LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet',
    ]);
    expect(all.map((p) => ids(p.relations).join(' | ')).sort()).toEqual(
      [
        'COOPERATES_WITH:enterprise/zhaobao-magnet->institute/nimte#joint party-building | INVESTED_IN:fund/ruxin-zhaobao-fund->enterprise/zhaobao-magnet | INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'COOPERATES_WITH:enterprise/zhaobao-magnet->institute/nimte#joint party-building | LOCATED_IN:enterprise/zhaobao-magnet->region/ningbo | PART_OF:region/zhenhai->region/ningbo | LOCATED_IN:org/zhenhai-state-assets->region/zhenhai',
        'COOPERATES_WITH:enterprise/zhaobao-magnet->institute/nimte#joint party-building | PARTICIPATED_IN:enterprise/zhaobao-magnet->event/zhaobao-magnet-rescue#rescued firm | PARTICIPATED_IN:enterprise/haijiang->event/zhaobao-magnet-rescue#fund co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'DEVELOPED:institute/nimte->place/zhaobao-joint-lab | RESULTED_IN:event/zhaobao-magnet-rescue->place/zhaobao-joint-lab | PARTICIPATED_IN:enterprise/haijiang->event/zhaobao-magnet-rescue#fund co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet | INVESTED_IN:fund/ruxin-zhaobao-fund->enterprise/zhaobao-magnet | INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet | LOCATED_IN:enterprise/zhaobao-magnet->region/ningbo | PART_OF:region/zhenhai->region/ningbo | LOCATED_IN:org/zhenhai-state-assets->region/zhenhai',
        'LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet | PARTICIPATED_IN:enterprise/zhaobao-magnet->event/zhaobao-magnet-rescue#rescued firm | PARTICIPATED_IN:enterprise/haijiang->event/zhaobao-magnet-rescue#fund co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'LOCATED_IN:institute/nimte->region/ningbo | LOCATED_IN:fund/ruxin-zhaobao-fund->region/ningbo | INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'LOCATED_IN:institute/nimte->region/ningbo | PART_OF:region/zhenhai->region/ningbo | LOCATED_IN:org/zhenhai-state-assets->region/zhenhai',
        'PARTICIPATED_IN:institute/nimte->event/zhaobao-magnet-rescue#research partner | PARTICIPATED_IN:enterprise/haijiang->event/zhaobao-magnet-rescue#fund co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'PARTICIPATED_IN:institute/nimte->event/zhaobao-magnet-rescue#research partner | PARTICIPATED_IN:fund/ruxin-zhaobao-fund->event/zhaobao-magnet-rescue#investor | INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
        'PARTICIPATED_IN:institute/nimte->event/zhaobao-magnet-rescue#research partner | RESULTED_IN:event/zhaobao-magnet-rescue->fund/ruxin-zhaobao-fund | INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator | SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
      ].sort(),
    );

    // Only through patents and money: one path, the rescue story of paragraphs 32–34.
    expect(data.money).toHaveLength(1);
    const [money] = data.money;
    expect(money.length).toBe(4);
    expect(ids(money.nodes)).toEqual(zhaobaoFund);
    expect(money.relations.map((r: any) => [r.type, r.fromId, r.toId, r.evidence.map((e: any) => e.paragraph)])).toEqual([
      ['LICENSED_PATENTS_TO', 'institute/nimte', 'enterprise/zhaobao-magnet', [34, 34]],
      ['INVESTED_IN', 'fund/ruxin-zhaobao-fund', 'enterprise/zhaobao-magnet', [32]],
      ['INITIATED', 'enterprise/haijiang', 'fund/ruxin-zhaobao-fund', [32]],
      ['SUBSIDIARY_OF', 'enterprise/haijiang', 'org/zhenhai-state-assets', [32]],
    ]);
    expect(money.relations[0].count).toBe(20);
    expect(money.relations[1].amount).toEqual({ amount: 80_000_000, currency: 'CNY', originalAmount: 8000, originalUnit: '万元' });
  });

  it('Q5 the hydrogen pipeline from 镇海炼化 to 招宝氢谷: CONNECTS with roles from/to, under construction (paragraph 68)', async () => {
    const data = ok(
      await app.gql(`{
        findRelations(from: {ids: ["enterprise/zhenhai-refining"]}, steps: [{types: [CONNECTS], direction: IN}, {types: [CONNECTS]}], to: {ids: ["place/zhaobao-hydrogen-valley"]}) {
          totalCount
          edges { node { path { nodes { id name kind } relations { ${RELATION_FIELDS} } } } }
        }
        pipeline: node(id: "place/zhenhai-hydrogen-pipeline") { ... on Place { id name category connects { totalCount edges { ${EDGE_FIELDS} } } } }
        refinery: node(id: "enterprise/zhenhai-refining") { ... on Enterprise { connectedBy { totalCount edges { node { id } role status direction } } } }
      }`),
    );
    expect(data.findRelations.totalCount).toBe(1);
    const path = data.findRelations.edges[0].node.path;
    expect(path.nodes).toEqual([
      { id: 'enterprise/zhenhai-refining', name: '镇海炼化', kind: 'Enterprise' },
      { id: 'place/zhenhai-hydrogen-pipeline', name: '镇海炼化至“招宝氢谷”输氢管线', kind: 'Place' },
      { id: 'place/zhaobao-hydrogen-valley', name: '“招宝氢谷”氢能产业园', kind: 'Place' },
    ]);
    expect(path.relations.map((r: any) => [r.id, r.role, r.status])).toEqual([
      ['CONNECTS:place/zhenhai-hydrogen-pipeline->enterprise/zhenhai-refining#from', 'from', 'UNDER_CONSTRUCTION'],
      ['CONNECTS:place/zhenhai-hydrogen-pipeline->place/zhaobao-hydrogen-valley#to', 'to', 'UNDER_CONSTRUCTION'],
    ]);
    expectEvidence(path.relations[0].evidence, [{ paragraph: 68, quote: '一条从镇海炼化直达“招宝氢谷”氢能产业园的输氢管线正加紧建设中' }]);
    expectEvidence(path.relations[1].evidence, [
      { paragraph: 68, quote: '一条从镇海炼化直达“招宝氢谷”氢能产业园的输氢管线正加紧建设中,预计年底贯通' },
    ]);

    expect(data.pipeline).toMatchObject({ id: 'place/zhenhai-hydrogen-pipeline', category: 'pipeline' });
    expect(data.pipeline.connects.totalCount).toBe(2);
    expect(data.pipeline.connects.edges.map((e: any) => [e.node.id, e.node.name, e.direction, e.role, e.status])).toEqual([
      ['place/zhaobao-hydrogen-valley', '“招宝氢谷”氢能产业园', 'OUT', 'to', 'UNDER_CONSTRUCTION'],
      ['enterprise/zhenhai-refining', '镇海炼化', 'OUT', 'from', 'UNDER_CONSTRUCTION'],
    ]);
    expect(data.refinery.connectedBy).toEqual({
      totalCount: 1,
      edges: [{ node: { id: 'place/zhenhai-hydrogen-pipeline' }, role: 'from', status: 'UNDER_CONSTRUCTION', direction: 'IN' }],
    });
  });

  it('Q6 who holds which position at 招宝磁业 and its party branch (set up 2011)? 林建强 (副总经理, p. 34), 陈威 (负责人; 党支部书记, p. 30)', async () => {
    const data = ok(
      await app.gql(`{
        node(id: "enterprise/zhaobao-magnet") { ... on Enterprise { name people { totalCount edges { ${EDGE_FIELDS} } }
          partyOrganisations { totalCount edges { ${EDGE_FIELDS} } } } }
        chenWei: node(id: "person/chen-wei") { ... on Person { name nameEn positions { totalCount edges { node { id name } direction title titleZh } } } }
      }`),
    );
    expect(data.node.name).toBe('宁波招宝磁业股份有限公司');
    expect(data.node.people.totalCount).toBe(2);
    const edges = data.node.people.edges;
    // By person name (林 < 陈), then by relation id.
    expect(edges.map((e: any) => [e.node.id, e.node.name, e.direction, e.type, e.title, e.titleZh])).toEqual([
      [
        'person/lin-jianqiang',
        '林建强',
        'IN',
        'HOLDS_POSITION',
        'deputy general manager in charge of technology R&D',
        '负责技术研发的副总经理',
      ],
      ['person/chen-wei', '陈威', 'IN', 'HOLDS_POSITION', 'person in charge', '公司负责人'],
    ]);
    expectEvidence(edges[0].evidence, [{ paragraph: 34, quote: '招宝磁业负责技术研发的副总经理林建强说' }]);
    expectEvidence(edges[1].evidence, [{ paragraph: 30, quote: '公司负责人、党支部书记陈威介绍' }]);
    for (const e of edges) expect(e.evidence[0].source).toEqual({ id: SOURCE_ID, name: SOURCE_NAME });
    // The firm's party organisation, set up in 2011 (paragraph 28): a branch, since its head is 党支部书记 (paragraph 30).
    expect(data.node.partyOrganisations.totalCount).toBe(1);
    const branch = data.node.partyOrganisations.edges[0];
    expect(branch).toMatchObject({
      relationId: 'BELONGS_TO:party/zhaobao-magnet-party-branch->enterprise/zhaobao-magnet',
      direction: 'IN',
      type: 'BELONGS_TO',
      start: '2011',
      end: null,
      periodLabel: '2011年',
      status: 'ACTUAL',
      node: { id: 'party/zhaobao-magnet-party-branch', kind: 'PartyOrganisation', name: '招宝磁业党支部' },
    });
    expectEvidence(branch.evidence, [
      { paragraph: 28, quote: '2011年,该公司就成立了党组织' },
      { paragraph: 30, quote: '党支部书记陈威' },
    ]);

    expect(data.chenWei).toMatchObject({ name: '陈威', nameEn: 'Chen Wei' });
    expect(data.chenWei.positions).toEqual({
      totalCount: 2,
      edges: [
        {
          node: { id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司' },
          direction: 'OUT',
          title: 'person in charge',
          titleZh: '公司负责人',
        },
        {
          node: { id: 'party/zhaobao-magnet-party-branch', name: '招宝磁业党支部' },
          direction: 'OUT',
          title: 'party branch secretary',
          titleZh: '党支部书记',
        },
      ],
    });
  });
});

describe('research questions over numbers', () => {
  const STAT =
    'id name measure measureZh value unit currency originalValue originalUnit qualifier isChange period { label start end } subject { id name } evidence { paragraph quote sourceId }';

  it('Q7 119 single champions, industrial profit +20.4% in 2025 Q1–Q3, NEV exports 221.59亿元 (+265.27%) in Jan–Oct 2025', async () => {
    const data = ok(
      await app.gql(`{
        champions: statistics(subject: "region/ningbo", measureContains: "单项冠军企业") { totalCount edges { node { ${STAT} } } }
        profit: statistics(subject: "region/ningbo", measureContains: "PROFIT", periodContains: "q1") { totalCount edges { node { ${STAT} } } }
        exports: statistics(measureContains: "NEV exports", periodContains: "2025 Jan–Oct") { totalCount edges { node { ${STAT} } } }
      }`),
    );
    const ningbo = { id: 'region/ningbo', name: '宁波' };
    expect(data.champions.totalCount).toBe(1);
    const champions = data.champions.edges[0].node;
    expect(champions).toMatchObject({
      id: 'stat/ningbo-single-champions-2025',
      measure: 'national manufacturing single champion enterprises (products)',
      measureZh: '国家级制造业单项冠军企业(产品)数量',
      value: 119,
      unit: 'enterprise',
      currency: null,
      qualifier: 'exact',
      isChange: false,
      period: { label: 'as of 2025', start: null, end: '2025' },
      subject: ningbo,
    });
    expectEvidence(champions.evidence, [{ paragraph: 9, quote: '119家,这是宁波国家级制造业单项冠军企业(产品)数量' }]);

    expect(data.profit.totalCount).toBe(1);
    const profit = data.profit.edges[0].node;
    expect(profit).toMatchObject({
      id: 'stat/ningbo-industrial-profit-growth-2025q1q3',
      measureZh: '规上工业企业利润总额同比增长',
      value: 20.4,
      unit: 'percent',
      qualifier: 'exact',
      isChange: true,
      period: { label: '2025 Q1–Q3', start: '2025-01', end: '2025-09' },
      subject: ningbo,
    });
    // Stated twice: in the lead (paragraph 15) and again in the expert's comment (paragraph 113).
    expectEvidence(profit.evidence, [
      { paragraph: 15, quote: '今年前三季度,宁波规上工业企业利润总额同比增长20.4%' },
      { paragraph: 113, quote: '前三季度宁波规上工业企业利润总额同比增长20.4%' },
    ]);

    // What is measured is exports through Ningbo's ports of entry (宁波口岸), not the city's own output.
    const port = { id: 'place/ningbo-port', name: '宁波口岸' };
    expect(data.exports.totalCount).toBe(2);
    const [level, growth] = data.exports.edges.map((e: any) => e.node);
    expect(level).toMatchObject({
      id: 'stat/ningbo-nev-exports-2025-jan-oct',
      measureZh: '宁波口岸新能源汽车出口额',
      value: 22_159_000_000,
      unit: 'yuan',
      currency: 'CNY',
      originalValue: 221.59,
      originalUnit: '亿元',
      qualifier: 'exact',
      isChange: false,
      period: { label: '2025 Jan–Oct', start: '2025-01', end: '2025-10' },
      subject: port,
    });
    expectEvidence(level.evidence, [{ paragraph: 76, quote: '据宁波海关统计,今年前10个月,宁波口岸新能源汽车出口额达221.59亿元' }]);
    expect(growth).toMatchObject({
      id: 'stat/ningbo-nev-exports-growth-2025-jan-oct',
      value: 265.27,
      unit: 'percent',
      currency: null,
      originalValue: null,
      qualifier: 'exact',
      isChange: true,
      period: { label: '2025 Jan–Oct', start: '2025-01', end: '2025-10' },
      subject: port,
    });
    expectEvidence(growth.evidence, [{ paragraph: 76, quote: '同比增长265.27%' }]);
  });
});

describe('research questions over lists, search and the neighbourhood', () => {
  it('Q8 which enterprises of a chain hold a designation? (filter chain + designation, and region + designation)', async () => {
    const data = ok(
      await app.gql(`{
        champions: enterprises(filter: {chain: "chain/new-materials", designation: "designation/single-champion"}) { totalCount edges { node { id name chains { edges { node { id name } role evidence { paragraph quote } } } } } }
        hydrogenSme: enterprises(filter: {chain: "chain/hydrogen", designation: "designation/provincial-tech-sme"}) { totalCount edges { node { id name } } }
        beilunGiants: enterprises(filter: {region: "region/beilun", designation: "designation/little-giant"}) { totalCount edges { node { id name } } }
        newMaterials: enterprises(filter: {chain: "chain/new-materials"}) { totalCount edges { node { id name } } }
        none: enterprises(filter: {chain: "chain/new-materials", designation: "designation/little-giant"}) { totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
      }`),
    );
    expect(data.champions.totalCount).toBe(1);
    const zhaobao = data.champions.edges[0].node;
    expect([zhaobao.id, zhaobao.name]).toEqual(['enterprise/zhaobao-magnet', '宁波招宝磁业股份有限公司']);
    expect(zhaobao.chains.edges).toHaveLength(1);
    expect(zhaobao.chains.edges[0]).toMatchObject({ node: { id: 'chain/new-materials', name: '高端新材料' }, role: 'core enterprise' });
    expectEvidence(zhaobao.chains.edges[0].evidence, [{ paragraph: 28, quote: '宁波新材料产业核心企业' }]);

    expect(data.hydrogenSme).toEqual({
      totalCount: 1,
      edges: [{ node: { id: 'enterprise/kunhua-new-energy', name: '浙江鲲华新能源科技有限公司' } }],
    });
    expect(data.beilunGiants).toEqual({
      totalCount: 1,
      edges: [{ node: { id: 'enterprise/naida-technology', name: '宁波耐达技术股份有限公司' } }],
    });
    // The chain filter counts chain leaders too (江丰电子 LEADS_CHAIN, paragraph 104).
    expect(data.newMaterials).toEqual({
      totalCount: 2,
      edges: [
        { node: { id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司' } },
        { node: { id: 'enterprise/jiangfeng-electronics', name: '江丰电子' } },
      ],
    });
    expect(data.none).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('Q9 search in Chinese, English, alias and by a single character finds the expected entities', async () => {
    const hit = 'score entity { id name kind }';
    const data = ok(
      await app.gql(`{
        zh: search(text: "招宝磁业") { ${hit} }
        en: search(text: "Zhaobao Ciye") { ${hit} }
        ambiguous: search(text: "招宝", first: 20) { ${hit} }
        enName: search(text: "zhaobao magnet", first: 3) { ${hit} }
        pinyin: search(text: "Zhenhai Lianhua", first: 1) { ${hit} }
        acronym: search(text: "NIMTE", first: 2) { ${hit} }
        magnets: search(text: "磁钢") { ${hit} }
        hydrogen: search(text: "氢", first: 100) { ${hit} }
        funds: search(text: "招宝", kinds: [Fund]) { ${hit} }
      }`),
    );
    type Hit = { score: number; entity: { id: string; name: string; kind: string } };
    const top = (hits: Hit[]) => hits[0]!.entity;
    // An exact alias (招宝磁业, the pinyin Zhaobao Ciye) or English name ranks first, well above the next hit.
    for (const key of ['zh', 'en', 'enName'] as const) {
      const hits = data[key] as Hit[];
      expect(top(hits), key).toEqual({ id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司', kind: 'Enterprise' });
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score + 5);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    }
    // 招宝 alone names the firm, the hydrogen park, the fund and the magnet base alike: it is no alias of any one of them.
    expect(ids((data.ambiguous as Hit[]).map((h) => h.entity))).toEqual(
      expect.arrayContaining([
        'enterprise/zhaobao-magnet',
        'place/zhaobao-hydrogen-valley',
        'fund/ruxin-zhaobao-fund',
        'place/zhaobao-magnet-base',
      ]),
    );
    expect(top(data.pinyin)).toEqual({ id: 'enterprise/zhenhai-refining', name: '镇海炼化', kind: 'Enterprise' });
    expect((data.acronym as Hit[]).map((h) => h.entity.id)).toEqual(['institute/nimte', 'patents/nimte-free-patent-list']);
    // 磁钢 (magnet steel) names exactly Zhaobao's three magnet products.
    expect((data.magnets as Hit[]).map((h) => h.entity.id).sort()).toEqual([
      'product/bicycle-motor-magnets',
      'product/elevator-motor-magnets',
      'product/rare-earth-motor-magnets',
    ]);
    // A single Chinese character (no bigram) still matches names: 氢能 is the shortest name with 氢.
    // Equal scores are ordered by name length, then id.
    expect(top(data.hydrogen)).toEqual({ id: 'chain/hydrogen', name: '氢能', kind: 'IndustrialChain' });
    expect((data.hydrogen as Hit[]).map((h) => h.entity.id)).toEqual([
      'chain/hydrogen',
      'stat/zhaobao-hydrogen-valley-firms',
      'product/hydrogen-fuel-cell-system',
      'product/hydrogen-trucks-buses',
      'place/zhaobao-hydrogen-valley',
      'place/zhenhai-hydrogen-pipeline',
      'event/zhenhai-hydrogen-pipeline-connection',
      'stat/kunhua-vehicles-in-operation',
    ]);
    for (const h of data.hydrogen as Hit[]) expect(`${h.entity.name}`, h.entity.id).toContain('氢');
    expect(data.funds).toHaveLength(1);
    expect(top(data.funds)).toEqual({ id: 'fund/ruxin-zhaobao-fund', name: '宁波汝鑫招宝基金', kind: 'Fund' });
  });

  it('Q9b search text with Lucene syntax is taken literally and never errors', async () => {
    const texts = [
      '招宝 AND 磁业',
      '(招宝',
      'foo:bar',
      '"unbalanced',
      'a*?~^',
      '\\',
      '[1 TO 5]',
      '/regex/',
      '&&||!',
      'NOT',
      '-',
      'zhaobao~2',
      '招宝^10 OR 镇海',
    ];
    const vars = Object.fromEntries(texts.map((t, i) => [`t${i}`, t]));
    const query = `query(${texts.map((_, i) => `$t${i}: String!`).join(', ')}) { ${texts.map((_, i) => `s${i}: search(text: $t${i}) { score entity { id } }`).join(' ')} }`;
    const data = ok(await app.gql(query, vars));
    for (let i = 0; i < texts.length; i++) expect(Array.isArray(data[`s${i}`]), texts[i]).toBe(true);
    // The firm, its party branch (招宝磁业党支部) and its events share the words 招宝 and 磁业: all lead, the firm among them.
    expect(data.s0.slice(0, 4).map((h: any) => h.entity.id)).toContain('enterprise/zhaobao-magnet');
    expect(data.s1.map((h: any) => h.entity.id)).toContain('enterprise/zhaobao-magnet');
    // Literal text that occurs nowhere finds nothing: the colon is not a field query, * not a wildcard.
    expect(data.s2).toEqual([]);
    expect(data.s4).toEqual([]);
    expect(data.s7).toEqual([]);
  });

  it('Q9c a name filter matches within one name or alias, never across the alias separator', async () => {
    const data = ok(
      await app.gql(`{
        semicolon: enterprises(filter: {nameContains: ";"}) { totalCount }
        across: enterprises(filter: {nameContains: "招宝 ; 招宝"}) { totalCount }
        search: search(text: ";") { entity { id } }
      }`),
    );
    // No name or alias of any entity contains ";" — only the stored join of the aliases does.
    expect(data.semicolon.totalCount).toBe(0);
    expect(data.across.totalCount).toBe(0);
    expect(data.search).toEqual([]);
  });

  it('Q10 the neighbourhood of 宁波汝鑫招宝基金 (depth 1) is exactly its investors, investee, place, figures and the rescue it came from; a small limit truncates', async () => {
    const data = ok(
      await app.gql(`{
        full: neighbourhood(entity: {name: "宁波汝鑫招宝基金"}, depth: 1) {
          truncated center { id name }
          nodes { id kind label distance entity { id name } }
          edges { id source target type relation { id fromId toId evidence { paragraph } } }
        }
        firms: neighbourhood(entity: {name: "汝鑫招宝基金"}, depth: 2, kinds: [Enterprise, Organisation]) { truncated nodes { id distance } edges { id source target } }
        small: neighbourhood(entity: {id: "fund/ruxin-zhaobao-fund"}, depth: 1, limit: 3) { truncated nodes { id distance } edges { id source target } }
      }`),
    );
    const full = data.full;
    expect(full.truncated).toBe(false);
    expect(full.center).toEqual({ id: 'fund/ruxin-zhaobao-fund', name: '宁波汝鑫招宝基金' });
    // The centre first, then by distance and name.
    expect(full.nodes.map((n: any) => [n.id, n.kind, n.label, n.distance])).toEqual([
      ['fund/ruxin-zhaobao-fund', 'Fund', '宁波汝鑫招宝基金', 0],
      ['stat/ruxin-fund-size', 'Statistic', '基金规模', 1],
      ['region/ningbo', 'Region', '宁波', 1],
      ['enterprise/zhaobao-magnet', 'Enterprise', '宁波招宝磁业股份有限公司', 1],
      ['event/zhaobao-magnet-rescue', 'Event', '招宝磁业纾困', 1],
      ['enterprise/haijiang', 'Enterprise', '海江公司', 1],
    ]);
    for (const n of full.nodes) expect(n.entity).toEqual({ id: n.id, name: n.label });
    // Every relation among the kept nodes, including 招宝磁业 → 宁波 between two neighbours.
    expect(full.edges.map((e: any) => [e.id, e.source, e.target, e.type])).toEqual([
      [
        'INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator',
        'enterprise/haijiang',
        'fund/ruxin-zhaobao-fund',
        'INITIATED',
      ],
      [
        'INVESTED_IN:fund/ruxin-zhaobao-fund->enterprise/zhaobao-magnet',
        'fund/ruxin-zhaobao-fund',
        'enterprise/zhaobao-magnet',
        'INVESTED_IN',
      ],
      ['LOCATED_IN:enterprise/zhaobao-magnet->region/ningbo', 'enterprise/zhaobao-magnet', 'region/ningbo', 'LOCATED_IN'],
      ['LOCATED_IN:fund/ruxin-zhaobao-fund->region/ningbo', 'fund/ruxin-zhaobao-fund', 'region/ningbo', 'LOCATED_IN'],
      ['MEASURES:stat/ruxin-fund-size->fund/ruxin-zhaobao-fund', 'stat/ruxin-fund-size', 'fund/ruxin-zhaobao-fund', 'MEASURES'],
      [
        'PARTICIPATED_IN:enterprise/haijiang->event/zhaobao-magnet-rescue#fund co-initiator',
        'enterprise/haijiang',
        'event/zhaobao-magnet-rescue',
        'PARTICIPATED_IN',
      ],
      [
        'PARTICIPATED_IN:enterprise/zhaobao-magnet->event/zhaobao-magnet-rescue#rescued firm',
        'enterprise/zhaobao-magnet',
        'event/zhaobao-magnet-rescue',
        'PARTICIPATED_IN',
      ],
      [
        'PARTICIPATED_IN:fund/ruxin-zhaobao-fund->event/zhaobao-magnet-rescue#investor',
        'fund/ruxin-zhaobao-fund',
        'event/zhaobao-magnet-rescue',
        'PARTICIPATED_IN',
      ],
      [
        'RESULTED_IN:event/zhaobao-magnet-rescue->fund/ruxin-zhaobao-fund',
        'event/zhaobao-magnet-rescue',
        'fund/ruxin-zhaobao-fund',
        'RESULTED_IN',
      ],
    ]);
    const nodeIds = new Set(ids(full.nodes));
    for (const e of full.edges) {
      expect(nodeIds.has(e.source) && nodeIds.has(e.target), e.id).toBe(true);
      expect(e.relation).toMatchObject({ id: e.id, fromId: e.source, toId: e.target });
    }
    // Everything about the fund is in paragraph 32; 招宝磁业's place in Ningbo is in paragraph 28 and its part in the rescue in
    // paragraph 30. The 8000万元 is the INVESTED_IN amount only (no statistic repeats it).
    expect(full.edges.map((e: any) => e.relation.evidence.map((x: any) => x.paragraph))).toEqual([
      [32],
      [32],
      [28],
      [32],
      [32],
      [32],
      [30],
      [32],
      [32],
    ]);

    // Through firms and bodies only, two hops reach the state-owned parent.
    expect(data.firms.truncated).toBe(false);
    expect(data.firms.nodes).toEqual([
      { id: 'fund/ruxin-zhaobao-fund', distance: 0 },
      { id: 'enterprise/zhaobao-magnet', distance: 1 },
      { id: 'enterprise/haijiang', distance: 1 },
      { id: 'org/zhenhai-state-assets', distance: 2 },
    ]);
    expect(ids(data.firms.edges)).toEqual([
      'INITIATED:enterprise/haijiang->fund/ruxin-zhaobao-fund#co-initiator',
      'INVESTED_IN:fund/ruxin-zhaobao-fund->enterprise/zhaobao-magnet',
      'SUBSIDIARY_OF:enterprise/haijiang->org/zhenhai-state-assets',
    ]);

    expect(data.small.truncated).toBe(true);
    expect(data.small.nodes).toEqual([
      { id: 'fund/ruxin-zhaobao-fund', distance: 0 },
      { id: 'stat/ruxin-fund-size', distance: 1 },
      { id: 'region/ningbo', distance: 1 },
    ]);
    const smallIds = new Set(ids(data.small.nodes));
    for (const e of data.small.edges) expect(smallIds.has(e.source) && smallIds.has(e.target), e.id).toBe(true);
    expect(ids(data.small.edges)).toEqual([
      'LOCATED_IN:fund/ruxin-zhaobao-fund->region/ningbo',
      'MEASURES:stat/ruxin-fund-size->fund/ruxin-zhaobao-fund',
    ]);
  });
});

describe('Relay pagination through a relation list', () => {
  /** What is located in 宁波 (Region.locatedHere), by name: 14 entities. */
  const LOCATED_IN_NINGBO = [
    'alliance/zhongyong-innovation-community',
    'enterprise/saic-volkswagen-ningbo',
    'institute/nimte',
    'alliance/chain-communities',
    'place/ningbo-port',
    'enterprise/zhaobao-magnet',
    'cluster/ningbo-new-energy-vehicles',
    'cluster/ningbo-smart-home-appliances',
    'fund/ruxin-zhaobao-fund',
    'org/ningbo-customs',
    'place/ningbo-petrochemical-zone',
    'enterprise/qixi-intelligent',
    'cluster/ningbo-green-petrochemicals',
    'alliance/community-service-teams',
  ];

  type Page = { totalCount: number; pageInfo: PageInfoOut; edges: { cursor: string; relationId: string; node: { id: string } }[] };
  const pageQuery = `query($first: Int, $after: String, $last: Int, $before: String) {
    node(id: "region/ningbo") { ... on Region { locatedHere(first: $first, after: $after, last: $last, before: $before) { totalCount ${PAGE_INFO} edges { cursor relationId node { id } } } } }
  }`;
  async function page(variables: Record<string, unknown>): Promise<Page> {
    return ok(await app.gql(pageQuery, variables)).node.locatedHere as Page;
  }

  it('Q11 pages forwards with first: 2 / after and backwards with last: 2 / before; nothing repeated or lost, flags and cursors right', async () => {
    const forward: string[] = [];
    const cursors = new Map<string, string>();
    let after: string | null = null;
    for (let n = 0; n < 7; n++) {
      const p: Page = await page({ first: 2, after });
      expect(p.totalCount).toBe(14);
      expect(p.edges).toHaveLength(2);
      expect(p.pageInfo.hasPreviousPage).toBe(n > 0);
      expect(p.pageInfo.hasNextPage).toBe(n < 6);
      expect(p.pageInfo.startCursor).toBe(p.edges[0]!.cursor);
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)!.cursor);
      for (const e of p.edges) {
        expect(e.relationId).toBe(`LOCATED_IN:${e.node.id}->region/ningbo`);
        forward.push(e.node.id);
        cursors.set(e.node.id, e.cursor);
      }
      after = p.pageInfo.endCursor;
    }
    expect(forward).toEqual(LOCATED_IN_NINGBO);
    expect(new Set(cursors.values()).size).toBe(14);

    const backward: string[] = [];
    let before: string | null = null;
    for (let n = 0; n < 7; n++) {
      const p: Page = await page({ last: 2, before });
      expect(p.totalCount).toBe(14);
      expect(p.edges).toHaveLength(2);
      expect(p.pageInfo.hasPreviousPage).toBe(n < 6);
      expect(p.pageInfo.hasNextPage).toBe(n > 0);
      // Cursors do not depend on the direction or size of the page.
      for (const e of p.edges) expect(e.cursor).toBe(cursors.get(e.node.id));
      backward.unshift(...p.edges.map((e) => e.node.id));
      before = p.pageInfo.startCursor;
    }
    expect(backward).toEqual(LOCATED_IN_NINGBO);

    // Stable: the same page twice has the same cursors; a cursor works with any page size.
    const again = await page({ first: 2, after: cursors.get('alliance/chain-communities') });
    expect(again.edges.map((e) => [e.node.id, e.cursor])).toEqual([
      ['place/ningbo-port', cursors.get('place/ningbo-port')],
      ['enterprise/zhaobao-magnet', cursors.get('enterprise/zhaobao-magnet')],
    ]);
    const window = await page({ first: 100, after: cursors.get('institute/nimte'), before: cursors.get('fund/ruxin-zhaobao-fund') });
    expect(window.edges.map((e) => e.node.id)).toEqual(LOCATED_IN_NINGBO.slice(3, 8));
    expect(window.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(window.totalCount).toBe(14);
  });

  it('Q11b ties on the sort key (two relations with 中科院宁波材料所) are split across pages without loss', async () => {
    const query = `query($after: String) { node(id: "enterprise/zhaobao-magnet") { ... on Enterprise {
      relations(types: [COOPERATES_WITH, LICENSED_PATENTS_TO, HOLDS_POSITION], first: 1, after: $after) { totalCount ${PAGE_INFO} edges { cursor relationId direction node { id } } }
    } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 4; n++) {
      const r: any = ok(await app.gql(query, { after })).node.relations;
      expect(r.totalCount).toBe(4);
      expect(r.pageInfo.hasNextPage).toBe(n < 3);
      seen.push(...r.edges.map((e: any) => `${e.direction} ${e.relationId}`));
      after = r.pageInfo.endCursor;
    }
    expect(seen).toEqual([
      'OUT COOPERATES_WITH:enterprise/zhaobao-magnet->institute/nimte#joint party-building',
      'IN LICENSED_PATENTS_TO:institute/nimte->enterprise/zhaobao-magnet',
      'IN HOLDS_POSITION:person/lin-jianqiang->enterprise/zhaobao-magnet#deputy general manager in charge of technology R&D',
      'IN HOLDS_POSITION:person/chen-wei->enterprise/zhaobao-magnet#person in charge',
    ]);
  });
});

describe('errors name the argument and leak nothing', () => {
  it('Q12 first: 101, a malformed cursor, a non-designation id, maxHops 7 and blank text are BAD_USER_INPUT naming the argument', async () => {
    expect(expectBadInput(await app.gql('{ enterprises(first: 101) { totalCount } }'), 'first')).toBe(
      'first: must be between 0 and 100, got 101',
    );
    expectBadInput(
      await app.gql('{ node(id: "enterprise/zhaobao-magnet") { ... on Enterprise { investors(first: 101) { totalCount } } } }'),
      'first',
    );
    expectBadInput(await app.gql('{ enterprises(last: 101) { totalCount } }'), 'last');
    expectBadInput(await app.gql('{ enterprises(first: 2, last: 2) { totalCount } }'), 'first');
    expect(expectBadInput(await app.gql('{ enterprises(first: 2, after: "not-a-cursor!") { totalCount } }'), 'after')).toBe(
      'after: is not a cursor returned by this API',
    );
    expectBadInput(await app.gql('{ enterprises(last: 2, before: "WyJvbmx5LW9uZSJd") { totalCount } }'), 'before');
    expect(
      expectBadInput(
        await app.gql('{ enterprises(filter: {designation: "enterprise/zhaobao-magnet"}) { totalCount } }'),
        'filter.designation',
      ),
    ).toBe('filter.designation: must be a Designation id (designation/...), got "enterprise/zhaobao-magnet"');
    expectBadInput(await app.gql('{ enterprises(filter: {chain: "designation/single-champion"}) { totalCount } }'), 'filter.chain');
    expectBadInput(
      await app.gql(
        '{ findRelations(from: {kinds: [Community]}, steps: [{types: [SERVES]}], to: {designation: "chain/hydrogen"}) { totalCount } }',
      ),
      'to.designation',
    );
    expectBadInput(await app.gql('{ findRelations(from: {}, steps: []) { totalCount } }'), 'steps');
    const maxHops = await app.gql('{ paths(from: "institute/nimte", to: "org/zhenhai-state-assets", maxHops: 7) { length } }');
    expect(expectBadInput(maxHops, 'maxHops')).toBe('maxHops: must be between 1 and 6, got 7');
    expectBadInput(await app.gql('{ neighbourhood(id: "institute/nimte", depth: 4) { truncated } }'), 'depth');
    expectBadInput(await app.gql('{ neighbourhood(id: "institute/nimte", limit: 0) { truncated } }'), 'limit');
    expect(expectBadInput(await app.gql('{ search(text: "   ") { score } }'), 'text')).toBe('text: must not be blank');
    expectBadInput(await app.gql('{ search(text: "") { score } }'), 'text');
    expectBadInput(await app.gql(`{ search(text: "${'招'.repeat(201)}") { score } }`), 'text');
    expectBadInput(await app.gql('{ search(text: "招宝", first: 101) { score } }'), 'first');
    expectBadInput(await app.gql(`{ node(id: "${SOURCE_ID}") { ... on SourceDocument { paragraph(number: 0) } } }`), 'number');
  });

  it('Q12b unknown ids are not errors: node and neighbourhood are null, nodes keeps a null in place', async () => {
    const data = ok(
      await app.gql(`{
        node(id: "enterprise/no-such-firm") { id }
        neighbourhood(id: "enterprise/no-such-firm") { truncated }
        nodes(ids: ["enterprise/no-such-firm", "institute/nimte"]) { id }
        relations: findRelations(from: {ids: ["enterprise/no-such-firm"]}, steps: [{types: [SERVES]}]) { totalCount edges { cursor } }
      }`),
    );
    expect(data.node).toBeNull();
    expect(data.neighbourhood).toBeNull();
    expect(data.nodes).toEqual([null, { id: 'institute/nimte' }]);
    expect(data.relations).toEqual({ totalCount: 0, edges: [] });
  });

  it('Q12c paths with an unknown id is null (as documented), not an empty list', async () => {
    const data = ok(
      await app.gql(`{
        unknownFrom: paths(from: "enterprise/no-such-firm", to: "institute/nimte") { length }
        unknownTo: paths(from: "institute/nimte", to: "enterprise/no-such-firm") { length }
        unconnected: paths(from: "institute/nimte", to: "person/he-yuankai", maxHops: 1) { length }
      }`),
    );
    expect(data.unknownFrom).toBeNull();
    expect(data.unknownTo).toBeNull();
    // Both exist but nothing joins them within one hop: an empty list, not null.
    expect(data.unconnected).toEqual([]);
  });

  it('Q12d validation and variable errors carry a code and no stack trace', async () => {
    const wrongType = await app.gql('query($n: Int) { enterprises(first: $n) { totalCount } }', { n: 'many' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expectCleanErrors(wrongType);
    const badEnum = await app.gql('{ findRelations(from: {kinds: [Company]}, steps: [{types: [SERVES]}]) { totalCount } }');
    expect(badEnum.status).toBe(400);
    expect(badEnum.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectCleanErrors(badEnum);
  });
});

describe('the source document', () => {
  it('Q13 the article cites 211 relations and 61 statistics; paragraph 9 is the 119-champions line', async () => {
    const data = ok(
      await app.gql(`{
        node(id: "${SOURCE_ID}") { ... on SourceDocument {
          id name date language
          facts(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id type fromId toId } } }
          citedStatistics(first: 2) { totalCount pageInfo { hasNextPage } edges { node { id value unit } } }
          authors { totalCount edges { node { id name } role evidence { paragraph quote } } }
          p9: paragraph(number: 9) p127: paragraph(number: 127) p128: paragraph(number: 128)
        } }
      }`),
    );
    const doc = data.node;
    expect(doc).toMatchObject({ id: SOURCE_ID, name: SOURCE_NAME, date: '2025-11', language: 'zh' });
    // The 211 relations of the seed; the statistics (61) are counted apart, with their MEASURES.
    expect(doc.facts.totalCount).toBe(211);
    expect(doc.facts.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
    expect(ids(doc.facts.edges.map((e: any) => e.node))).toEqual([
      'APPLIES_TO:policy/chain-party-building-mechanism->enterprise/qixi-intelligent',
      'APPLIES_TO:policy/chain-party-building-mechanism->place/ningbo-petrochemical-zone',
    ]);
    expect(doc.citedStatistics.totalCount).toBe(61);
    expect(doc.citedStatistics.edges.map((e: any) => e.node)).toEqual([
      { id: 'stat/chain-wide-sharing-cost-savings', value: 100_000_000, unit: 'yuan' },
      { id: 'stat/green-power-sharing-firms', value: 50, unit: 'enterprise' },
    ]);
    expect(doc.p9).toBe(
      '119家,这是宁波国家级制造业单项冠军企业(产品)数量,连续8年保持全国第一。在全国众多制造业实力强劲的城市中,宁波为何能在单项冠军的数量上长期领先?',
    );
    expect(doc.p9).toBe(sourceLine(9));
    expect(doc.p127).toBe('党的二十大代表、灵峰工业社区党委书记史孟艳(左)入企服务帮助解决数字化改造难题。');
    expect(doc.p128).toBeNull();
    // Five writers, the photographer, the commentator and the body that supplied the other photos.
    expect(doc.authors.totalCount).toBe(8);
    const byRole = (role: string) =>
      doc.authors.edges
        .filter((e: any) => e.role === role)
        .map((e: any) => e.node.name)
        .sort();
    expect(byRole('writer')).toEqual(['勇祖轩', '周悦广', '周文丹', '董嘉伟', '陈希燕'].sort());
    expect(byRole('photographer')).toEqual(['贺元凯']);
    expect(byRole('commentator')).toEqual(['邱巍']);
    expect(byRole('photo provider')).toEqual(['宁波市委组织部']);
    const qiu = doc.authors.edges.find((e: any) => e.node.id === 'person/qiu-wei');
    expectEvidence(qiu.evidence, [
      { paragraph: 109, quote: '专家点评' },
      { paragraph: 117, quote: '浙江省委党校党史党建教研部主任 邱巍' },
    ]);
  });
});

describe('more research questions', () => {
  it('Q14 what did 鲲华 develop, and which designation does that product hold? 鲲运 → 首台(套)装备 (paragraph 72), nested through relation fields', async () => {
    const res = await app.gql(
      `{
        node(id: "enterprise/kunhua-new-energy") { ... on Enterprise {
          id name
          designations { edges { node { id name } evidence { paragraph quote } } }
          people { edges { node { id name } title titleZh evidence { paragraph quote } } }
          developed { totalCount edges { relationId note evidence { paragraph quote } node { id name kind ... on Product {
            designations { totalCount edges { relationId node { id name nameEn } evidence { paragraph quote } } }
          } } } }
        } }
      }`,
      undefined,
      { 'x-chainkb-query-count': '1' },
    );
    const kunhua = ok(res).node;
    expect([kunhua.id, kunhua.name]).toEqual(['enterprise/kunhua-new-energy', '浙江鲲华新能源科技有限公司']);
    expect(kunhua.designations.edges.map((e: any) => e.node)).toEqual([
      { id: 'designation/provincial-tech-sme', name: '省级科技型中小企业' },
    ]);
    expectEvidence(kunhua.designations.edges[0].evidence, [{ paragraph: 70, quote: '专注于氢燃料电池系统研发与制造的省级科技型中小企业' }]);
    expect(kunhua.people.edges.map((e: any) => [e.node.id, e.node.name, e.title, e.titleZh])).toEqual([
      ['person/wang-yabo', '王亚波', 'chairman', '董事长'],
    ]);
    expectEvidence(kunhua.people.edges[0].evidence, [{ paragraph: 70, quote: '公司董事长王亚波说' }]);

    expect(kunhua.developed.totalCount).toBe(1);
    const developed = kunhua.developed.edges[0];
    expect(developed.relationId).toBe('DEVELOPED:enterprise/kunhua-new-energy->product/kunyun-fuel-cell-engine');
    expect(developed.node).toMatchObject({ id: 'product/kunyun-fuel-cell-engine', name: '鲲运', kind: 'Product' });
    expectEvidence(developed.evidence, [{ paragraph: 72, quote: '鲲华新能源公司自主研发的燃料电池发动机“鲲运”' }]);
    expect(developed.node.designations.totalCount).toBe(1);
    const designation = developed.node.designations.edges[0];
    expect(designation.relationId).toBe('HOLDS_DESIGNATION:product/kunyun-fuel-cell-engine->designation/first-set-equipment');
    expect(designation.node).toEqual({
      id: 'designation/first-set-equipment',
      name: '首台(套)装备',
      nameEn: 'First-of-its-kind equipment (first unit/set)',
    });
    expectEvidence(designation.evidence, [{ paragraph: 72, quote: '“鲲运”成功入选国内首台(套)装备名单' }]);
    // Relation fields are batched per level: the entity, then each nested level, one query each.
    expect(res.extensions?.cypherQueries).toBeLessThanOrEqual(3);
  });

  it('Q15 what does 灵峰社区 run, which party body does it have, whom does that body serve and who leads it? (paragraphs 90–96, 127)', async () => {
    const data = ok(
      await app.gql(`{
        node(id: "community/lingfeng") { ... on Community {
          name category
          programmes { totalCount edges { node { id name } } }
          memberEntities { totalCount edges { node { id name } start } }
          partyOrganisations { totalCount edges { node { id name category ... on PartyOrganisation {
            firms: serves(filter: {kinds: [Enterprise]}) { totalCount edges { ${EDGE_FIELDS} } }
            everything: serves { totalCount edges { node { id name } count countQualifier evidence { paragraph quote } } }
            people { edges { node { id name } title titleZh evidence { paragraph quote } } }
          } } } }
          statistics(first: 10) { totalCount edges { node { id ... on Statistic { value unit } } } }
        } }
      }`),
    );
    const lingfeng = data.node;
    expect([lingfeng.name, lingfeng.category]).toEqual(['灵峰社区', 'industrial']);
    expect(lingfeng.programmes.totalCount).toBe(5);
    expect(lingfeng.programmes.edges.map((e: any) => e.node.name)).toEqual([
      '“共享员工”',
      '“红链贷”',
      '“绿电享”',
      '全链共享',
      '灵峰社区85条服务清单',
    ]);
    // 耐达 is a firm in its area since March 2024 (辖区企业, paragraphs 92–94).
    expect(lingfeng.memberEntities.edges).toEqual([
      { node: { id: 'enterprise/naida-technology', name: '宁波耐达技术股份有限公司' }, start: '2024-03' },
    ]);
    // The serving is done by the community's party committee (社区党委, paragraphs 94 and 96).
    expect(lingfeng.partyOrganisations.totalCount).toBe(1);
    const committee = lingfeng.partyOrganisations.edges[0].node;
    expect([committee.id, committee.name, committee.category]).toEqual([
      'party/lingfeng-community-party-committee',
      '灵峰社区党委',
      'committee',
    ]);
    expect(committee.firms.totalCount).toBe(1);
    expect(committee.firms.edges[0]).toMatchObject({
      node: { id: 'enterprise/naida-technology', kind: 'Enterprise', name: '宁波耐达技术股份有限公司' },
      direction: 'OUT',
      start: '2024-03',
    });
    // Besides the firm it serves the park (paragraph 96); the park's 88 firms are a statistic of the park, not a count on this edge.
    expect(committee.everything.totalCount).toBe(2);
    const park = committee.everything.edges.find((e: any) => e.node.id === 'place/lingfeng-park');
    expect(park).toMatchObject({ node: { id: 'place/lingfeng-park', name: '灵峰社区园区' }, count: null, countQualifier: null });
    expectEvidence(park.evidence, [
      { paragraph: 96, quote: '灵峰社区党委立足产业链特性,为园区88家企业和2.6万名职工提供组团化、集成化、精准化服务' },
      { paragraph: 96, quote: '推动园区国家级专精特新“小巨人”企业从0增长到14家' },
    ]);
    expect(committee.people.edges.map((e: any) => [e.node.id, e.node.name, e.title, e.titleZh])).toEqual([
      ['person/shi-mengyan', '史孟艳', 'party committee secretary', '灵峰工业社区党委书记'],
    ]);
    expectEvidence(committee.people.edges[0].evidence, [
      { paragraph: 127, quote: '灵峰工业社区党委书记史孟艳(左)入企服务帮助解决数字化改造难题' },
    ]);
    // Its own figure is the 97 requests resolved in 2025; the 85 items and the 12 programmes measure the list and the set.
    expect(lingfeng.statistics.totalCount).toBe(1);
  });

  it('Q16 which chain-leader enterprises lead which chains? 江丰电子 → 高端新材料 (104–105), 镇海炼化 → 绿色石化 (66)', async () => {
    const data = ok(
      await app.gql(`{
        findRelations(from: {kinds: [Enterprise]}, steps: [{types: [LEADS_CHAIN]}], to: {kinds: [IndustrialChain]}) {
          totalCount edges { node { from { id name } to { id name } path { relations { ${RELATION_FIELDS} } } } }
        }
      }`),
    );
    expect(data.findRelations.totalCount).toBe(2);
    const matches = data.findRelations.edges.map((e: any) => e.node);
    expect(matches.map((m: any) => [m.from.id, m.from.name, m.to.id, m.to.name])).toEqual([
      ['enterprise/jiangfeng-electronics', '江丰电子', 'chain/new-materials', '高端新材料'],
      ['enterprise/zhenhai-refining', '镇海炼化', 'chain/green-petrochemicals', '绿色石化'],
    ]);
    expectEvidence(matches[0].path.relations[0].evidence, [
      { paragraph: 104, quote: '新材料产业链链主企业江丰' },
      { paragraph: 105, quote: '电子党员骨干开展技术攻坚' },
    ]);
    expectEvidence(matches[1].path.relations[0].evidence, [{ paragraph: 66, quote: '链主企业镇海炼化牵头联合链上企业' }]);
  });

  it("Q17 what happened to 招宝磁业, and who took part? its events in order (2011 party organisation, 2020 crisis and rescue) and the rescue's parties (paragraphs 28–34)", async () => {
    const data = ok(
      await app.gql(`{
        firm: node(id: "enterprise/zhaobao-magnet") { ... on Enterprise { events { totalCount edges { role node { id name ... on Event { category start end } } } } } }
        rescue: node(id: "event/zhaobao-magnet-rescue") { ... on Event { name category start end
          participants { totalCount edges { role node { id kind } evidence { paragraph assertedBy { id } } } }
          outcomes { edges { node { id } } } } }
        pipeline: node(id: "event/zhenhai-hydrogen-pipeline-connection") { ... on Event { start end participants { edges { role status node { id } } } } }
      }`),
    );
    const events = data.firm.events.edges
      .map((e: any) => [e.node.start, e.node.id, e.node.category, e.role])
      .sort((a: any, b: any) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
    expect(events).toEqual([
      ['2011', 'event/zhaobao-magnet-party-organisation-founding', 'founding', 'founder'],
      ['2020', 'event/zhaobao-magnet-crisis-2020', 'crisis', 'firm in crisis'],
      ['2020', 'event/zhaobao-magnet-rescue', 'rescue', 'rescued firm'],
    ]);
    expect(data.rescue).toMatchObject({ name: '招宝磁业纾困', category: 'rescue', start: '2020', end: null });
    const parties = data.rescue.participants.edges.map((e: any) => [e.node.id, e.node.kind, e.role]).sort();
    expect(parties).toEqual(
      [
        ['enterprise/haijiang', 'Enterprise', 'fund co-initiator'],
        ['enterprise/zhaobao-magnet', 'Enterprise', 'rescued firm'],
        ['fund/ruxin-zhaobao-fund', 'Fund', 'investor'],
        ['institute/nimte', 'ResearchInstitute', 'research partner'],
        ['party/new-materials-chain-party-building-joint-meeting', 'PartyOrganisation', 'drew up the relief plan'],
        ['policy/new-materials-chain-party-building-mechanism', 'Policy', 'coordinator'],
      ].sort(),
    );
    // The relief plan is Chen Wei's account (paragraph 30); the fund's part is the authors' (paragraph 32).
    const plan = data.rescue.participants.edges.find((e: any) => e.role === 'drew up the relief plan');
    expect(plan.evidence).toEqual([{ paragraph: 30, assertedBy: { id: 'person/chen-wei' } }]);
    const fund = data.rescue.participants.edges.find((e: any) => e.role === 'investor');
    expect(fund.evidence).toEqual([{ paragraph: 32, assertedBy: null }]);
    expect(data.rescue.outcomes.edges.map((e: any) => e.node.id).sort()).toEqual(['fund/ruxin-zhaobao-fund', 'place/zhaobao-joint-lab']);
    // A forecast, not a result: the pipeline is expected to be connected by the end of 2025 (paragraph 68).
    expect(data.pipeline).toMatchObject({ start: '2025-12', end: '2025-12' });
    expect(data.pipeline.participants.edges.map((e: any) => [e.node.id, e.role, e.status]).sort()).toEqual(
      [
        ['enterprise/zhenhai-refining', 'start of the pipeline', 'FORECAST'],
        ['place/zhaobao-hydrogen-valley', 'end of the pipeline', 'FORECAST'],
        ['place/zhenhai-hydrogen-pipeline', 'pipeline', 'FORECAST'],
      ].sort(),
    );
  });
});
