import { Arg, Ctx, Directive, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { cacheHint, MAX_AGE } from './cache-control.js';
import type { EntityKind } from '../model/entity-kinds.js';
import type { EntityRecord } from '../neo4j/records.js';
import { userInputError } from '../errors/codes.js';
import { MAX_PAGE_SIZE } from '../queries/pagination.js';
import { search } from '../queries/search.js';
import type { Context } from './context.js';
import { EntityInterface } from './types/entity.js';
import { EntityKindEnum } from './types/enums.js';

@ObjectType('SearchHit', { description: 'One search result with its relevance.' })
export class SearchHit {
  @Field(() => EntityInterface, { description: 'The entity found.' })
  entity!: EntityRecord;

  @Field(() => Float, { description: 'Relevance: higher is better; exact name or alias matches score highest.' })
  score!: number;
}

/** Why 200: longer text is not a name, and Lucene work grows with the number of terms. */
const MAX_SEARCH_TEXT = 200;

@Resolver()
export class SearchResolver {
  @Directive(cacheHint(MAX_AGE.search))
  @Query(() => [SearchHit], {
    description: 'Ranked full-text search over names, English names, aliases and descriptions (Chinese, English or pinyin). The text is taken literally: Lucene syntax has no effect.',
  })
  async search(
    @Arg('text', () => String) text: string,
    @Arg('kinds', () => [EntityKindEnum], { nullable: true, description: 'Only these kinds.' }) kinds: EntityKind[] | undefined,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many hits (max 100).' }) first: number,
    @Ctx() ctx: Context,
  ): Promise<SearchHit[]> {
    if (text.trim() === '') throw userInputError('text', 'must not be blank');
    if (text.length > MAX_SEARCH_TEXT) throw userInputError('text', `must be at most ${MAX_SEARCH_TEXT} characters, got ${text.length}`);
    if (first < 1 || first > MAX_PAGE_SIZE) throw userInputError('first', `must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
    return search(ctx.runner, text, kinds && kinds.length > 0 ? kinds : null, first);
  }
}
