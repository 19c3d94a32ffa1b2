import { ENTITY_KIND_NAMES, type EntityKind } from '../model/entity-kinds.js';
import type { RelationType } from '../model/relation-types.js';
import { statisticIndexProperties } from '../model/statistics.js';
import type { EntityRow, Props, RelationRow } from '../ingest/rows.js';
import { relationKey } from '../seed/validate.js';
import type { SeedData } from '../seed/validate.js';
import { Corpus } from './corpus.js';
import { entityProps, generatedId, namedEntity } from './entities.js';
import { kindCounts, RELATION_PROPS, RULES, STATISTIC_SUBJECTS, type Rule } from './plan.js';
import { Random, Zipf } from './random.js';
import { MEASURES } from './words.js';

/**
 * A generated graph of `entities` entities on top of the seed, a pure function of (seed, size,
 * seed folder): rows come out in the same order with the same bytes on every run, which is what
 * lets the bulk writer resume by batch number. Nothing is held but the ids (one string per entity)
 * and the degree counters; rows are produced as the writer pulls them.
 */
export interface GeneratorOptions {
  seed: number;
  entities: number;
  seedData: SeedData;
}

type Named = Exclude<EntityKind, 'Statistic' | 'SourceDocument'>;

export interface GeneratedSummary {
  entitiesByKind: Record<string, number>;
  relationsByType: Record<string, number>;
  maxDegree: { id: string; degree: number };
}

/** Options the generator cannot work with (the CLI exits 2 on it). */
export class GeneratorOptionsError extends Error {
  override name = 'GeneratorOptionsError';
}

export class GraphGenerator {
  /** Generated entities per kind (the seed's come on top). */
  readonly counts: Record<EntityKind, number>;
  readonly corpus: Corpus;
  /** Per kind: the seed's ids, then the generated ones (Zipf rank = index, so seed entities are the top hubs). */
  private readonly population = new Map<EntityKind, string[]>();
  private readonly seedCount = new Map<EntityKind, number>();
  /** Each generated statistic's subject, as (kind, index in its population). */
  private readonly statisticSubjects: [EntityKind, number][] = [];
  private readonly hubIndex = new Map<string, number>();
  private readonly degrees = new Map<EntityKind, Int32Array>();
  private readonly zipfs = new Map<string, Zipf>();
  private readonly relationCounts: Record<string, number> = {};

  constructor(readonly options: GeneratorOptions) {
    if (!Number.isSafeInteger(options.seed) || options.seed < 0)
      throw new GeneratorOptionsError(`seed must be a whole number >= 0 (got ${options.seed})`);
    if (!Number.isSafeInteger(options.entities) || options.entities < ENTITY_KIND_NAMES.length)
      throw new GeneratorOptionsError(
        `entities must be a whole number >= ${ENTITY_KIND_NAMES.length}, one per kind (got ${options.entities})`,
      );
    this.counts = kindCounts(options.entities);
    this.corpus = new Corpus(Array.from({ length: this.counts.SourceDocument }, (_, v) => this.sourceId(v)));
    for (const [kind, ids] of seedIdsByKind(options.seedData)) {
      this.seedCount.set(kind, ids.length);
      this.population.set(kind, ids);
    }
    // One kind at a time, in model order: statistics draw their subjects from the kinds before them.
    for (const kind of ENTITY_KIND_NAMES) for (const id of this.generatedIds(kind)) this.population.get(kind)!.push(id);
    for (const kind of ENTITY_KIND_NAMES) this.degrees.set(kind, new Int32Array(this.population.get(kind)!.length));
    this.checkHubs();
  }

  /** Relations expected (rule means × sizes; duplicates drawn are dropped, so a little more than written). */
  estimatedRelations(): number {
    const perRule = RULES.reduce((sum, rule) => sum + rule.mean * this.counts[rule.per === 'from' ? rule.from : rule.to], 0);
    return Math.round(perRule + this.counts.Statistic);
  }

  *entityRows(): Generator<EntityRow> {
    for (const kind of ENTITY_KIND_NAMES) {
      for (let i = 0; i < this.counts[kind]; i++) yield { kind, props: this.entityAt(kind, i) };
    }
  }

  *relationRows(): Generator<RelationRow> {
    for (const [index, rule] of RULES.entries()) yield* this.ruleRows(rule, index);
    yield* this.measuresRows();
  }

