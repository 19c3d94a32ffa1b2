import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import { userInputError } from '../errors/codes.js';
import { MAX_PAGE_SIZE } from '../queries/pagination.js';
import { CHANGE_LINK_LABEL, decodeCursor, encodeCursor, historyStatement, toChange } from '../write/history.js';
import type { Context } from './context.js';
import { perPageItem } from './cost.js';
import { connectionType } from './types/connection.js';
import { ChangeType } from './types/write.js';
import { toChangeObject } from './writes.resolver.js';

const ChangeConnection = connectionType('Change', () => ChangeType, 'A Relay connection of changes, newest first.');

/** History: how an entity, or the facts citing a source, came to be, write by write. */
@Resolver()
export class HistoryResolver {
  // Not cached: the next write changes it.
  @Directive('@cacheControl(maxAge: 0)')
  @Query(() => ChangeConnection, {
    description:
      'The changes written through the API to an entity (`entity`: the ones that touched it, its relations included) or citing a source (`source`: the ones whose evidence cites it, or that wrote it), newest first. Give exactly one.',
    complexity: perPageItem,
  })
  async history(
    @Ctx() ctx: Context,
    @Arg('entity', () => ID, { nullable: true }) entity?: string,
    @Arg('source', () => ID, { nullable: true }) source?: string,
    @Arg('first', () => Int, { nullable: true, description: 'At most this many (max 100, default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    if ((entity == null) === (source == null))
      throw userInputError(entity == null ? 'entity' : 'source', 'give exactly one of entity and source');
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
      throw userInputError('first', `must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`);
    const position = after == null ? undefined : decodeCursor(after);
    if (after != null && !position) throw userInputError('after', 'is not a cursor of history');
    const id = (entity ?? source)!;
    const result = await ctx.runner.read(historyStatement(id, entity != null, size, position));
    const changes = result.records.map((r) => toChange(r.get('change') as Record<string, unknown>));
    const page = changes.slice(0, size);
    const count = await ctx.runner.read({
      cypher: `MATCH (l:${CHANGE_LINK_LABEL} {entityId: $id}) WHERE l.at IS NOT NULL${entity != null ? ` AND l.role = 'subject'` : ''} RETURN count(l) AS n`,
      params: { id },
    });
    return {
      edges: page.map((change) => ({ cursor: encodeCursor(change.at, change.id), node: toChangeObject(change) })),
      totalCount: Number(count.records[0]?.get('n') ?? 0),
      pageInfo: {
        hasNextPage: changes.length > size,
        hasPreviousPage: after != null,
        startCursor: page[0] ? encodeCursor(page[0].at, page[0].id) : null,
        endCursor: page.at(-1) ? encodeCursor(page.at(-1)!.at, page.at(-1)!.id) : null,
      },
    };
  }
}
