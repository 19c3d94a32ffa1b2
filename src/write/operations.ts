import { z } from 'zod';
import { conflictError, userInputError } from '../errors/codes.js';
import { kindOfId } from '../model/entity-kinds.js';
import { RELATION_TYPES, type RelationType, type RelationTypeSpec } from '../model/relation-types.js';
import { TOMBSTONE_LABEL } from '../model/tombstone.js';
import type { Database, WriteTransaction } from '../neo4j/database.js';
import type { SeedEntity, SeedRelation, SeedStatistic } from '../seed/format.js';
import { entityProps, measuresRelation, relationProps, statisticProps } from '../seed/load.js';
import { relationKey } from '../seed/validate.js';
import { existing, entityEntry, mustBeNew, patched, relationEntry, statisticEntry, validEntry } from './checks.js';
import { commit, type Plan, type WriteRequest } from './commit.js';
import { readNodes, readRelation, relationsOf, type GraphState, type NodeState, type RelationState } from './state.js';

/**
 * The API's writes. Each is a plan — read what it changes, check it by the seed's rules, say what
 * the graph becomes — run by `commit` in one transaction with its history entry. Seed-only
 * bookkeeping (`seeded`, `seedHash`) is kept on what the seed wrote, so a prune still knows it.
 */

const SEED_MARKS = ['seeded', 'seedHash'] as const;
const seedMarks = (props: Record<string, unknown> | undefined) =>
  Object.fromEntries(SEED_MARKS.flatMap((k) => (props?.[k] === undefined ? [] : [[k, props[k]]])));

// Sources

const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const sourceInput = z.strictObject({
  id: z.string().regex(/^source\/[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must look like source/slug, e.g. source/ningbo-daily-2025-03-01'),
  title: z.string().trim().min(1),
  titleEn: z.string().trim().min(1).optional(),
  publisher: z.string().trim().min(1).optional(),
  date: isoDate,
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'must be a language code such as zh or en'),
  description: z.string().trim().min(1).optional(),
  text: z.string().refine((t) => t.trim() !== '', 'must not be blank: its lines are the paragraphs evidence cites'),
});
export type SourceInput = z.infer<typeof sourceInput>;

/** A new source document; its text's lines (`\r\n` read as `\n`) are the paragraphs evidence cites by number. */
export function addSource(db: Database, request: WriteRequest, input: SourceInput) {
  return commit(db, request, 'addSource', async (tx) => {
    const parsed = sourceInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw userInputError(`input.${issue.path.join('.')}`, issue.message);
    }
    const s = parsed.data;
    mustBeNew(await readNodes(tx, [s.id]), s.id);
    const props = {
      id: s.id,
      name: s.title,
      nameEn: s.titleEn,
      date: s.date,
      language: s.language,
      publisher: s.publisher,
      url: s.url,
      description: s.description,
      text: s.text.replace(/\r\n?/g, '\n'),
    };
    const node: NodeState = { id: s.id, label: 'SourceDocument', props: defined(props) };
    return { before: empty(), after: { nodes: [node], relations: [] }, result: s.id };
  });
}

// Entities

export function createEntity(db: Database, request: WriteRequest, input: Record<string, unknown>) {
  return commit(db, request, 'createEntity', async (tx) => {
    const entity = await validEntry(tx, 'entities', input, 'input');
    mustBeNew(await readNodes(tx, [entity.id]), entity.id);
    return { before: empty(), after: { nodes: [entityNode(entity)], relations: [] }, result: entity.id };
  });
}

export function updateEntity(db: Database, request: WriteRequest, id: string, patch: Record<string, unknown>) {
  return commit(db, request, 'updateEntity', async (tx) => {
    const node = plainEntity(existing(await readNodes(tx, [id]), id, 'id'), 'update');
    const entity = await validEntry(tx, 'entities', patched(entityEntry(node), patch), 'input');
    return { before: nodes(node), after: nodes(entityNode(entity, node.props)), result: id };
  });
}

const entityNode = (e: SeedEntity, old?: Record<string, unknown>): NodeState => ({
  id: e.id,
  label: e.kind,
  props: { ...defined(entityProps(e)), ...seedMarks(old) },
});

/** Sources and statistics have their own writes; the entity mutations refuse them, saying which to use. */
function plainEntity(node: NodeState, verb: string): NodeState {
  if (node.label === 'Statistic') throw userInputError('id', `${node.id} is a statistic: ${verb} it with ${verb}Statistic`);
  if (node.label === 'SourceDocument')
    throw userInputError(
      'id',
      `${node.id} is a source document: sources cannot be ${verb === 'merge' ? 'merged' : `${verb}d`} through the API`,
    );
  return node;
}

