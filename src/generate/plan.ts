import type { EntityKind } from '../model/entity-kinds.js';
import type { RelationType } from '../model/relation-types.js';
import type { Props } from '../ingest/rows.js';
import type { Random } from './random.js';
import * as W from './words.js';

/**
 * The shape of the generated graph: how many entities of each kind per million, and the relation
 * rules, about 2.6 relations per entity (the issue's 1.1M entities had 2.8M relations).
 *
 * Degrees are skewed on purpose: targets are drawn by Zipf rank over the kind (the seed's own
 * entities first, so 新材料 or 镇海 become real hubs), `hub` sends a share of a rule's relations to
 * one entity (at 1M: ~10^5 firms in region/ningbo and holding the national high-tech designation),
 * `tail` gives the from side a heavy-tailed count (a few funds invest in hundreds of firms).
 */
export const SHARES: Record<EntityKind, number> = {
  Enterprise: 0, // the rest, ~61%
  Person: 0.15,
  Product: 0.1,
  Statistic: 0.04,
  Policy: 0.025,
  PatentPortfolio: 0.015,
  Place: 0.01,
  Organisation: 0.01,
  PartyOrganisation: 0.008,
  Event: 0.003,
  Region: 0.01,
  Community: 0.008,
  ResearchInstitute: 0.006,
  Fund: 0.006,
  Alliance: 0.005,
  IndustrialCluster: 0.002,
  IndustrialChain: 0.0005,
  Designation: 0.0001,
  SourceDocument: 0.00005,
};

/** Entities of each kind for `total`: at least one of every kind, Enterprise takes the rest. */
export function kindCounts(total: number): Record<EntityKind, number> {
  const counts = Object.fromEntries(Object.entries(SHARES).map(([k, share]) => [k, Math.max(1, Math.round(total * share))])) as Record<
    EntityKind,
    number
  >;
  const others = Object.values(counts).reduce((a, b) => a + b, 0) - counts.Enterprise;
  counts.Enterprise = Math.max(1, total - others);
  return counts;
}

export interface Rule {
  type: RelationType;
  from: EntityKind;
  to: EntityKind;
  /** Iterate the generated entities of this end and draw the other end. */
  per: 'from' | 'to';
  /** Relations per iterated entity, on average. */
  mean: number;
  /** Heavy-tailed count (Pareto) instead of mean ± 1. */
  tail?: boolean;
  /** Zipf exponent of the drawn end: 0 uniform, 1 hubs and a long tail. */
  zipf: number;
  /** A share of the relations goes to this (seed) entity. */
  hub?: { id: string; share: number };
  /** Draw only among generated entities (not the seed's), e.g. not every firm "in China". */
  generatedOnly?: boolean;
  /** Same kind both ends: draw only entities before the iterated one, so PART_OF has no cycles and a symmetric type no pair twice. */
  earlier?: boolean;
}

const r = (type: RelationType, from: EntityKind, to: EntityKind, mean: number, zipf: number, extra: Partial<Rule> = {}): Rule => ({
  type,
  from,
  to,
  per: 'from',
  mean,
  zipf,
  ...extra,
});

