import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { perPageItem } from './cost.js';
import { totalCountSelected } from './lookahead.js';
import type { EntityRecord } from '../neo4j/records.js';
import { userInputError } from '../errors/codes.js';
import { inList, listKey, mapNodes, planPage } from '../queries/pagination.js';
import { listStatistics } from '../queries/statistics.js';
import type { Context } from './context.js';
import { validateText } from './validation.js';
import { toRelationObject } from './relations.js';
import { connectionType, toConnection } from './types/connection.js';
import { EntityInterface, SourceDocumentType, StatisticType } from './types/entity.js';
import { ConnectionArgs } from './types/inputs.js';
import { Relation } from './types/relation.js';

const StatisticConnection = connectionType('StatisticFact', () => StatisticType, 'A Relay connection of statistics.');
/** The lists of this file, for their cursors (see `listKey`). */
const [STATISTICS, FACTS, CITED_STATISTICS] = [listKey('statistics'), listKey('facts'), listKey('citedStatistics')];

const FactConnection = connectionType('Fact', () => Relation, 'A Relay connection of relations (facts), ordered by id.');

@Resolver()
export class StatisticsResolver {
  @Query(() => StatisticConnection, {
    description: 'Statistics by subject, measure and period, each with its evidence.',
    complexity: perPageItem,
  })
  async statistics(
    @Arg('subject', () => ID, { nullable: true, description: 'Only statistics about this entity.' }) subject: string | undefined,
    @Arg('measureContains', () => String, {
      nullable: true,
      description: 'Substring of the measure, in English (case-insensitive) or Chinese.',
    })
    measureContains: string | undefined,
    @Arg('periodContains', () => String, { nullable: true, description: 'Substring of the period label, e.g. "2025" or "Q1".' })
    periodContains: string | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    validateText('measureContains', measureContains);
    validateText('periodContains', periodContains);
    return toConnection(
      inList(
        await listStatistics(
          ctx.runner,
          { subject, measureContains, periodContains },
          planPage(args, STATISTICS),
          totalCountSelected(info),
        ),
        STATISTICS,
      ),
    );
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
      sourceId: source.id,
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
      sourceId: source.id,
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
