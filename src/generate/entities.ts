import { ENTITY_KINDS, type EntityKind } from '../model/entity-kinds.js';
import type { StoredEvidence } from '../model/evidence.js';
import type { Props } from '../ingest/rows.js';
import type { Random } from './random.js';
import * as W from './words.js';

/**
 * One generated entity's names and kind-specific properties, from its own random stream: names
 * built from the word lists (宁波 + 2–3 syllables + 磁业 + 股份有限公司, its pinyin/English form, a
 * short alias), a category from the model's list, a founding year. The id ends in `-g<index>`, so
 * it never collides with a seed id or another generated one.
 */
export interface Named {
  slug: string;
  name: string;
  nameEn: string;
  aliases: string[];
  description: string;
  category?: string;
  extra?: Props;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function syllables(random: Random, min: number, max: number): { zh: string; en: string } {
  const picked = Array.from({ length: random.int(min, max) }, () => random.pick(W.SYLLABLES));
  return { zh: picked.map(([zh]) => zh).join(''), en: picked.map(([, en]) => en).join('') };
}

const categoryOf = (kind: EntityKind, random: Random): string | undefined => {
  const categories = (ENTITY_KINDS[kind] as { categories?: readonly string[] }).categories;
  return categories ? random.pick(categories) : undefined;
};

function enterprise(random: Random): Named {
  const [placeZh, placeEn] = random.pick(W.PLACES);
  const s = syllables(random, 2, 3);
  const [indZh, indEn, indSlug] = random.pick(W.INDUSTRIES);
  const [sufZh, sufEn] = random.pick(W.COMPANY_SUFFIXES);
  const short = `${s.zh}${indZh}`;
  return {
    slug: `${s.en}-${indSlug}`,
    name: `${placeZh}${short}${sufZh}`,
    nameEn: `${placeEn} ${cap(s.en)} ${indEn} ${sufEn}`,
    aliases: [short, `${cap(s.en)} ${indEn}`, ...(random.chance(0.3) ? [s.zh] : [])],
    description: `A ${random.chance(0.8) ? 'private' : 'state-owned'} ${indEn.toLowerCase()} manufacturer in ${placeEn}.`,
    category: random.chance(0.85) ? 'private' : random.pick(['state-owned', 'joint-venture-branch']),
    extra: { foundedYear: random.int(1978, 2024) },
  };
}

function person(random: Random): Named {
  const [surZh, surEn] = random.pick(W.SURNAMES);
  const given = syllables(random, 1, 2);
  return {
    slug: `${surEn}-${given.en}`,
    name: `${surZh}${given.zh}`,
    nameEn: `${cap(surEn)} ${cap(given.en)}`,
    aliases: [],
    description: 'An executive, official or expert named in the sources.',
  };
}

function product(random: Random): Named {
  const [adjZh, adjEn, adjSlug] = random.pick(W.PRODUCT_ADJECTIVES);
  const [nounZh, nounEn, nounSlug] = random.pick(W.PRODUCT_NOUNS);
  const brand = syllables(random, 2, 2);
  return {
    slug: `${brand.en}-${adjSlug}-${nounSlug}`,
    name: `${brand.zh}${adjZh}${nounZh}`,
    nameEn: `${cap(brand.en)} ${adjEn} ${nounEn}`,
    aliases: [`${adjZh}${nounZh}`],
    description: `${cap(adjEn)} ${nounEn} made in Ningbo.`,
  };
}

/** Kinds named "<place><syllables><type word>": the type word list decides category and slug. */
function placed(random: Random, types: readonly (readonly [string, string, string, string?])[], suffixZh = '', suffixEn = ''): Named {
  const [placeZh, placeEn] = random.pick(W.PLACES);
  const s = syllables(random, 2, 2);
  const [typeZh, typeEn, typeSlug, category] = random.pick(types);
  return {
    slug: `${placeEn.toLowerCase()}-${s.en}-${typeSlug}`,
    name: `${placeZh}${s.zh}${typeZh}${suffixZh}`,
    nameEn: `${placeEn} ${cap(s.en)} ${typeEn}${suffixEn}`,
    aliases: [`${s.zh}${typeZh}${suffixZh}`],
    description: `${typeEn}${suffixEn} in ${placeEn}.`,
    ...(category ? { category } : {}),
  };
}

const industryAs = (zh: string, en: string, slug: string) =>
  W.INDUSTRIES.map(([iz, ie, is]) => [`${iz}${zh}`, `${ie} ${en}`, `${is}-${slug}`] as const);

const BUILDERS: Record<Exclude<EntityKind, 'Statistic' | 'SourceDocument'>, (random: Random) => Named> = {
  Enterprise: enterprise,
  Person: person,
  Product: product,
  Organisation: (r) => placed(r, W.ORG_BODIES),
  Event: (r) => {
    const p = placed(r, W.EVENT_TYPES);
    const year = r.int(2010, 2025);
    const start = r.chance(0.5) ? String(year) : `${year}-${String(r.int(1, 12)).padStart(2, '0')}`;
    return { ...p, name: `${year}年${p.name}`, extra: { start } };
  },
  PartyOrganisation: (r) => placed(r, W.PARTY_BODIES),
  ResearchInstitute: (r) => {
    const university = r.chance(0.25);
    return {
      ...placed(
        r,
        W.RESEARCH_FIELDS.map(([z, e, s]) => [`${z}${university ? '学院' : '研究院'}`, `${e} ${university ? 'College' : 'Institute'}`, s]),
      ),
      category: university ? 'university' : 'research-institute',
    };
  },
  Community: (r) =>
    placed(r, [
      ['产业社区', 'Industrial Community', 'community', 'industrial'],
      ['楼宇社区', 'Office-Building Community', 'building', 'office-building'],
      ['市场社区', 'Market Community', 'market', 'market'],
    ]),
  Region: (r) =>
    placed(r, [
      ['街道', 'Street', 'street', 'street'],
      ['镇', 'Town', 'town', 'street'],
      ['新区', 'New Area', 'new-area', 'new-area'],
    ]),
  Place: (r) => placed(r, W.PLACE_TYPES),
  Policy: (r) => {
    const p = placed(r, W.POLICY_TYPES);
    return { ...p, name: `${r.int(2018, 2025)}年${p.name}` };
  },
  Designation: (r) => placed(r, W.DESIGNATION_TITLES),
  Alliance: (r) => ({
    ...placed(r, industryAs('产业链共同体', 'Chain Community', 'chain-community')),
    category: r.pick(['innovation-consortium', 'innovation-community', 'chain-community', 'task-force']),
  }),
  Fund: (r) => placed(r, industryAs('产业投资基金', 'Industry Investment Fund', 'fund')),
  PatentPortfolio: (r) => placed(r, industryAs('专利包', 'Patent Portfolio', 'patents')),
  IndustrialChain: (r) => placed(r, industryAs('产业链', 'Industrial Chain', 'chain')),
  IndustrialCluster: (r) => placed(r, industryAs('产业集群', 'Industrial Cluster', 'cluster')),
};

export function namedEntity(kind: Exclude<EntityKind, 'Statistic' | 'SourceDocument'>, random: Random): Named {
  const named = BUILDERS[kind](random);
  return named.category !== undefined || !(ENTITY_KINDS[kind] as { categories?: unknown }).categories
    ? named
    : { ...named, category: categoryOf(kind, random) };
}

/** A generated id: the kind's prefix, a readable slug and the index (base 36) after `g`. */
export function generatedId(kind: EntityKind, slug: string, index: number): string {
  return `${ENTITY_KINDS[kind].idPrefix}/${slug}-g${index.toString(36)}`;
}

/** The stored node properties, as the seed loader writes them (aliasText for the full-text index). */
export function entityProps(id: string, named: Named, evidence: StoredEvidence): Props & { id: string } {
  const props: Props & { id: string } = {
    id,
    name: named.name,
    nameEn: named.nameEn,
    aliases: named.aliases,
    aliasText: named.aliases.join(' ; '),
    description: named.description,
  };
  if (named.category !== undefined) props.category = named.category;
  return { ...props, ...named.extra, ...evidence };
}