/** Every relation type of the model (the seed uses all of them); MEASURES comes from each statistic's subject. */
export const RULES: readonly Rule[] = [
  r('LOCATED_IN', 'Enterprise', 'Region', 1, 0.9, { hub: { id: 'region/ningbo', share: 0.17 }, generatedOnly: true }),
  r('IN_CHAIN', 'Enterprise', 'IndustrialChain', 0.9, 0.8),
  r('HOLDS_DESIGNATION', 'Enterprise', 'Designation', 0.35, 1, { hub: { id: 'designation/national-high-tech-enterprise', share: 0.47 } }),
  r('PRODUCES', 'Enterprise', 'Product', 0.3, 0.6),
  r('SUBSIDIARY_OF', 'Enterprise', 'Enterprise', 0.04, 1.1, { earlier: true }),
  r('SUBSIDIARY_OF', 'Enterprise', 'Organisation', 0.02, 1),
  r('COOPERATES_WITH', 'Enterprise', 'ResearchInstitute', 0.05, 1),
  r('COOPERATES_WITH', 'Enterprise', 'Enterprise', 0.03, 1, { earlier: true }),
  r('MEMBER_OF', 'Enterprise', 'Alliance', 0.05, 0.9),
  r('MEMBER_OF', 'Enterprise', 'Community', 0.08, 0.9),
  r('USES', 'Enterprise', 'Product', 0.05, 0.8),
  r('DRAWN_FROM', 'Enterprise', 'PatentPortfolio', 0.02, 1),
  r('DEVELOPED', 'Enterprise', 'Product', 0.1, 0.3),
  r('INVESTED_IN', 'Enterprise', 'Enterprise', 0.01, 1, { earlier: true }),
  r('LEADS_CHAIN', 'Enterprise', 'IndustrialChain', 2, 1.2, { per: 'to' }),
  r('LEADS', 'Enterprise', 'Alliance', 1, 1, { per: 'to' }),
  r('INITIATED', 'Organisation', 'Fund', 1, 1, { per: 'to' }),
  r('HOLDS_POSITION', 'Person', 'Enterprise', 0.9, 0.7),
  r('HOLDS_POSITION', 'Person', 'Organisation', 0.05, 0.5),
  r('HOLDS_POSITION', 'Person', 'ResearchInstitute', 0.05, 0.5),
  r('HOLDS_DESIGNATION', 'Person', 'Designation', 0.01, 1),
  r('AUTHORED', 'Person', 'SourceDocument', 2, 0.5, { per: 'to', generatedOnly: true }),
  r('IN_CHAIN', 'Product', 'IndustrialChain', 0.6, 0.8),
  r('HOLDS_DESIGNATION', 'Product', 'Designation', 0.05, 1, { hub: { id: 'designation/first-set-equipment', share: 0.5 } }),
  r('USES', 'Product', 'Product', 0.1, 0.9, { earlier: true }),
  r('ISSUED', 'Organisation', 'Policy', 1, 1, { per: 'to' }),
  r('COVERS', 'Policy', 'IndustrialChain', 0.6, 0.8),
  r('APPLIES_TO', 'Policy', 'Region', 0.3, 1),
  r('SUPPORTED', 'Policy', 'Enterprise', 4, 0.5, { tail: true }),
  r('PART_OF', 'Policy', 'Policy', 0.2, 1, { earlier: true }),
  r('RUNS', 'Community', 'Policy', 0.5, 0.8),
  r('DRIVES', 'Policy', 'IndustrialCluster', 0.1, 1),
  r('SERVES', 'Policy', 'Enterprise', 0.5, 0.6),
  r('INVESTED_IN', 'Fund', 'Enterprise', 5, 0.6, { tail: true }),
  r('LOCATED_IN', 'Fund', 'Region', 1, 1, { hub: { id: 'region/ningbo', share: 0.4 } }),
  r('SUPPORTED', 'Fund', 'Enterprise', 0.5, 0.6),
  r('LICENSED_PATENTS_TO', 'ResearchInstitute', 'Enterprise', 6, 0.6, { tail: true }),
  r('OFFERS', 'ResearchInstitute', 'PatentPortfolio', 1.5, 0.5),
  r('LOCATED_IN', 'ResearchInstitute', 'Region', 1, 1, { generatedOnly: true }),
  r('MEMBER_OF', 'ResearchInstitute', 'Alliance', 0.3, 1),
  r('LOCATED_IN', 'Organisation', 'Region', 1, 1, { generatedOnly: true }),
  r('PART_OF', 'Organisation', 'Organisation', 0.3, 1, { earlier: true }),
  r('SERVES', 'Organisation', 'Enterprise', 3, 0.6, { tail: true }),
  r('SUPPORTED', 'Organisation', 'Enterprise', 1, 0.6),
  r('ISSUED', 'Organisation', 'Designation', 1, 1, { per: 'to' }),
  r('LOCATED_IN', 'Community', 'Region', 1, 1, { generatedOnly: true }),
  r('SERVES', 'Community', 'Enterprise', 8, 0.5, { tail: true }),
  r('IN_CHAIN', 'Community', 'IndustrialChain', 0.3, 1),
  r('IN_CHAIN', 'Alliance', 'IndustrialChain', 1, 0.8),
  r('PART_OF', 'Alliance', 'Alliance', 0.05, 1, { earlier: true }),
  r('DEVELOPED', 'Alliance', 'Product', 0.5, 0.5),
  r('SUPPORTED', 'Alliance', 'Enterprise', 1, 0.6),
  r('PART_OF', 'Region', 'Region', 1, 1, { hub: { id: 'region/yinzhou', share: 0.2 }, earlier: true }),
  r('HOLDS_DESIGNATION', 'Region', 'Designation', 0.01, 1),
  r('LOCATED_IN', 'Place', 'Region', 1, 0.9, { generatedOnly: true }),
  r('CONNECTS', 'Place', 'Enterprise', 0.2, 0.6),
  r('IN_CHAIN', 'Place', 'IndustrialChain', 0.2, 1),
  r('IN_CHAIN', 'IndustrialCluster', 'IndustrialChain', 1, 0.8),
  r('LOCATED_IN', 'IndustrialCluster', 'Region', 1, 1),
  r('DRIVES', 'IndustrialCluster', 'Region', 1, 1),
  r('PART_OF', 'IndustrialChain', 'IndustrialChain', 0.1, 1, { earlier: true }),
  r('BELONGS_TO', 'PartyOrganisation', 'Enterprise', 0.8, 0.5),
  r('BELONGS_TO', 'PartyOrganisation', 'Community', 0.2, 0.8),
  r('COOPERATES_WITH', 'PartyOrganisation', 'PartyOrganisation', 0.3, 1, { earlier: true }),
  r('LEADS', 'PartyOrganisation', 'Alliance', 0.1, 1),
  r('PARTICIPATED_IN', 'Enterprise', 'Event', 4, 0.7, { per: 'to' }),
  r('PARTICIPATED_IN', 'PartyOrganisation', 'Event', 1, 0.7, { per: 'to' }),
  r('RESULTED_IN', 'Event', 'Alliance', 0.2, 1),
];

