import { randomUUID } from 'node:crypto';
import { Neo4jError } from 'neo4j-driver';
import type { Caller } from '../auth/authorize.js';
import { conflictError, userInputError } from '../errors/codes.js';
import { TOMBSTONE_LABEL } from '../model/tombstone.js';
import type { Database, WriteTransaction } from '../neo4j/database.js';
import { recordChange, type ChangeRecord } from './history.js';
import { applyState, type GraphState, type NodeState, type RelationState } from './state.js';

/** Who writes, and why: every write names both (history keeps them). */
export interface WriteRequest {
  caller: Caller;
  /** Why: required, so that history says how a fact came to be. */
  comment: string;
}

/** What a write's plan returns: the states it turns one into the other, and its own answer. */
export interface Plan<R> {
  before: GraphState;
  after: GraphState;
  result: R;
}

/** A comment is a sentence, not an essay: long enough for a reason and a reference. */
export const MAX_COMMENT = 2000;

/**
 * Runs one write in one transaction: the plan reads and checks what it needs and says what the
 * graph should become; seeded entries it removes get tombstones; the states are applied and the
 * change recorded. Anything failing on the way rolls all of it back.
 */
export async function commit<R>(
  db: Database,
  request: WriteRequest,
  action: string,
  plan: (tx: WriteTransaction, changeId: string) => Promise<Plan<R>>,
  revertOf?: string,
): Promise<{ change: ChangeRecord; result: R }> {
  checkComment(request.comment);
  try {
    return await db.writeTransaction((tx) => executeWrite(tx, request, action, plan, revertOf));
  } catch (error) {
    throw refusal(error) ?? error;
  }
}

/** `commit`'s work inside a transaction it is given (tests run it on a transaction that fails on purpose). */
export async function executeWrite<R>(
  tx: WriteTransaction,
  request: WriteRequest,
  action: string,
  plan: (tx: WriteTransaction, changeId: string) => Promise<Plan<R>>,
  revertOf?: string,
): Promise<{ change: ChangeRecord; result: R }> {
  const id = randomUUID();
  const { before, after, result } = await plan(tx, id);
  // A revert puts back exactly what was there (a seed entity's only correction reverted is the seed's again).
  const marked = revertOf ? after : withTombstones(before, markWritten(after), id);
  await applyState(tx, before, marked);
  const change: ChangeRecord = {
    id,
    at: Date.now(),
    by: request.caller.name,
    action,
    comment: request.comment,
    before,
    after: marked,
    revertOf,
  };
  await recordChange(tx, change);
  return { change, result };
}

function checkComment(comment: string): void {
  if (comment.trim() === '') throw userInputError('comment', 'must say why (it is kept in the history); got a blank comment');
  if (comment.length > MAX_COMMENT) throw userInputError('comment', `must be at most ${MAX_COMMENT} characters, got ${comment.length}`);
}

/**
 * Everything a write puts in the graph is marked `written`: the seed loader leaves it as it is
 * (src/seed/load.ts), so a re-seed never undoes a correction.
 */
function markWritten(state: GraphState): GraphState {
  return {
    nodes: state.nodes.map((n) => (n.label === TOMBSTONE_LABEL ? n : { ...n, props: { ...n.props, written: true } })),
    relations: state.relations.map((r) => ({ ...r, props: { ...r.props, written: true } })),
  };
}

/** Seeded entities and relations a write removes leave a tombstone, so that a re-seed does not bring them back. */
function withTombstones(before: GraphState, after: GraphState, changeId: string): GraphState {
  const present = new Set([...after.nodes.map((n) => n.id), ...after.relations.map((r) => r.id)]);
  const gone = [...before.nodes.filter((n) => n.label !== TOMBSTONE_LABEL), ...before.relations].filter(
    (x: NodeState | RelationState) => x.props.seeded === true && !present.has(x.id),
  );
  const tombstones: NodeState[] = gone.map((x) => ({
    id: x.id,
    label: TOMBSTONE_LABEL,
    props: { id: x.id, reason: 'deleted', change: changeId },
  }));
  return { ...after, nodes: [...after.nodes, ...tombstones] };
}

/** Neo4j's refusals a write can meet, as the client's errors; undefined for anything else. */
function refusal(error: unknown): Error | undefined {
  if (!(error instanceof Neo4jError) || error.code !== 'Neo.ClientError.Schema.ConstraintValidationFailed') return undefined;
  if (/still has relationships/.test(error.message))
    return conflictError('The write would delete an entity that still has relations (added since it was read); nothing was written.');
  if (/already exists/.test(error.message))
    return conflictError('The write would create an id that exists (written meanwhile); nothing was written.');
  return undefined;
}