export interface DeleteReport {
  entities: string[];
  relations: string[];
}

/**
 * Deletes an entity; one with relations only with `cascade`, which takes its relations and the
 * statistics measuring it along (all listed in the answer).
 */
export function deleteEntity(db: Database, request: WriteRequest, id: string, cascade: boolean) {
  return commit(db, request, 'deleteEntity', async (tx): Promise<Plan<DeleteReport>> => {
    const node = plainEntity(existing(await readNodes(tx, [id]), id, 'id'), 'delete');
    const relations = await relationsOf(tx, id);
    const statisticIds = relations.filter((r) => r.type === 'MEASURES' && r.to === id).map((r) => r.from);
    const statistics = await readNodes(tx, statisticIds);
    if (relations.length > 0 && !cascade)
      throw conflictError(
        `${id} has ${relations.length} relation${relations.length === 1 ? '' : 's'} (${countByType(relations)})${statistics.length ? `, ${statistics.length} of them statistics measuring it` : ''}; pass cascade: true to delete ${relations.length === 1 ? 'it' : 'them'} with it`,
      );
    const before = { nodes: [node, ...statistics], relations };
    return { before, after: empty(), result: { entities: before.nodes.map((n) => n.id), relations: relations.map((r) => r.id).sort() } };
  });
}

const countByType = (relations: RelationState[]) =>
  Object.entries(relations.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {}))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');

export interface MergeReport {
  kept: string;
  merged: string;
  /** The merged entity's relations as they are now, on the kept one (new ids). */
  movedRelations: string[];
  /** Relations that became one with a relation the kept entity had (evidence joined), or a loop between the two (dropped). */
  joinedRelations: string[];
  aliasesAdded: string[];
}

/**
 * Two entities found to be one: `merge`'s relations move to `keep` (same type, properties and
 * evidence; a relation `keep` already has gets the evidence joined; one between the two goes), its
 * names become aliases of `keep`, its evidence joins `keep`'s, statistics measuring it measure `keep`,
 * and a tombstone `{id: merge, into: keep}` makes `node(id: merge)` answer `keep`.
 */
export function mergeEntities(db: Database, request: WriteRequest, keepId: string, mergeId: string) {
  return commit(db, request, 'mergeEntities', async (tx, changeId): Promise<Plan<MergeReport>> => {
    if (keepId === mergeId) throw userInputError('merge', 'must differ from keep');
    const found = await readNodes(tx, [keepId, mergeId]);
    const keep = plainEntity(existing(found, keepId, 'keep'), 'merge');
    const merge = plainEntity(existing(found, mergeId, 'merge'), 'merge');
    if (keep.label !== merge.label)
      throw userInputError('merge', `${mergeId} is a ${merge.label} and ${keepId} a ${keep.label}: only entities of one kind merge`);
    const [mergeRelations, keepRelations] = [await relationsOf(tx, mergeId), await relationsOf(tx, keepId)];
    const moves = moveRelations(mergeRelations, keepRelations, mergeId, keepId);
    const statistics = (
      await readNodes(
        tx,
        mergeRelations.filter((r) => r.type === 'MEASURES').map((r) => r.from),
      )
    ).map((s) => ({
      before: s,
      after: { ...s, props: { ...s.props, subjectId: keepId } },
    }));
    const redirects = await redirectsInto(tx, mergeId);
    const { node: kept, aliasesAdded } = absorb(keep, merge);
    const tombstone: NodeState = {
      id: mergeId,
      label: TOMBSTONE_LABEL,
      props: { id: mergeId, reason: 'merged', into: keepId, change: changeId },
    };
    return {
      before: {
        nodes: [keep, merge, ...statistics.map((s) => s.before), ...redirects],
        relations: [...mergeRelations, ...moves.joined.map((j) => j.before)],
      },
      after: {
        nodes: [
          kept,
          tombstone,
          ...statistics.map((s) => s.after),
          ...redirects.map((t) => ({ ...t, props: { ...t.props, into: keepId } })),
        ],
        relations: [...moves.moved, ...moves.joined.map((j) => j.after)],
      },
      result: {
        kept: keepId,
        merged: mergeId,
        movedRelations: moves.moved.map((r) => r.id).sort(),
        joinedRelations: moves.joinedIds.sort(),
        aliasesAdded,
      },
    };
  });
}