/** How each statistic picks its subject kind (MEASURES): mostly firms and regions. */
export const STATISTIC_SUBJECTS: readonly (readonly [EntityKind, number])[] = [
  ['Enterprise', 0.6],
  ['Region', 0.15],
  ['IndustrialChain', 0.1],
  ['IndustrialCluster', 0.05],
  ['Community', 0.05],
  ['Policy', 0.05],
];

const qualifier = (random: Random) => random.pick(['exact', 'exact', 'more-than', 'about', 'at-least'] as const);
const start = (random: Random) =>
  random.chance(0.5) ? String(random.int(2000, 2025)) : `${random.int(2000, 2025)}-${String(random.int(1, 12)).padStart(2, '0')}`;

/** A claim status as stored: mostly none (actual, the default), else one of the others. */
const status = (random: Random): Props => {
  const picked = random.pick(['actual', 'actual', 'under-construction', 'planned'] as const);
  return picked === 'actual' ? {} : { status: picked };
};

/** Money as the seed stores it: yuan, plus the amount and unit as printed (万元 or 亿元). */
function money(random: Random): Props {
  const wan = Math.round(random.logUniform(100, 200_000));
  return wan >= 10_000
    ? { amount: wan * 1e4, amountOriginal: Math.round(wan / 100) / 100, amountOriginalUnit: '亿元', currency: 'CNY' }
    : { amount: wan * 1e4, amountOriginal: wan, amountOriginalUnit: '万元', currency: 'CNY' };
}

/** The properties each type takes (only those the model allows it; the required ones always). */
export const RELATION_PROPS: Record<RelationType, (random: Random) => Props> = {
  LOCATED_IN: (g) => (g.chance(0.4) ? { start: start(g) } : {}),
  PART_OF: () => ({}),
  IN_CHAIN: (g) => ({ role: g.pick(['upstream', 'midstream', 'downstream', 'core enterprise', 'supporting enterprise']) }),
  LEADS_CHAIN: () => ({ note: 'chain-leader enterprise' }),
  HOLDS_DESIGNATION: (g) => ({ start: String(g.int(2012, 2025)) }),
  SUBSIDIARY_OF: () => ({}),
  INITIATED: (g) => ({ role: g.pick(['initiator', 'co-initiator', 'lead sponsor']), start: String(g.int(2015, 2025)) }),
  INVESTED_IN: money,
  LICENSED_PATENTS_TO: (g) => ({ count: g.paretoCount(8, 500) + 1, countQualifier: qualifier(g) }),
  OFFERS: (g) => ({ count: g.int(5, 300), countQualifier: qualifier(g) }),
  DRAWN_FROM: (g) => ({ count: g.int(1, 40) }),
  COOPERATES_WITH: (g) => ({
    role: g.pick(['joint lab', 'party-building alliance', 'university-enterprise cooperation']),
    count: g.int(1, 20),
  }),
  HOLDS_POSITION: (g) => {
    const [titleZh, title] = g.pick(W.POSITIONS);
    return { title, titleZh, ...(g.chance(0.5) ? { start: start(g) } : {}) };
  },
  DEVELOPED: (g) => ({ start: String(g.int(2005, 2025)), ...status(g) }),
  PRODUCES: (g) => ({ role: g.pick(['main product', 'product line', 'focus']) }),
  USES: (g) => (g.chance(0.3) ? { count: g.int(1, 1000), countQualifier: qualifier(g) } : {}),
  CONNECTS: (g) => ({ role: g.pick(['from', 'to', 'covers']), ...status(g) }),
  SERVES: (g) => (g.chance(0.3) ? { count: g.int(10, 5000), countQualifier: qualifier(g), start: start(g) } : {}),
  RUNS: (g) => ({ role: g.pick(['operator', 'organiser']) }),
  SUPPORTED: (g) => (g.chance(0.5) ? { count: g.int(1, 200), countQualifier: qualifier(g) } : {}),
  MEMBER_OF: (g) => ({ role: g.pick(['member', 'council member', 'founding member']), start: start(g) }),
  LEADS: (g) => ({ role: g.pick(['lead', 'chair']) }),
  COVERS: (g) => (g.chance(0.4) ? { count: g.int(1, 60), countQualifier: qualifier(g) } : {}),
  APPLIES_TO: () => ({}),
  DRIVES: () => ({}),
  ISSUED: (g) => ({ role: g.pick(['issuer', 'co-issuer']), start: String(g.int(2015, 2025)) }),
  AUTHORED: (g) => ({ role: g.pick(['author', 'photographer', 'commentator']) }),
  BELONGS_TO: () => ({}),
  PARTICIPATED_IN: (g) => ({ role: g.pick(['organiser', 'participant', 'signatory', 'rescuer']) }),
  RESULTED_IN: () => ({}),
  MEASURES: () => ({}),
};
