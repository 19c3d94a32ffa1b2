import { ENTITY_KIND_NAMES, type EntityKind } from '../model/entity-kinds.js';
import { toStoredEvidence, type StoredEvidence } from '../model/evidence.js';
import { RELATION_TYPE_NAMES, type RelationType } from '../model/relation-types.js';
import type { Random } from './random.js';

/**
 * The generated source documents that the generated facts cite. Every volume has the same
 * layout: line 1 the title, then one paragraph per entity kind, then one per relation type, each
 * holding its quote verbatim — so every piece of generated evidence passes the seed validator's
 * rule (the quote is in that line of that source) and `SourceDocument.paragraph(number:)` works.
 */
const KIND_ZH: Record<EntityKind, string> = {
  Enterprise: '企业',
  IndustrialChain: '产业链',
  IndustrialCluster: '产业集群',
  Policy: '政策',
  Fund: '基金',
  PatentPortfolio: '专利包',
  Person: '人物',
  ResearchInstitute: '科研院所',
  Organisation: '机构',
  PartyOrganisation: '党组织',
  Community: '产业社区',
  Region: '区域',
  Place: '园区',
  Product: '产品',
  Designation: '荣誉称号',
  Alliance: '联盟',
  Event: '事件',
  SourceDocument: '文献',
  Statistic: '统计数据',
};

export const RELATION_QUOTES: Record<RelationType, string> = {
  LOCATED_IN: '企业落户于当地园区和街道',
  PART_OF: '隶属于上级区域或体系',
  IN_CHAIN: '企业加入产业链上下游协作',
  LEADS_CHAIN: '链主企业牵头带动产业链',
  HOLDS_DESIGNATION: '企业获评国家级和省级荣誉称号',
  SUBSIDIARY_OF: '为集团下属企业',
  INITIATED: '牵头发起设立基金和联合体',
  INVESTED_IN: '产业基金注资支持企业发展',
  LICENSED_PATENTS_TO: '科研院所向企业许可转让专利',
  OFFERS: '面向企业开放专利清单和服务',
  DRAWN_FROM: '企业从专利包中遴选所需专利',
  COOPERATES_WITH: '双方开展党建联建和校企合作',
  HOLDS_POSITION: '担任企业董事长、总经理等职务',
  DEVELOPED: '自主研发新产品和新技术',
  PRODUCES: '企业专注于主导产品的生产',
  USES: '下游企业使用本地配套产品',
  CONNECTS: '管线连接园区内企业',
  SERVES: '产业社区为企业和职工提供服务',
  RUNS: '社区和部门运营服务项目',
  SUPPORTED: '政策和基金帮助企业纾困解难',
  MEMBER_OF: '企业加入产业联盟和社区',
  LEADS: '龙头企业牵头组建创新联合体',
  COVERS: '机制覆盖重点产业链和区域',
  APPLIES_TO: '行动方案在区县和企业落地实施',
  DRIVES: '龙头项目带动区域产业集群发展',
  ISSUED: '主管部门发布政策和认定名单',
  AUTHORED: '记者采写并拍摄本文',
  BELONGS_TO: '企业党支部隶属于公司党委',
  PARTICIPATED_IN: '多方共同参与纾困和签约活动',
  RESULTED_IN: '会议促成新的联合体和基金',
  MEASURES: '统计数据显示',
};

const entityQuote = (kind: EntityKind) => `收录${KIND_ZH[kind]}信息`;

export class Corpus {
  constructor(
    /** Ids of the generated volumes, e.g. source/generated-corpus-42-1. */
    readonly sourceIds: readonly string[],
  ) {}

  /** The text of every volume: one paragraph per line (the seed's convention). */
  static text(volume: number): string {
    const line = (quote: string) => `（合成语料·第${volume}卷）${quote}，本段为 chainkb 数据生成器合成的示例文本，用于规模测试。`;
    return [
      `宁波产业链合成语料（第${volume}卷）`,
      ...ENTITY_KIND_NAMES.map((k) => line(entityQuote(k))),
      ...RELATION_TYPE_NAMES.map((t) => line(RELATION_QUOTES[t])),
    ].join('\n');
  }

  forEntity(kind: EntityKind, random: Random): StoredEvidence {
    return this.evidence(random, 2 + ENTITY_KIND_NAMES.indexOf(kind), entityQuote(kind));
  }

  forRelation(type: RelationType, random: Random): StoredEvidence {
    return this.evidence(random, 2 + ENTITY_KIND_NAMES.length + RELATION_TYPE_NAMES.indexOf(type), RELATION_QUOTES[type]);
  }

  private evidence(random: Random, paragraph: number, quote: string): StoredEvidence {
    return toStoredEvidence([{ sourceId: random.pick(this.sourceIds), paragraph, quote }]);
  }
}
