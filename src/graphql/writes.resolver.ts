import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireRole } from '../auth/authorize.js';
import { REL_PROJECTION, toRelation, type RelationRecord } from '../neo4j/records.js';
import type { ChangeRecord } from '../write/history.js';
import { subjectsOf } from '../write/history.js';
import * as write from '../write/operations.js';
import { revertChange } from '../write/revert.js';
import { parseRelationId } from '../write/state.js';
import type { WriteRequest } from '../write/commit.js';
import type { Context } from './context.js';
import { writeCost } from './cost.js';
import { toRelationObject } from './relations.js';
import {
  ChangeType,
  DeleteResult,
  EntityInput,
  EntityPatch,
  EntityWrite,
  MergeResult,
  RelationInput,
  RelationPatch,
  RelationWrite,
  SourceInput,
  SourceWrite,
  StatisticInput,
  StatisticPatch,
} from './types/write.js';

/**
 * The writes (src/write/): each mutation is one Neo4j transaction with its history entry, needs an
 * API key with the editor role (a cascade delete: admin) and a comment saying why. Answers read
 * what was written after the commit.
 */
@Resolver()
export class WritesResolver {
  @Authorized('editor')
  @Mutation(() => SourceWrite, {
    description: 'Adds a source document; its lines become paragraphs evidence can cite.',
    complexity: writeCost,
  })
  async addSource(@Arg('input', () => SourceInput) input: SourceInput, @Arg('comment', () => String) comment: string, @Ctx() ctx: Context) {
    const { change, result } = await write.addSource(ctx.db, request(ctx, comment), plain(input) as unknown as write.SourceInput);
    return { source: await ctx.loaders.entity.load(result), change: toChangeObject(change) };
  }

  @Authorized('editor')
  @Mutation(() => EntityWrite, {
    description: 'Creates an entity, checked by the seed\u2019s rules (id prefix, category, evidence quotes).',
    complexity: writeCost,
  })
  async createEntity(
    @Arg('input', () => EntityInput) input: EntityInput,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: Context,
  ) {
    return entityAnswer(ctx, await write.createEntity(ctx.db, request(ctx, comment), withoutNulls(plain(input))));
  }

