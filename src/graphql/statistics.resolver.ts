import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Query, Resolver, Root } from 'type-graphql';
import type { ClaimStatus } from '../model/claims.js';
import { ENTITY_KINDS, kindOfId } from '../model/entity-kinds.js';
import { perPageItem } from './cost.js';
import { totalCountSelected } from './lookahead.js';
import type { EntityRecord } from '../neo4j/records.js';
import { userInputError } from '../errors/codes.js';
import { inList, listKey, mapNodes, planPage } from '../queries/pagination.js';
import { MAX_COUNTED_MATCHES } from '../queries/graph-paths.js';
import { resolveEntityRef } from '../queries/entity-ref.js';
import { listStatistics, REACH_DEPTH, type StatisticFilterValue } from '../queries/statistics.js';
import type { Context } from './context.js';
import { checkRange, validateText } from './validation.js';
import { toRelationObject } from './relations.js';
import { connectionType, toConnection } from './types/connection.js';
import { EntityInterface, SourceDocumentType, StatisticType } from './types/entity.js';
import { ClaimStatusEnum } from './types/enums.js';
import { ConnectionArgs, EntityRef } from './types/inputs.js';
import { Relation } from './types/relation.js';

const StatisticConnection = connectionType('StatisticFact', () => StatisticType, 'A Relay connection of statistics, ordered by id.');
/** The lists of this file, for their cursors (see `listKey`). */
const [STATISTICS, SUBJECT_STATISTICS, FACTS, CITED_STATISTICS] = ['statistics', 'Entity.statistics', 'facts', 'citedStatistics'].map(
  (name) => listKey(name),
) as [string, string, string, string];

const FactConnection = connectionType('Fact', () => Relation, 'A Relay connection of relations (facts), ordered by id.');

/** The root list's connection: its count stops at `totalCountLimit` and says so. */
const StatisticMatchConnection = connectionType(
  'StatisticMatch',
  () => StatisticType,
  'A Relay connection of the statistics a filter matches, ordered by id; counted only when `totalCount` or `totalCountCapped` is selected, and at most up to `totalCountLimit`.',
);
Field(() => Boolean, {
  description: 'True when counting stopped at `totalCountLimit`: `totalCount` is then that limit, a lower bound.',
})(StatisticMatchConnection.prototype, 'totalCountCapped');

@InputType('YearRange', {
  description:
    'Years, both ends included: {from: 2025, to: 2025} is the year 2025; an end left out is open ({from: 2024} is 2024 and after).',
})
export class YearRange {
  @Field(() => Int, { nullable: true, description: 'First year.' })
  from?: number;

  @Field(() => Int, { nullable: true, description: 'Last year.' })
  to?: number;
}

/** Years a period filter may name: those of the statistics' sources and their plans, with room on both sides. */
const [FIRST_YEAR, LAST_YEAR] = [1900, 2100];

@Resolver()
export class StatisticsResolver {
  @Query(() => StatisticMatchConnection, {
    description:
      'Statistics matching every condition given, each with its evidence, ordered by id. The read starts from the candidates of the most selective indexed condition (a region’s reach, the subject, the exact measure, statuses other than ACTUAL, the measure substring or the unit) and checks the others on them; `period`, `periodContains` and ACTUAL only narrow those candidates (given alone, they walk the statistics in id order until a page is full).',
    complexity: perPageItem,
  })
  async statistics(
    @Arg('subjectEntity', () => EntityRef, { nullable: true, description: 'Only statistics about this entity, by id or name.' })
    subjectEntity: EntityRef | undefined,
    @Arg('subject', () => ID, {
      nullable: true,
      deprecationReason: 'Use `subjectEntity`, which takes an id or a name.',
      description: 'Only statistics about this entity (its id).',
    })
    subject: string | undefined,
    @Arg('measure', () => String, {
      nullable: true,
      description: 'The measure exactly, in English or Chinese (as `measure` or `measureZh`).',
    })
    measure: string | undefined,
    @Arg('measureContains', () => String, {
      nullable: true,
      description: 'Substring of the measure, in English or Chinese (case-insensitive).',
    })
    measureContains: string | undefined,
    @Arg('periodContains', () => String, {
      nullable: true,
      description: 'Substring of the period label, e.g. "Q1" (case-insensitive). Narrows the other conditions; for years, use `period`.',
    })
    periodContains: string | undefined,
    @Arg('period', () => YearRange, {
      nullable: true,
      description: `Only statistics whose period overlaps these years (${FIRST_YEAR} to ${LAST_YEAR}). A period given by one end only ("as of 2025") is that point in time. Narrows the other conditions.`,
    })
    period: YearRange | undefined,
    @Arg('unit', () => String, { nullable: true, description: 'Only this unit, exactly: yuan, percent, enterprise, ...' })
    unit: string | undefined,
    @Arg('status', () => [ClaimStatusEnum], {
      nullable: true,
      description: 'Only statistics with one of these claim statuses; a statistic that states none is ACTUAL.',
    })
    status: ClaimStatus[] | undefined,
    @Arg('region', () => EntityRef, {
      nullable: true,
      description: `Only statistics about something within this region's reach: the region itself; every entity reached from it by at most ${REACH_DEPTH} LOCATED_IN or PART_OF relations followed backwards (its sub-regions at any level up to that, the places in them, and the enterprises, organisations, clusters, communities and funds located in those regions or places); and every Policy that APPLIES_TO or COVERS one of those regions or places (the programmes that apply there). By id or name, e.g. {name: "镇海"}; an unknown id matches nothing.`,
    })
    region: EntityRef | undefined,
    @Arg('totalCountLimit', () => Int, {
      defaultValue: MAX_COUNTED_MATCHES,
      description: `\`totalCount\` counts at most this many statistics (1 to ${MAX_COUNTED_MATCHES}).`,
    })
    totalCountLimit: number,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const filter = validateStatisticFilter({ measure, measureContains, periodContains, period, unit, status });
    checkRange('totalCountLimit', totalCountLimit, 1, MAX_COUNTED_MATCHES);
    const page = planPage(args, STATISTICS);
    if (subjectEntity && subject != null) throw userInputError('subjectEntity', 'give subjectEntity or the deprecated subject, not both');
    filter.subject = subjectEntity ? await resolveEntityRef(ctx.runner, 'subjectEntity', subjectEntity) : subject;
    filter.region = region && (await regionOf(ctx, region));
    const result = await listStatistics(ctx.runner, filter, page, totalCountSelected(info) ? totalCountLimit : null);
    return { ...toConnection(inList(result, STATISTICS)), totalCountCapped: result.countCapped };
  }
}

