import { Arg, Ctx, Directive, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { perArgument } from './cost.js';
import { cacheHint, MAX_AGE } from './cache-control.js';
import type { EntityKind } from '../model/entity-kinds.js';
import type { EntityRecord } from '../neo4j/records.js';
import { MAX_PAGE_SIZE } from '../queries/pagination.js';
import { search } from '../queries/search.js';
import type { Context } from './context.js';
import { EntityInterface } from './types/entity.js';
import { EntityKindEnum } from './types/enums.js';
import { checkRange, validateText } from './validation.js';

@ObjectType('SearchHit', { simpleResolvers: true, description: 'One search result with its relevance.' })
export class SearchHit {
  @Field(() => EntityInterface, { description: 'The entity found.' })
  entity!: EntityRecord;

  @Field(() => Float, { description: 'Relevance: higher is better; exact name or alias matches score highest.' })
  score!: number;
}

@Resolver()
export class SearchResolver {
  @Directive(cacheHint(MAX_AGE.search))
  @Query(() => [SearchHit], {
    complexity: perArgument('first', 10),
    description:
      'Ranked full-text search over names, English names, aliases and descriptions (Chinese, English or pinyin). The text is taken literally: Lucene syntax has no effect.',
  })
  async search(
    @Arg('text', () => String) text: string,
    @Arg('kinds', () => [EntityKindEnum], { nullable: true, description: 'Only these kinds.' }) kinds: EntityKind[] | undefined,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many hits (max 100).' }) first: number,
    @Ctx() ctx: Context,
  ): Promise<SearchHit[]> {
    validateText('text', text);
    checkRange('first', first, 1, MAX_PAGE_SIZE);
    return search(ctx.runner, text, kinds && kinds.length > 0 ? kinds : null, first);
  }
}