/** Where each of the merged entity's relations goes: a new relation on `keep`, evidence joined into one it has, or nowhere (a loop). */
function moveRelations(mergeRelations: RelationState[], keepRelations: RelationState[], mergeId: string, keepId: string) {
  const byId = new Map(keepRelations.map((r) => [identity(relationEntry(r)), r]));
  const moved: RelationState[] = [];
  const joined: { before: RelationState; after: RelationState }[] = [];
  const joinedIds: string[] = [];
  for (const r of mergeRelations) {
    const from = r.from === mergeId ? keepId : r.from;
    const to = r.to === mergeId ? keepId : r.to;
    if (from === to) {
      joinedIds.push(r.id);
      continue;
    }
    const entry = relationEntry({ ...r, from, to });
    const same = (x: RelationState) => identity(relationEntry(x)) === identity(entry);
    const there = byId.get(identity(entry)) ?? moved.find(same);
    if (!there) {
      const id = relationKey(entry);
      moved.push({ ...r, id, from, to, props: { ...r.props, id } });
      continue;
    }
    joinedIds.push(r.id);
    const joinedBefore = joined.find((x) => x.before === there);
    const current = joinedBefore?.after ?? there;
    const after = { ...current, props: { ...current.props, ...joinEvidence(current.props, r.props) } };
    if (joinedBefore) joinedBefore.after = after;
    else if (moved.includes(there)) moved[moved.indexOf(there)] = after;
    else joined.push({ before: there, after });
  }
  return { moved, joined, joinedIds };
}

/** A relation's identity: its key, the same whichever end is written first for a symmetric type. */
function identity(r: SeedRelation): string {
  const symmetric = (RELATION_TYPES[r.type as RelationType] as RelationTypeSpec).symmetric;
  return relationKey(symmetric && r.from > r.to ? { ...r, from: r.to, to: r.from } : r);
}

function joinEvidence(a: Record<string, unknown>, b: Record<string, unknown>) {
  const list = (p: Record<string, unknown>) =>
    ((p.evidenceSources as string[] | undefined) ?? []).map(
      (s, i) => [s, (p.evidenceParagraphs as number[])[i]!, (p.evidenceQuotes as string[])[i]!] as const,
    );
  const all = [...list(a), ...list(b)].filter((e, i, xs) => xs.findIndex((x) => x.join('\u0000') === e.join('\u0000')) === i);
  return { evidenceSources: all.map((e) => e[0]), evidenceParagraphs: all.map((e) => e[1]), evidenceQuotes: all.map((e) => e[2]) };
}

/** `keep` with `merge`'s names as aliases and its evidence joined. */
function absorb(keep: NodeState, merge: NodeState): { node: NodeState; aliasesAdded: string[] } {
  const aliases = (keep.props.aliases as string[] | undefined) ?? [];
  const names = [merge.props.name, merge.props.nameEn, ...((merge.props.aliases as string[] | undefined) ?? [])].filter(
    (n): n is string => typeof n === 'string',
  );
  const aliasesAdded = [...new Set(names)].filter((n) => n !== keep.props.name && n !== keep.props.nameEn && !aliases.includes(n));
  const all = [...aliases, ...aliasesAdded];
  return {
    node: { ...keep, props: { ...keep.props, aliases: all, aliasText: all.join(' ; '), ...joinEvidence(keep.props, merge.props) } },
    aliasesAdded,
  };
}

/** Tombstones of earlier merges into the entity now merged away: they follow it, so every old id resolves in one step. */
async function redirectsInto(tx: WriteTransaction, id: string): Promise<NodeState[]> {
  const result = await tx.run({
    cypher: `MATCH (t:${TOMBSTONE_LABEL} {into: $id}) RETURN t.id AS id, properties(t) AS props`,
    params: { id },
  });
  return result.records.map((r) => ({ id: r.get('id'), label: TOMBSTONE_LABEL, props: r.get('props') }));
}

// Relations

export function createRelation(db: Database, request: WriteRequest, input: Record<string, unknown>) {
  return commit(db, request, 'createRelation', async (tx) => {
    if (input.type === 'MEASURES') throw userInputError('input.type', 'MEASURES relations are made by statistics: use createStatistic');
    const entry = await validEntry(tx, 'relations', input, 'input');
    const relation = await newRelation(tx, entry);
    return {
      before: { nodes: await readNodes(tx, [relation.id]), relations: [] },
      after: { nodes: [], relations: [relation] },
      result: relation.id,
    };
  });
}

