import { conflictError, userInputError } from '../errors/codes.js';
import { ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import { fromStoredEvidence } from '../model/evidence.js';
import { RELATION_PROPERTIES } from '../model/relation-types.js';
import type { WriteTransaction } from '../neo4j/database.js';
import type { SeedEntity, SeedEvidence, SeedRelation, SeedStatistic } from '../seed/format.js';
import { checkEntry, type EntryContext } from '../seed/validate.js';
import { TOMBSTONE_LABEL } from '../model/tombstone.js';
import type { NodeState } from './state.js';

/**
 * The seed's rules applied to one write (src/seed/validate.ts checkEntry), with what they need read
 * from the graph in the write's own transaction: the kinds of the ids the entry names and the text
 * of every source it cites. A problem is BAD_USER_INPUT naming the argument (`input.evidence.0.quote`).
 */
export async function validEntry<S extends 'entities' | 'relations' | 'statistics'>(
  tx: WriteTransaction,
  section: S,
  entry: Record<string, unknown>,
  argument: string,
): Promise<Extract<ReturnType<typeof checkEntry<S>>, { ok: true }>['value']> {
  const ids = [entry.from, entry.to, entry.subject].filter((id): id is string => typeof id === 'string');
  const evidence = Array.isArray(entry.evidence) ? (entry.evidence as Partial<SeedEvidence>[]) : [];
  const sources = evidence.map((e) => e.source).filter((id): id is string => typeof id === 'string');
  const checked = checkEntry(section, entry, await entryContext(tx, ids, sources));
  if (!checked.ok) {
    const [first] = checked.problems;
    const more =
      checked.problems.length > 1
        ? ` (and ${checked.problems.length - 1} more: ${checked.problems
            .slice(1)
            .map((p) => `${p.field}: ${p.message}`)
            .join('; ')})`
        : '';
    throw userInputError(`${argument}.${first!.field}`, `${first!.message}${more}`);
  }
  return checked.value;
}

async function entryContext(tx: WriteTransaction, ids: string[], sources: string[]): Promise<EntryContext> {
  const result = await tx.run({
    cypher: `CALL () { UNWIND $ids AS id MATCH (n:${ENTITY_LABEL} {id: id}) RETURN collect([n.id, [l IN labels(n) WHERE l <> $entity][0]]) AS kinds }
      CALL () { UNWIND $sources AS id MATCH (s:SourceDocument {id: id}) RETURN collect([s.id, s.text]) AS texts }
      RETURN kinds, texts`,
    params: { ids, sources: [...new Set(sources)], entity: ENTITY_LABEL },
  });
  const record = result.records[0]!;
  return {
    kinds: new Map((record.get('kinds') as [string, EntityKind][]).map(([id, kind]) => [id, kind])),
    texts: new Map((record.get('texts') as [string, string][]).map(([id, text]) => [id, splitParagraphs(text)])),
  };
}

/** A source's paragraphs: one per line, as the seed's source files and SourceDocument.paragraph read them. */
export const splitParagraphs = (text: string): string[] => text.split('\n');

/** The entity with this id, or BAD_USER_INPUT naming the argument; a merged id says where it went. */
export function existing(nodes: NodeState[], id: string, argument: string): NodeState {
  const node = nodes.find((n) => n.id === id && n.label !== TOMBSTONE_LABEL);
  if (node) return node;
  const tombstone = nodes.find((n) => n.id === id);
  if (tombstone?.props.into) throw userInputError(argument, `${id} was merged into ${String(tombstone.props.into)}; use that id`);
  throw userInputError(argument, `no entity ${id}`);
}

/** Refuses an id that is taken, by an entity or by a tombstone (merged or deleted: revert that change instead). */
export function mustBeNew(nodes: NodeState[], id: string): void {
  const taken = nodes.find((n) => n.id === id);
  if (!taken) return;
  if (taken.label !== TOMBSTONE_LABEL) throw conflictError(`${id} exists already; update it instead`);
  throw conflictError(
    `${id} was ${taken.props.into ? `merged into ${String(taken.props.into)}` : 'deleted'} by change ${String(taken.props.change)}; revert that change to bring it back`,
  );
}

// Stored properties back in the seed's shape, so an update is checked as a whole entry.

const evidenceOf = (props: Record<string, unknown>): SeedEvidence[] =>
  fromStoredEvidence(props).map((e) => ({ source: e.sourceId, paragraph: e.paragraph, quote: e.quote }));

const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

export function entityEntry(node: NodeState): SeedEntity {
  const p = node.props;
  return defined({
    id: node.id,
    kind: node.label as SeedEntity['kind'],
    name: p.name,
    nameEn: p.nameEn,
    aliases: (p.aliases as string[] | undefined) ?? [],
    description: p.description,
    category: p.category,
    foundedYear: p.foundedYear,
    evidence: evidenceOf(p),
  } as SeedEntity);
}

export function statisticEntry(node: NodeState): SeedStatistic {
  const p = node.props;
  return defined({
    id: node.id,
    subject: p.subjectId,
    measure: p.measure,
    measureZh: p.measureZh,
    value: p.value,
    unit: p.unit,
    currency: p.currency,
    originalValue: p.originalValue,
    originalUnit: p.originalUnit,
    qualifier: p.qualifier,
    isChange: p.isChange,
    period: defined({ label: p.periodLabel, start: p.periodStart, end: p.periodEnd }),
    note: p.note,
    evidence: evidenceOf(p),
  } as SeedStatistic);
}

export function relationEntry(r: { type: string; from: string; to: string; props: Record<string, unknown> }): SeedRelation {
  const props = Object.fromEntries(Object.keys(RELATION_PROPERTIES).flatMap((k) => (r.props[k] == null ? [] : [[k, r.props[k]]])));
  return { type: r.type, from: r.from, to: r.to, props: props as SeedRelation['props'], evidence: evidenceOf(r.props) };
}

/** A patch over an entry: a field given replaces it, null removes it, absent keeps it. */
export function patched<T extends object>(entry: T, patch: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(entry as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