  /** Valid once relationRows() has been consumed. */
  summary(): GeneratedSummary {
    let max = { id: '', degree: -1 };
    for (const [kind, degrees] of this.degrees) {
      degrees.forEach((degree, i) => {
        if (degree > max.degree) max = { id: this.population.get(kind)![i]!, degree };
      });
    }
    return { entitiesByKind: { ...this.counts }, relationsByType: sortedCounts(this.relationCounts), maxDegree: max };
  }

  private sourceId(volume: number): string {
    return `source/generated-corpus-${this.options.seed}-${volume + 1}`;
  }

  private entityRandom(kind: EntityKind, i: number): Random {
    return Random.derive(this.options.seed, 'entity', kind, i);
  }

  private generatedIds(kind: EntityKind): string[] {
    const ids: string[] = [];
    for (let i = 0; i < this.counts[kind]; i++) {
      if (kind === 'SourceDocument') ids.push(this.sourceId(i));
      else if (kind === 'Statistic') ids.push(this.statistic(i).id);
      else ids.push(generatedId(kind, namedEntity(kind as Named, this.entityRandom(kind, i)).slug, i));
    }
    return ids;
  }

  private entityAt(kind: EntityKind, i: number): Props & { id: string } {
    if (kind === 'SourceDocument') return this.sourceProps(i);
    if (kind === 'Statistic') return this.statistic(i).props;
    const random = this.entityRandom(kind, i);
    const named = namedEntity(kind as Named, random);
    return entityProps(kind, generatedId(kind, named.slug, i), named, this.corpus.forEntity(kind, random));
  }

  private sourceProps(volume: number): Props & { id: string } {
    const n = volume + 1;
    return {
      id: this.sourceId(volume),
      name: `宁波产业链合成语料（第${n}卷）`,
      nameEn: `Ningbo industrial chains, synthetic corpus, volume ${n}`,
      aliases: [],
      aliasText: '',
      date: `2025-${String((volume % 12) + 1).padStart(2, '0')}-01`,
      language: 'zh',
      publisher: 'chainkb generator',
      description: `Generated text (seed ${this.options.seed}) that the generated facts cite; one paragraph per line.`,
      text: Corpus.text(n),
    };
  }

  /** A statistic and its subject: both derived from (seed, i), so MEASURES finds the same subject later. */
  private statistic(i: number): { id: string; subject: string; props: Props & { id: string } } {
    const random = this.entityRandom('Statistic', i);
    const [measureZh, measure, unit] = random.pick(MEASURES);
    const id = `stat/${measure.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-g${i.toString(36)}`;
    const [subjectKind, subjectIndex] = (this.statisticSubjects[i] = this.drawSubject(random));
    const subject = this.population.get(subjectKind)![subjectIndex]!;
    const year = random.int(2015, 2025);
    const props: Props & { id: string } = {
      id,
      name: measureZh,
      nameEn: measure,
      measure,
      measureZh,
      ...statisticIndexProperties(measure, measureZh),
      unit,
      subjectId: subject,
      qualifier: random.pick(['exact', 'exact', 'about', 'more-than']),
      isChange: unit === 'percent',
      periodLabel: `${year}年`,
      periodStart: String(year),
      periodEnd: String(year),
      ...statisticValue(unit, random),
      ...this.corpus.forRelation('MEASURES', random),
    };
    return { id, subject, props };
  }

  private drawSubject(random: Random): [EntityKind, number] {
    let u = random.next();
    const [kind] = STATISTIC_SUBJECTS.find(([, weight]) => (u -= weight) < 0) ?? STATISTIC_SUBJECTS[0]!;
    return [kind, this.zipf(this.population.get(kind)!.length, 1).draw(random)];
  }

  private *measuresRows(): Generator<RelationRow> {
    const first = this.seedCount.get('Statistic')!;
    for (let i = 0; i < this.counts.Statistic; i++)
      yield this.relation(
        'MEASURES',
        ['Statistic', first + i],
        this.statisticSubjects[i]! as [EntityKind, number],
        Random.derive(this.options.seed, 'measures', i),
      );
  }

