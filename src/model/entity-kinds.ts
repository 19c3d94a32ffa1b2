/**
 * The entity kinds of the knowledge graph: one table that the seed validator, the Neo4j schema,
 * the GraphQL types and schema/MODEL.md all read. Every entity also carries the label `Entity`.
 */
export interface EntityKindSpec {
  /** Neo4j label and GraphQL type name. */
  label: string;
  /** Root GraphQL field listing entities of this kind. */
  listField: string;
  /** Prefix of stable ids, e.g. `enterprise/zhaobao-magnet`. */
  idPrefix: string;
  description: string;
  /** Allowed values of the optional `category` property, if the kind is subdivided. */
  categories?: readonly string[];
}

export const ENTITY_KINDS = {
  Enterprise: {
    label: 'Enterprise',
    listField: 'enterprises',
    idPrefix: 'enterprise',
    description: 'A company or a branch of one (企业), private or state-owned.',
    categories: ['private', 'state-owned', 'joint-venture-branch'],
  },
  IndustrialChain: {
    label: 'IndustrialChain',
    listField: 'industrialChains',
    idPrefix: 'chain',
    description: 'An industrial chain (产业链): the firms upstream and downstream of one industry.',
  },
  IndustrialCluster: {
    label: 'IndustrialCluster',
    listField: 'industrialClusters',
    idPrefix: 'cluster',
    description: 'An industrial cluster (产业集群): a regional concentration of a chain\u2019s firms.',
  },
  Policy: {
    label: 'Policy',
    listField: 'policies',
    idPrefix: 'policy',
    description: 'A policy, mechanism, programme, action, standard or plan (政策/机制/项目/标准).',
    categories: ['mechanism', 'programme', 'action', 'standard', 'plan', 'pilot', 'meeting'],
  },
  Fund: {
    label: 'Fund',
    listField: 'funds',
    idPrefix: 'fund',
    description: 'An investment fund (基金).',
  },
  PatentPortfolio: {
    label: 'PatentPortfolio',
    listField: 'patentPortfolios',
    idPrefix: 'patents',
    description: 'A set of patents offered or held together (专利清单/专利包); the article names no single patent.',
  },
  Person: {
    label: 'Person',
    listField: 'people',
    idPrefix: 'person',
    description: 'A named person: an executive, an official, an expert, or an author of a source.',
  },
  ResearchInstitute: {
    label: 'ResearchInstitute',
    listField: 'researchInstitutes',
    idPrefix: 'institute',
    description: 'A research institute, university or party school (科研院所/高校/党校).',
    categories: ['research-institute', 'university', 'party-school'],
  },
  Organisation: {
    label: 'Organisation',
    listField: 'organisations',
    idPrefix: 'org',
    description: 'A government, party or state-asset body (政府/党组织/国资), or a coordinating body.',
    categories: ['government', 'party', 'state-assets', 'customs', 'coordination-body'],
  },
  PartyOrganisation: {
    label: 'PartyOrganisation',
    listField: 'partyOrganisations',
    idPrefix: 'party',
    description:
      'A body of the Communist Party of China (党组织) at a firm, community, institute, chain or area: a committee (党委), general branch (党总支), branch (党支部), joint committee (联合党委), a Party-and-public service centre (党群服务中心) or a Party members\u2019 vanguard team (党员先锋队).',
    categories: ['committee', 'general-branch', 'branch', 'joint-committee', 'service-centre', 'vanguard-team'],
  },
  Community: {
    label: 'Community',
    listField: 'communities',
    idPrefix: 'community',
    description: 'An industrial community (产业社区) serving the firms and workers of an area.',
    categories: ['industrial', 'office-building', 'market'],
  },
  Region: {
    label: 'Region',
    listField: 'regions',
    idPrefix: 'region',
    description: 'An administrative area: country, province, city, district, county-level city, street, new area.',
    categories: ['country', 'province', 'city', 'district', 'county-level-city', 'street', 'new-area'],
  },
  Place: {
    label: 'Place',
    listField: 'places',
    idPrefix: 'place',
    description: 'A park, zone, production base or piece of infrastructure (园区/石化区/管线).',
    categories: ['zone', 'park', 'pipeline', 'production-base'],
  },
  Product: {
    label: 'Product',
    listField: 'products',
    idPrefix: 'product',
    description: 'A product, technology or digital platform (产品/技术/平台).',
    categories: ['product', 'technology', 'platform'],
  },
  Designation: {
    label: 'Designation',
    listField: 'designations',
    idPrefix: 'designation',
    description: 'An official title given to firms, products or people (单项冠军, 小巨人, 高新技术企业, 首台套, ...).',
    categories: ['national', 'provincial', 'honorary'],
  },
  Alliance: {
    label: 'Alliance',
    listField: 'alliances',
    idPrefix: 'alliance',
    description: 'An alliance or consortium of firms (创新联合体/创新共同体/产业链共同体/结对).',
    categories: ['innovation-consortium', 'innovation-community', 'chain-community', 'task-force'],
  },
  Event: {
    label: 'Event',
    listField: 'events',
    idPrefix: 'event',
    description:
      'A dated happening with several parties (a founding, a rescue, a crisis, a signing, a meeting, a competition): its dates are `start`/`end`, its parties PARTICIPATED_IN it, its outcomes it RESULTED_IN.',
    categories: ['founding', 'rescue', 'crisis', 'signing', 'meeting', 'competition', 'completion', 'selection'],
  },
  SourceDocument: {
    label: 'SourceDocument',
    listField: 'sourceDocuments',
    idPrefix: 'source',
    description: 'A document the facts come from; every relation and statistic cites one.',
  },
  Statistic: {
    label: 'Statistic',
    listField: 'statisticsList',
    idPrefix: 'stat',
    description: 'A figure the source states: subject, measure, numeric value, unit, period and evidence.',
  },
} as const satisfies Record<string, EntityKindSpec>;

export type EntityKind = keyof typeof ENTITY_KINDS;
export const ENTITY_KIND_NAMES = Object.keys(ENTITY_KINDS) as EntityKind[];
/** The label every entity carries besides its kind. */
export const ENTITY_LABEL = 'Entity';

export function kindOfId(id: string): EntityKind | undefined {
  const prefix = id.split('/')[0];
  return ENTITY_KIND_NAMES.find((k) => ENTITY_KINDS[k].idPrefix === prefix);
}
