import { ENTITY_LABEL, type EntityKind } from './entity-kinds.js';

/**
 * Properties a relation may carry. One shared vocabulary keeps the GraphQL edge type and the
 * Cypher simple; each relation type lists which of them it allows and which it requires.
 */
export const RELATION_PROPERTIES = {
  role: 'The part the source plays, e.g. "core enterprise" (IN_CHAIN), "co-initiator" (INITIATED), "joint laboratory" (COOPERATES_WITH); a chain\u2019s leader is a LEADS_CHAIN relation, not a role.',
  title: 'A position title, e.g. "general manager" (in English; the Chinese is in titleZh).',
  titleZh: 'The position title as the source writes it, e.g. 党支部书记.',
  start: 'When the relation began or was granted: YYYY, YYYY-MM or YYYY-MM-DD (as precise as the source).',
  end: 'When it ended or is due to end (a target year, a completion date), in the same form; absent while it lasts.',
  periodLabel: 'The period as the source words it, e.g. 近两年, 2020年, 年底.',
  count: 'How many: patents licensed, problems solved, firms served, ...',
  countQualifier: 'How exact `count` is: exact, more-than (余/超), about (近) or at-least.',
  amount: 'A money amount in yuan (the base unit).',
  amountOriginal: 'The amount as the source writes it, in amountOriginalUnit.',
  amountOriginalUnit: 'The unit the source uses: 亿元 (1e8 yuan) or 万元 (1e4 yuan).',
  currency: 'ISO currency code of amount, e.g. CNY.',
  status:
    'The claim status (src/model/claims.ts): actual (the default, stored as absent), under-construction, planned, forecast or target.',
  note: 'A one-line English gloss of the fact.',
} as const;
export type RelationProperty = keyof typeof RELATION_PROPERTIES;

export interface RelationTypeSpec {
  description: string;
  from: readonly EntityKind[];
  to: readonly EntityKind[];
  /** GraphQL field on the `from` entity listing these relations (outgoing). */
  outField: string;
  /**
   * GraphQL field on the `to` entity listing these relations (incoming). None where another field
   * lists them better: a subject's statistics are `Entity.statistics`, a connection of the
   * Statistic nodes themselves with their figures.
   */
  inField?: string;
  /**
   * The relation means the same read either way (A cooperates with B = B with A): both ends get one
   * field, `outField`, listing the relations in both directions; `inField` is unused.
   */
  symmetric?: boolean;
  allowed?: readonly RelationProperty[];
  required?: readonly RelationProperty[];
}

/** The bodies that act: they locate, initiate, lead, run, issue, cooperate and employ. */
const ORGS = [
  'Enterprise',
  'Organisation',
  'ResearchInstitute',
  'Community',
  'Alliance',
  'PartyOrganisation',
] as const satisfies readonly EntityKind[];
const ANY_ACTOR = [
  ...ORGS,
  'Person',
  'Region',
  'IndustrialChain',
  'IndustrialCluster',
  'Place',
  'Fund',
  'Policy',
] as const satisfies readonly EntityKind[];
/**
 * Properties every relation type takes: any fact can be dated, can be a claim short of a result, and
 * can have a gloss. Spread into each type's `allowed`, so the table stays the one list of what a type takes.
 */
const EVERY = ['start', 'end', 'periodLabel', 'status', 'note'] as const satisfies readonly RelationProperty[];
const MONEY = ['amount', 'amountOriginal', 'amountOriginalUnit', 'currency'] as const satisfies readonly RelationProperty[];