  private *ruleRows(rule: Rule, ruleIndex: number): Generator<RelationRow> {
    const [iterKind, drawKind] = rule.per === 'from' ? [rule.from, rule.to] : [rule.to, rule.from];
    const firstIter = this.seedCount.get(iterKind)!;
    for (let i = 0; i < this.counts[iterKind]; i++) {
      const random = Random.derive(this.options.seed, 'rule', ruleIndex, i);
      const self = firstIter + i;
      const wanted = rule.tail ? random.paretoCount(rule.mean, 10_000) : random.countAround(rule.mean);
      for (const drawn of this.drawDistinct(rule, drawKind, self, wanted, random)) {
        const iterated: [EntityKind, number] = [iterKind, self];
        const other: [EntityKind, number] = [drawKind, drawn];
        yield rule.per === 'from' ? this.relation(rule.type, iterated, other, random) : this.relation(rule.type, other, iterated, random);
      }
    }
  }

  /** Up to `wanted` distinct indices of `kind`, never `self`; a few retries absorb the hubs' repeats. */
  private drawDistinct(rule: Rule, kind: EntityKind, self: number, wanted: number, random: Random): number[] {
    const chosen: number[] = [];
    for (let tries = 0; chosen.length < wanted && tries < wanted * 3; tries++) {
      const index = this.drawIndex(rule, kind, self, random);
      if (index < 0) break;
      if ((rule.from === rule.to && index === self) || chosen.includes(index)) continue;
      chosen.push(index);
    }
    return chosen;
  }

  private drawIndex(rule: Rule, kind: EntityKind, self: number, random: Random): number {
    const ids = this.population.get(kind)!;
    if (rule.hub && random.chance(rule.hub.share)) return this.hubIndex.get(rule.hub.id)!;
    const offset = rule.generatedOnly ? this.seedCount.get(kind)! : 0;
    const limit = rule.earlier ? self - offset : ids.length - offset;
    if (limit <= 0) return -1;
    return offset + this.zipf(ids.length - offset, rule.zipf).draw(random, limit);
  }

  /** A relation between two entities given as (kind, index in its population); counts it and both ends' degrees. */
  private relation(
    type: RelationType,
    [fromKind, fromIndex]: [EntityKind, number],
    [toKind, toIndex]: [EntityKind, number],
    random: Random,
  ): RelationRow {
    const from = this.population.get(fromKind)![fromIndex]!;
    const to = this.population.get(toKind)![toIndex]!;
    const props = RELATION_PROPS[type](random);
    const id = relationKey({ type, from, to, props, evidence: [] });
    this.relationCounts[type] = (this.relationCounts[type] ?? 0) + 1;
    this.degrees.get(fromKind)![fromIndex]!++;
    this.degrees.get(toKind)![toIndex]!++;
    return { type, from, to, props: { id, ...props, ...this.corpus.forRelation(type, random) } };
  }

  private zipf(n: number, s: number): Zipf {
    const key = `${n}:${s}`;
    let zipf = this.zipfs.get(key);
    if (!zipf) this.zipfs.set(key, (zipf = new Zipf(n, s)));
    return zipf;
  }

  private checkHubs(): void {
    for (const rule of RULES) {
      const kind = rule.per === 'from' ? rule.to : rule.from;
      if (!rule.hub) continue;
      const index = this.population.get(kind)!.indexOf(rule.hub.id);
      this.hubIndex.set(rule.hub.id, index);
      if (index < 0)
        throw new Error(
          `the generator's ${rule.type} rule sends ${rule.hub.share * 100}% of its relations to ${rule.hub.id}, which the seed folder lacks`,
        );
    }
  }
}

function seedIdsByKind(data: SeedData): Map<EntityKind, string[]> {
  const ids = new Map<EntityKind, string[]>(ENTITY_KIND_NAMES.map((k) => [k, []]));
  for (const s of data.sources) ids.get('SourceDocument')!.push(s.id);
  for (const e of data.entities) ids.get(e.kind)!.push(e.id);
  for (const s of data.statistics) ids.get('Statistic')!.push(s.id);
  return ids;
}

function statisticValue(unit: string, random: Random): Props {
  if (unit === 'yuan') {
    const value = Math.round(random.logUniform(1e6, 5e11));
    return { value, currency: 'CNY', originalValue: Math.round(value / 1e6) / 100, originalUnit: '亿元' };
  }
  if (unit === 'percent') return { value: Math.round((random.next() * 60 - 20) * 10) / 10 };
  return { value: Math.round(random.logUniform(1, 1e5)) };
}

const sortedCounts = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
