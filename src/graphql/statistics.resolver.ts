import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { EntityRecord } from '../neo4j/records.js';
import { userInputError } from '../errors/codes.js';
import { mapNodes, planPage } from '../queries/pagination.js';
import { listStatistics } from '../queries/statistics.js';
import type { Context } from './context.js';
import { validateText } from './validation.js';
import { toRelationObject } from './relations.js';
import { connectionType, toConnection } from './types/connection.js';
import { EntityInterface, SourceDocumentType, StatisticType } from './types/entity.js';
import { ConnectionArgs } from './types/inputs.js';
import { Relation } from './types/relation.js';

const StatisticConnection = connectionType('StatisticFact', () => StatisticType, 'A Relay connection of statistics.');
const FactConnection = connectionType('Fact', () => Relation, 'A Relay connection of relations (facts), ordered by id.');

@Resolver()
export class StatisticsResolver {
  @Query(() => StatisticConnection, { description: 'Statistics by subject, measure and period, each with its evidence.' })
  async statistics(
    @Arg('subject', () => ID, { nullable: true, description: 'Only statistics about this entity.' }) subject: string | undefined,
    @Arg('measureContains', () => String, { nullable: true, description: 'Substring of the measure, in English (case-insensitive) or Chinese.' }) measureContains: string | undefined,
    @Arg('periodContains', () => String, { nullable: true, description: 'Substring of the period label, e.g. "2025" or "Q1".' }) periodContains: string | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    validateText('measureContains', measureContains);
    validateText('periodContains', periodContains);
    return toConnection(await listStatistics(ctx.runner, { subject, measureContains, periodContains }, planPage(args)));
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
  @FieldResolver(() => FactConnection, { description: 'The relations this document is evidence for.' })
  async facts(@Root() source: EntityRecord, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    const page = await ctx.loaders.sourceFacts.load({ sourceId: source.id, page: planPage(args) });
    return toConnection(mapNodes(page, toRelationObject));
  }

  @FieldResolver(() => StatisticConnection, { description: 'The statistics this document is evidence for.' })
  async citedStatistics(@Root() source: EntityRecord, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return toConnection(await ctx.loaders.sourceStatistics.load({ sourceId: source.id, page: planPage(args) }));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The text of one paragraph (1-based line number, as in evidence); null past the end.' })
  async paragraph(@Root() source: EntityRecord, @Arg('number', () => Int) number: number, @Ctx() ctx: Context): Promise<string | null> {
    if (number < 1) throw userInputError('number', `must be at least 1, got ${number}`);
    const text = await ctx.loaders.sourceText.load(source.id);
    return text?.split('\n')[number - 1] ?? null;
  }
}