/** Directed verbs, UPPER_SNAKE_CASE, read "from VERB to". */
export const RELATION_TYPES = {
  LOCATED_IN: {
    description: 'The entity is located in a region or place.',
    from: [...ORGS, 'Place', 'IndustrialCluster', 'Fund', 'Event'],
    to: ['Region', 'Place'],
    outField: 'locatedIn',
    inField: 'locatedHere',
    allowed: [...EVERY],
  },
  PART_OF: {
    description: 'A region, place, chain, cluster, policy or alliance is part of a larger one.',
    from: ['Region', 'Place', 'IndustrialChain', 'IndustrialCluster', 'Policy', 'Alliance', 'Organisation'],
    to: ['Region', 'Place', 'IndustrialChain', 'IndustrialCluster', 'Policy', 'Alliance', 'Organisation'],
    outField: 'partOf',
    inField: 'parts',
    allowed: [...EVERY],
  },
  IN_CHAIN: {
    description: 'An enterprise, cluster, product, place or alliance belongs to an industrial chain (its leader: LEADS_CHAIN).',
    from: ['Enterprise', 'IndustrialCluster', 'Product', 'Place', 'Alliance', 'Community'],
    to: ['IndustrialChain'],
    outField: 'chains',
    inField: 'members',
    allowed: ['role', ...EVERY],
  },
  LEADS_CHAIN: {
    description: 'The chain-leader enterprise (链主企业) of an industrial chain.',
    from: ['Enterprise'],
    to: ['IndustrialChain'],
    outField: 'chainsLed',
    inField: 'chainLeaders',
    allowed: [...EVERY],
  },
  HOLDS_DESIGNATION: {
    description: 'An enterprise, product, person, city, chain or cluster holds an official designation (宁波 holds 冠军之城).',
    from: ['Enterprise', 'Product', 'Person', 'Region', 'IndustrialChain', 'IndustrialCluster'],
    to: ['Designation'],
    outField: 'designations',
    inField: 'holders',
    allowed: [...EVERY],
  },
  SUBSIDIARY_OF: {
    description: 'An enterprise is owned by or reports to another body (下属).',
    from: ['Enterprise'],
    to: ['Enterprise', 'Organisation'],
    outField: 'parents',
    inField: 'subsidiaries',
    allowed: [...EVERY],
  },
  INITIATED: {
    description: 'An organisation, enterprise or city initiated (发起/牵头成立/组建) a fund, alliance or programme.',
    from: [...ORGS, 'Person', 'Region'],
    to: ['Fund', 'Alliance', 'Policy', 'Community'],
    outField: 'initiated',
    inField: 'initiators',
    allowed: ['role', ...EVERY],
  },
  INVESTED_IN: {
    description: 'A fund or investor put money into an enterprise (注资).',
    from: ['Fund', 'Enterprise', 'Organisation'],
    to: ['Enterprise', 'Place'],
    outField: 'investments',
    inField: 'investors',
    allowed: [...MONEY, ...EVERY],
    required: ['amount', 'currency'],
  },
  LICENSED_PATENTS_TO: {
    description: 'A research institute licensed or transferred patents to an enterprise.',
    from: ['ResearchInstitute'],
    to: ['Enterprise'],
    outField: 'patentLicencesGranted',
    inField: 'patentLicences',
    allowed: ['count', 'countQualifier', ...EVERY],
    required: ['count'],
  },
  OFFERS: {
    description:
      'An organisation offers a patent portfolio or a product to others (a community\u2019s service list is a programme it RUNS).',
    from: [...ORGS],
    to: ['PatentPortfolio', 'Product'],
    outField: 'offers',
    inField: 'offeredBy',
    allowed: ['count', 'countQualifier', ...EVERY],
  },
  DRAWN_FROM: {
    description:
      'An enterprise drew (selected) patents from a portfolio it did not get them licensed through; a licence from the portfolio\u2019s holder is LICENSED_PATENTS_TO (招宝磁业\u2019s 20 patents from NIMTE\u2019s free list are that licence).',
    from: ['Enterprise'],
    to: ['PatentPortfolio'],
    outField: 'patentSourcesUsed',
    inField: 'selectedBy',
    allowed: ['count', 'countQualifier', ...EVERY],
  },
  COOPERATES_WITH: {
    description: 'Two organisations cooperate (党建联建, 校企合作, joint labs); read both ways.',
    from: [...ORGS],
    to: [...ORGS],
    outField: 'partners',
    inField: 'partners',
    symmetric: true,
    allowed: ['role', 'count', ...EVERY],
  },
  HOLDS_POSITION: {
    description: 'A person holds a position at an organisation.',
    from: ['Person'],
    to: [...ORGS],
    outField: 'positions',
    inField: 'people',
    allowed: ['title', 'titleZh', ...EVERY],
    required: ['title'],
  },
  DEVELOPED: {
    description: 'An enterprise, alliance or chain developed or built a product, technology, platform or production base.',
    from: ['Enterprise', 'Alliance', 'ResearchInstitute', 'IndustrialChain'],
    to: ['Product', 'Place'],
    outField: 'developed',
    inField: 'developers',
    allowed: ['count', 'countQualifier', ...EVERY],
  },
  PRODUCES: {
    description: 'An enterprise, or a production base, makes or focuses on a product line (专注于).',
    from: ['Enterprise', 'Place'],
    to: ['Product'],
    outField: 'products',
    inField: 'producers',
    allowed: ['role', ...EVERY],
  },
  USES: {
    description: 'A product or enterprise uses another product (e.g. trucks running on a fuel-cell engine).',
    from: ['Product', 'Enterprise'],
    to: ['Product'],
    outField: 'uses',
    inField: 'usedBy',
    allowed: ['count', 'countQualifier', ...EVERY],
  },
  CONNECTS: {
    description: 'A pipeline or network connects an entity (its ends are told apart by `role`: from / to / covers).',
    from: ['Place'],
    to: ['Enterprise', 'Place'],
    outField: 'connects',
    inField: 'connectedBy',
    allowed: ['role', 'count', 'countQualifier', ...EVERY],
    required: ['role'],
  },
  SERVES: {
    description: 'A community, mechanism or body serves enterprises, workers or an area.',
    from: ['Community', 'Organisation', 'Policy', 'Alliance', 'Enterprise', 'PartyOrganisation'],
    to: ['Enterprise', 'Region', 'Place', 'IndustrialChain', 'Community'],
    outField: 'serves',
    inField: 'servedBy',
    allowed: ['count', 'countQualifier', ...EVERY],
  },
  RUNS: {
    description: 'A community or body runs a programme or service.',
    from: [...ORGS, 'Region'],
    to: ['Policy'],
    outField: 'programmes',
    inField: 'runBy',
    allowed: ['role', ...EVERY],
  },
  SUPPORTED: {
    description: 'A mechanism, programme or body supported an enterprise or alliance (纾困, 帮助, 助力).',
    from: ['Policy', 'Organisation', 'Community', 'Alliance', 'Enterprise', 'Fund', 'PartyOrganisation'],
    to: ['Enterprise', 'Alliance', 'Place', 'IndustrialChain'],
    outField: 'supported',
    inField: 'supporters',
    allowed: ['count', 'countQualifier', ...EVERY],
  },
  MEMBER_OF: {
    description: 'An enterprise or organisation is a member of an alliance, cluster or community.',
    from: ['Enterprise', 'Organisation', 'ResearchInstitute', 'PartyOrganisation'],
    to: ['Alliance', 'IndustrialCluster', 'Community', 'Place'],
    outField: 'memberships',
    inField: 'memberEntities',
    allowed: ['role', ...EVERY],
  },
  LEADS: {
    description: 'An enterprise, body or person leads (牵头) an alliance, programme or task force.',
    from: [...ORGS, 'Person'],
    to: ['Alliance', 'Policy'],
    outField: 'leads',
    inField: 'leaders',
    allowed: ['role', ...EVERY],
  },
  COVERS: {
    description: 'A mechanism, plan or standard covers chains, regions or clusters.',
    from: ['Policy'],
    to: ['IndustrialChain', 'Region', 'IndustrialCluster', 'Community', 'Policy'],
    outField: 'covers',
    inField: 'coveredBy',
    allowed: ['count', 'countQualifier', ...EVERY],
  },
  APPLIES_TO: {
    description: 'A mechanism or action is applied in an enterprise, chain or place (e.g. an action in a district).',
    from: ['Policy'],
    to: ['Enterprise', 'IndustrialChain', 'Region', 'Place', 'Alliance'],
    outField: 'appliesTo',
    inField: 'policies',
    allowed: [...EVERY],
  },
  DRIVES: {
    description: 'An entity drives (带动) the growth of a place, cluster or chain.',
    from: ['Enterprise', 'IndustrialCluster', 'Policy'],
    to: ['Place', 'IndustrialCluster', 'IndustrialChain', 'Region'],
    outField: 'drives',
    inField: 'drivenBy',
    allowed: [...EVERY],
  },
  ISSUED: {
    description: 'A body issued, defined or published a policy, standard, designation or document.',
    from: [...ORGS, 'Region'],
    to: ['Policy', 'Designation', 'SourceDocument'],
    outField: 'issued',
    inField: 'issuers',
    allowed: ['role', ...EVERY],
  },
  AUTHORED: {
    description: 'A person or body wrote, photographed, supplied pictures for or commented in a source document.',
    from: ['Person', 'Organisation', 'PartyOrganisation'],
    to: ['SourceDocument'],
    outField: 'authored',
    inField: 'authors',
    allowed: ['role', ...EVERY],
    required: ['role'],
  },
  BELONGS_TO: {
    description:
      'A party organisation belongs to the body it is set up in or for (a firm, community, institute, chain, area) or to a higher party organisation.',
    from: ['PartyOrganisation'],
    to: [...ORGS, 'Region', 'IndustrialChain', 'IndustrialCluster', 'Place'],
    outField: 'belongsTo',
    inField: 'partyOrganisations',
    allowed: ['role', ...EVERY],
  },
  PARTICIPATED_IN: {
    description: 'An actor took part in an event (organiser, rescuer, rescued, signatory, winner, ...: `role` says which).',
    from: [...ANY_ACTOR],
    to: ['Event'],
    outField: 'events',
    inField: 'participants',
    allowed: ['role', 'count', 'countQualifier', ...EVERY],
  },
  RESULTED_IN: {
    description: 'An event led to an outcome: a fund, alliance, programme, party body, product or place it created or made happen.',
    from: ['Event'],
    to: [...ORGS, 'Policy', 'Fund', 'Product', 'Place', 'PatentPortfolio', 'Designation', 'Event'],
    outField: 'outcomes',
    inField: 'resultOf',
    allowed: [...EVERY],
  },
  MEASURES: {
    description: 'A statistic measures a subject (region, enterprise, chain, community, ...).',
    from: ['Statistic'],
    to: [...ANY_ACTOR, 'Product', 'Designation', 'PatentPortfolio', 'SourceDocument', 'Event'],
    outField: 'subjects',
    allowed: [...EVERY],
  },
} as const satisfies Record<string, RelationTypeSpec>;

export type RelationType = keyof typeof RELATION_TYPES;
export const RELATION_TYPE_NAMES = Object.keys(RELATION_TYPES) as RelationType[];

/**
 * The label of the entities relations of `types` reach in `direction` (OUT: their `to` end, IN:
 * their `from` end, BOTH: either): the kind, when the model allows only one, else every entity's
 * label (each kind and `Entity` have a name index, see src/neo4j/schema.ts). A hub's relation page
 * walks its name index; a relation query counts the candidates its last step may reach by it.
 */
export function endLabel(types: readonly RelationType[], direction: 'OUT' | 'IN' | 'BOTH'): string {
  const ends = new Set(
    types.flatMap((t) => [...(direction !== 'IN' ? RELATION_TYPES[t].to : []), ...(direction !== 'OUT' ? RELATION_TYPES[t].from : [])]),
  );
  return ends.size === 1 ? [...ends][0]! : ENTITY_LABEL;
}
