import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RELATION_TYPE_NAMES, RELATION_TYPES } from '../../src/model/relation-types.js';

/**
 * Each relation type's description beside the seed's own first example of it, so a description
 * that sends readers to the wrong type (an example the data models with another type) shows up in
 * review: the snapshot changes with either.
 */
const SEED = path.resolve(import.meta.dirname, '../../seed');
const files = readdirSync(SEED)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => parse(readFileSync(path.join(SEED, f), 'utf8')) as Record<string, unknown[] | undefined>);
const names = new Map<string, string>();
for (const file of files) {
  for (const e of (file.entities ?? []) as { id: string; name: string }[]) names.set(e.id, e.name);
  for (const s of (file.sources ?? []) as { id: string; title: string }[]) names.set(s.id, s.title);
}
const relations = files.flatMap(
  (file) => (file.relations ?? []) as { type: string; from: string; to: string; props?: { role?: string } }[],
);

describe('relation types and the seed', () => {
  it('every relation type the seed uses is described, and its first example reads as the description says', () => {
    const examples = Object.fromEntries(
      RELATION_TYPE_NAMES.map((type) => {
        const first = relations.find((r) => r.type === type);
        const example = first
          ? `${names.get(first.from) ?? first.from} -${type}${first.props?.role ? ` (${first.props.role})` : ''}-> ${names.get(first.to) ?? first.to}`
          : '(none in the seed)';
        return [type, `${RELATION_TYPES[type].description} | ${example}`];
      }),
    );
    expect(examples).toMatchInlineSnapshot(`
      {
        "APPLIES_TO": "A mechanism or action is applied in an enterprise, chain or place (e.g. an action in a district). | 产业链党建联建协调机制 -APPLIES_TO-> 宁波石化区",
        "AUTHORED": "A person or body wrote, photographed, supplied pictures for or commented in a source document. | 宁波市委组织部 -AUTHORED (photo provider)-> 为链赋能,向新攀高——“冠军之城”宁波因地制宜发展新质生产力",
        "BELONGS_TO": "A party organisation belongs to the body it is set up in or for (a firm, community, institute, chain, area) or to a higher party organisation. | 招宝磁业党支部 -BELONGS_TO-> 宁波招宝磁业股份有限公司",
        "CONNECTS": "A pipeline or network connects an entity (its ends are told apart by \`role\`: from / to / covers). | 镇海炼化至“招宝氢谷”输氢管线 -CONNECTS (from)-> 镇海炼化",
        "COOPERATES_WITH": "Two organisations cooperate (党建联建, 校企合作, joint labs); read both ways. | 宁波招宝磁业股份有限公司 -COOPERATES_WITH (joint party-building)-> 中科院宁波材料所",
        "COVERS": "A mechanism, plan or standard covers chains, regions or clusters. | 产业链党建联建协调机制 -COVERS-> 宁波",
        "DEVELOPED": "An enterprise, alliance or chain developed or built a product, technology, platform or production base. | 宁波招宝磁业股份有限公司 -DEVELOPED-> 年产8000吨高性能稀土永磁智造基地",
        "DRAWN_FROM": "An enterprise drew (selected) patents from a portfolio it did not get them licensed through; a licence from the portfolio’s holder is LICENSED_PATENTS_TO (招宝磁业’s 20 patents from NIMTE’s free list are that licence). | (none in the seed)",
        "DRIVES": "An entity drives (带动) the growth of a place, cluster or chain. | 浙江鲲华新能源科技有限公司 -DRIVES-> “招宝氢谷”氢能产业园",
        "HOLDS_DESIGNATION": "An enterprise, product, person, city, chain or cluster holds an official designation (宁波 holds 冠军之城). | 宁波招宝磁业股份有限公司 -HOLDS_DESIGNATION-> 国家级制造业单项冠军示范企业",
        "HOLDS_POSITION": "A person holds a position at an organisation. | 陈威 -HOLDS_POSITION-> 宁波招宝磁业股份有限公司",
        "INITIATED": "An organisation, enterprise or city initiated (发起/牵头成立/组建) a fund, alliance or programme. | 海江公司 -INITIATED (co-initiator)-> 宁波汝鑫招宝基金",
        "INVESTED_IN": "A fund or investor put money into an enterprise (注资). | 宁波汝鑫招宝基金 -INVESTED_IN-> 宁波招宝磁业股份有限公司",
        "IN_CHAIN": "An enterprise, cluster, product, place or alliance belongs to an industrial chain (its leader: LEADS_CHAIN). | 宁波招宝磁业股份有限公司 -IN_CHAIN (core enterprise)-> 高端新材料",
        "ISSUED": "A body issued, defined or published a policy, standard, designation or document. | 浙江省 -ISSUED (provincial plan)-> “415X”先进制造业集群",
        "LEADS": "An enterprise, body or person leads (牵头) an alliance, programme or task force. | (none in the seed)",
        "LEADS_CHAIN": "The chain-leader enterprise (链主企业) of an industrial chain. | 镇海炼化 -LEADS_CHAIN-> 绿色石化",
        "LICENSED_PATENTS_TO": "A research institute licensed or transferred patents to an enterprise. | 中科院宁波材料所 -LICENSED_PATENTS_TO-> 宁波招宝磁业股份有限公司",
        "LOCATED_IN": "The entity is located in a region or place. | 镇海国资 -LOCATED_IN-> 镇海区",
        "MEASURES": "A statistic measures a subject (region, enterprise, chain, community, ...). | (none in the seed)",
        "MEMBER_OF": "An enterprise or organisation is a member of an alliance, cluster or community. | 宁波耐达技术股份有限公司 -MEMBER_OF (enterprise in the community's area)-> 灵峰社区",
        "OFFERS": "An organisation offers a patent portfolio or a product to others (a community’s service list is a programme it RUNS). | 中科院宁波材料所 -OFFERS-> 中科院宁波材料所免费专利清单",
        "PARTICIPATED_IN": "An actor took part in an event (organiser, rescuer, rescued, signatory, winner, ...: \`role\` says which). | 宁波招宝磁业股份有限公司 -PARTICIPATED_IN (founder)-> 招宝磁业成立党组织",
        "PART_OF": "A region, place, chain, cluster, policy or alliance is part of a larger one. | 宁波 -PART_OF-> 中国",
        "PRODUCES": "An enterprise, or a production base, makes or focuses on a product line (专注于). | 宁波招宝磁业股份有限公司 -PRODUCES (domestic leader)-> 自行车电机磁钢",
        "RESULTED_IN": "An event led to an outcome: a fund, alliance, programme, party body, product or place it created or made happen. | 招宝磁业成立党组织 -RESULTED_IN-> 招宝磁业党支部",
        "RUNS": "A community or body runs a programme or service. | “众甬”创新共同体 -RUNS (organiser)-> 技能竞赛",
        "SERVES": "A community, mechanism or body serves enterprises, workers or an area. | 服务团 -SERVES-> 宁波",
        "SUBSIDIARY_OF": "An enterprise is owned by or reports to another body (下属). | 海江公司 -SUBSIDIARY_OF-> 镇海国资",
        "SUPPORTED": "A mechanism, programme or body supported an enterprise or alliance (纾困, 帮助, 助力). | 产业链党建联建协调机制 -SUPPORTED-> 浙江鲲华新能源科技有限公司",
        "USES": "A product or enterprise uses another product (e.g. trucks running on a fuel-cell engine). | 氢能重卡、巴士 -USES-> 氢燃料电池系统",
      }
    `);
  });
});