/** A relation to create; CONFLICT if it exists, either way round for a symmetric type. */
async function newRelation(tx: WriteTransaction, entry: SeedRelation, old?: Record<string, unknown>): Promise<RelationState> {
  const id = relationKey(entry);
  const symmetric = (RELATION_TYPES[entry.type as RelationType] as RelationTypeSpec).symmetric;
  for (const candidate of symmetric ? [id, relationKey({ ...entry, from: entry.to, to: entry.from })] : [id])
    if (await readRelation(tx, candidate)) throw conflictError(`the relation ${candidate} exists already; update it instead`);
  return {
    id,
    type: entry.type as RelationType,
    from: entry.from,
    to: entry.to,
    props: { ...defined(relationProps(entry, id)), ...seedMarks(old) },
  };
}

/** New properties or evidence for a relation; a new role or title gives it a new id (the answer has it). */
export function updateRelation(
  db: Database,
  request: WriteRequest,
  id: string,
  patch: { properties?: Record<string, unknown> | null; evidence?: unknown },
) {
  return commit(db, request, 'updateRelation', async (tx) => {
    const old = await existingRelation(tx, id);
    const current = relationEntry(old);
    const entry = await validEntry(
      tx,
      'relations',
      { ...current, props: patch.properties ? defined(patch.properties) : current.props, evidence: patch.evidence ?? current.evidence },
      'input',
    );
    const key = relationKey(entry);
    const relation =
      key === id
        ? { ...old, props: { ...defined(relationProps(entry, id)), ...seedMarks(old.props) } }
        : await newRelation(tx, entry, old.props);
    return { before: { nodes: [], relations: [old] }, after: { nodes: [], relations: [relation] }, result: relation.id };
  });
}

export function deleteRelation(db: Database, request: WriteRequest, id: string) {
  return commit(db, request, 'deleteRelation', async (tx) => {
    const old = await existingRelation(tx, id);
    return { before: { nodes: [], relations: [old] }, after: empty(), result: { entities: [], relations: [id] } as DeleteReport };
  });
}

async function existingRelation(tx: WriteTransaction, id: string): Promise<RelationState> {
  const relation = await readRelation(tx, id);
  if (!relation) throw userInputError('id', `no relation ${id}`);
  if (relation.type === 'MEASURES') throw userInputError('id', `${id} is a statistic's: change or delete the statistic`);
  return relation;
}

// Statistics

export function createStatistic(db: Database, request: WriteRequest, input: Record<string, unknown>) {
  return commit(db, request, 'createStatistic', async (tx) => {
    const statistic = await validEntry(tx, 'statistics', input, 'input');
    mustBeNew(await readNodes(tx, [statistic.id]), statistic.id);
    return { before: empty(), after: statisticState(statistic), result: statistic.id };
  });
}

export function updateStatistic(db: Database, request: WriteRequest, id: string, patch: Record<string, unknown>) {
  return commit(db, request, 'updateStatistic', async (tx) => {
    const before = await statisticNow(tx, id);
    const statistic = await validEntry(tx, 'statistics', patched(statisticEntry(before.nodes[0]!), patch), 'input');
    return { before, after: statisticState(statistic, before), result: id };
  });
}

export function deleteStatistic(db: Database, request: WriteRequest, id: string) {
  return commit(db, request, 'deleteStatistic', async (tx) => {
    const before = await statisticNow(tx, id);
    return { before, after: empty(), result: { entities: [id], relations: before.relations.map((r) => r.id) } as DeleteReport };
  });
}

async function statisticNow(tx: WriteTransaction, id: string): Promise<GraphState> {
  if (kindOfId(id) !== 'Statistic') throw userInputError('id', `must be a statistic id (stat/...), got "${id}"`);
  const node = existing(await readNodes(tx, [id]), id, 'id');
  return { nodes: [node], relations: (await relationsOf(tx, id)).filter((r) => r.type === 'MEASURES' && r.from === id) };
}

/** A statistic's node and its MEASURES relation. */
function statisticState(s: SeedStatistic, old?: GraphState): GraphState {
  const measures = measuresRelation(s);
  return {
    nodes: [{ id: s.id, label: 'Statistic', props: { ...defined(statisticProps(s)), ...seedMarks(old?.nodes[0]?.props) } }],
    relations: [
      {
        id: measures.id,
        type: 'MEASURES',
        from: s.id,
        to: s.subject,
        props: { ...measures.props, ...seedMarks(old?.relations.find((r) => r.id === measures.id)?.props) },
      },
    ],
  };
}

const empty = (): GraphState => ({ nodes: [], relations: [] });
const nodes = (...list: NodeState[]): GraphState => ({ nodes: list, relations: [] });
function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}