  @Authorized('editor')
  @Mutation(() => EntityWrite, {
    description: 'Changes an entity\u2019s fields; the result is checked as a whole entity.',
    complexity: writeCost,
  })
  async updateEntity(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => EntityPatch) input: EntityPatch,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: Context,
  ) {
    return entityAnswer(ctx, await write.updateEntity(ctx.db, request(ctx, comment), id, plain(input)));
  }

  @Authorized('editor')
  @Mutation(() => MergeResult, {
    description:
      'Two entities found to be one: `merge`\u2019s relations, names (as aliases) and evidence move to `keep`; `merge` resolves to `keep` from now on.',
    complexity: writeCost,
  })
  async mergeEntities(
    @Arg('keep', () => ID) keep: string,
    @Arg('merge', () => ID) merge: string,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: Context,
  ) {
    const { change, result } = await write.mergeEntities(ctx.db, request(ctx, comment), keep, merge);
    return { entity: await ctx.loaders.entity.load(keep), ...result, change: toChangeObject(change) };
  }

  @Authorized('editor')
  @Mutation(() => DeleteResult, {
    description:
      'Deletes an entity. One with relations is refused (CONFLICT, with the count) unless `cascade: true` (admin role), which deletes its relations and the statistics measuring it too.',
    complexity: writeCost,
  })
  async deleteEntity(
    @Arg('id', () => ID) id: string,
    @Arg('comment', () => String) comment: string,
    @Arg('cascade', () => Boolean, { defaultValue: false }) cascade: boolean,
    @Ctx() ctx: Context,
  ) {
    if (cascade) requireRole(ctx.identity, 'admin', 'deleteEntity with cascade: true needs the admin role');
    return deleteAnswer(await write.deleteEntity(ctx.db, request(ctx, comment), id, cascade));
  }

  @Authorized('editor')
  @Mutation(() => RelationWrite, {
    description: 'Creates a relation with its evidence, checked by the seed\u2019s rules.',
    complexity: writeCost,
  })
  async createRelation(
    @Arg('input', () => RelationInput) input: RelationInput,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: Context,
  ) {
    const { properties, ...rest } = withoutNulls(plain(input));
    return relationAnswer(
      ctx,
      await write.createRelation(ctx.db, request(ctx, comment), { ...rest, props: withoutNulls((properties ?? {}) as Plain) }),
    );
  }

  @Authorized('editor')
  @Mutation(() => RelationWrite, { description: 'Replaces a relation\u2019s properties or evidence.', complexity: writeCost })
  async updateRelation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RelationPatch) input: RelationPatch,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: Context,
  ) {
    return relationAnswer(ctx, await write.updateRelation(ctx.db, request(ctx, comment), id, plain(input)));
  }

  @Authorized('editor')
  @Mutation(() => DeleteResult, { description: 'Deletes a relation.', complexity: writeCost })
  async deleteRelation(@Arg('id', () => ID) id: string, @Arg('comment', () => String) comment: string, @Ctx() ctx: Context) {
    return deleteAnswer(await write.deleteRelation(ctx.db, request(ctx, comment), id));
  }

  @Authorized('editor')
  @Mutation(() => EntityWrite, { description: 'Creates a statistic and its MEASURES relation to its subject.', complexity: writeCost })
  async createStatistic(
    @Arg('input', () => StatisticInput) input: StatisticInput,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: Context,
  ) {
    return entityAnswer(ctx, await write.createStatistic(ctx.db, request(ctx, comment), withoutNulls(plain(input))));
  }

  @Authorized('editor')
  @Mutation(() => EntityWrite, {
    description: 'Changes a statistic\u2019s fields (a new subject moves its MEASURES relation).',
    complexity: writeCost,
  })
  async updateStatistic(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => StatisticPatch) input: StatisticPatch,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: Context,
  ) {
    return entityAnswer(ctx, await write.updateStatistic(ctx.db, request(ctx, comment), id, plain(input)));
  }

  @Authorized('editor')
  @Mutation(() => DeleteResult, { description: 'Deletes a statistic and its MEASURES relation.', complexity: writeCost })
  async deleteStatistic(@Arg('id', () => ID) id: string, @Arg('comment', () => String) comment: string, @Ctx() ctx: Context) {
    return deleteAnswer(await write.deleteStatistic(ctx.db, request(ctx, comment), id));
  }

  @Authorized('editor')
  @Mutation(() => ChangeType, {
    description:
      'Undoes a change, as a new change. Refused (CONFLICT) when what it wrote has changed since: revert the later changes first.',
    complexity: writeCost,
  })
  async revert(@Arg('change', () => ID) changeId: string, @Arg('comment', () => String) comment: string, @Ctx() ctx: Context) {
    const { change } = await revertChange(ctx.db, request(ctx, comment), changeId);
    return toChangeObject(change);
  }
}

function request(ctx: Context, comment: string): WriteRequest {
  return { caller: requireRole(ctx.identity, 'editor'), comment };
}

/** type-graphql's input objects as plain data (no undefined keys), for the zod checks. */
type Plain = Record<string, unknown>;
const plain = <T>(input: T): Plain => JSON.parse(JSON.stringify(input)) as Plain;

/** A create's nulls mean "not given". */
const withoutNulls = (o: Plain): Plain => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

export function toChangeObject(change: ChangeRecord): ChangeType {
  return {
    id: change.id,
    at: new Date(change.at).toISOString(),
    by: change.by,
    action: change.action,
    comment: change.comment,
    revertOf: change.revertOf,
    subjects: subjectsOf(change),
    before: change.before as unknown as Record<string, unknown>,
    after: change.after as unknown as Record<string, unknown>,
  };
}

async function entityAnswer(ctx: Context, { change, result }: { change: ChangeRecord; result: string }) {
  return { entity: await ctx.loaders.entity.load(result), change: toChangeObject(change) };
}

async function relationAnswer(ctx: Context, { change, result }: { change: ChangeRecord; result: string }) {
  const parsed = parseRelationId(result)!;
  const found = await ctx.runner.read({
    cypher: `MATCH (:Entity {id: $from})-[r:$($type) {id: $id}]->(:Entity {id: $to}) RETURN ${REL_PROJECTION('r')} AS r`,
    params: { id: result, ...parsed },
  });
  const raw = found.records[0]?.get('r') as Record<string, unknown> | undefined;
  return { relation: raw ? toRelationObject(toRelation(raw) as RelationRecord) : null, change: toChangeObject(change) };
}

function deleteAnswer({ change, result }: { change: ChangeRecord; result: write.DeleteReport }) {
  return { deletedEntities: result.entities, deletedRelations: result.relations, change: toChangeObject(change) };
}