/** The region an EntityRef names: a Region, whether named by id or by a name other kinds share. */
function regionOf(ctx: Context, ref: EntityRef): Promise<string> {
  if (ref.kind != null && ref.kind !== 'Region') throw userInputError('region.kind', `must be Region or left out, got ${ref.kind}`);
  if (ref.id != null && kindOfId(ref.id) !== 'Region')
    throw userInputError('region.id', `must be a Region id (${ENTITY_KINDS.Region.idPrefix}/...), got "${ref.id}"`);
  return resolveEntityRef(ctx.runner, 'region', { ...ref, kind: 'Region' });
}

/** The root filter's arguments, checked: each error names its argument. */
function validateStatisticFilter(f: StatisticFilterValue): StatisticFilterValue {
  for (const name of ['measure', 'measureContains', 'periodContains', 'unit'] as const) validateText(name, f[name]);
  if (f.status != null && f.status.length === 0) throw userInputError('status', 'must name at least one status');
  const statuses = f.status && [...new Set(f.status)].sort();
  return { ...f, status: statuses, period: f.period && validatePeriod(f.period) };
}

function validatePeriod(period: NonNullable<StatisticFilterValue['period']>): StatisticFilterValue['period'] {
  const { from, to } = period;
  if (from == null && to == null) throw userInputError('period', 'give from, to or both');
  if (from != null) checkRange('period.from', from, FIRST_YEAR, LAST_YEAR);
  if (to != null) checkRange('period.to', to, FIRST_YEAR, LAST_YEAR);
  if (from != null && to != null && from > to) throw userInputError('period', `from (${from}) is after to (${to})`);
  return period;
}

@Resolver(() => EntityInterface)
export class EntityStatisticsResolver {
  @FieldResolver(() => StatisticConnection, {
    description:
      'The statistics whose subject is this entity (its MEASURES relations), ordered by id. A page reads only its own statistics, however many measure the entity; `totalCount` is the number of MEASURES relations, which Neo4j keeps. To filter them, use the root `statistics(subject:)`.',
    complexity: perPageItem,
  })
  async statistics(
    @Root() entity: EntityRecord,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await ctx.loaders.subjectStatistics.load({
      owner: entity.id,
      page: planPage(args, SUBJECT_STATISTICS),
      totalCount: totalCountSelected(info),
    });
    return toConnection(inList(page, SUBJECT_STATISTICS));
  }
}

@Resolver(() => StatisticType)
export class StatisticSubjectResolver {
  @FieldResolver(() => EntityInterface, { nullable: true, description: 'What the statistic measures.' })
  subject(@Root() statistic: EntityRecord, @Ctx() ctx: Context) {
    return ctx.loaders.entity.load(String(statistic.subjectId));
  }
}

@Resolver(() => SourceDocumentType)
export class SourceDocumentResolver {
  @FieldResolver(() => FactConnection, { description: 'The relations this document is evidence for.', complexity: perPageItem })
  async facts(
    @Root() source: EntityRecord,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await ctx.loaders.sourceFacts.load({
      owner: source.id,
      page: planPage(args, FACTS),
      totalCount: totalCountSelected(info),
    });
    return toConnection(inList(mapNodes(page, toRelationObject), FACTS));
  }

  @FieldResolver(() => StatisticConnection, { description: 'The statistics this document is evidence for.', complexity: perPageItem })
  async citedStatistics(
    @Root() source: EntityRecord,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await ctx.loaders.sourceStatistics.load({
      owner: source.id,
      page: planPage(args, CITED_STATISTICS),
      totalCount: totalCountSelected(info),
    });
    return toConnection(inList(page, CITED_STATISTICS));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The text of one paragraph (1-based line number, as in evidence); null past the end.',
  })
  async paragraph(@Root() source: EntityRecord, @Arg('number', () => Int) number: number, @Ctx() ctx: Context): Promise<string | null> {
    if (number < 1) throw userInputError('number', `must be at least 1, got ${number}`);
    const text = await ctx.loaders.sourceText.load(source.id);
    return text?.split('\n')[number - 1] ?? null;
  }
}
