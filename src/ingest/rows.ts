import { ENTITY_KINDS, ENTITY_KIND_NAMES, kindOfId, type EntityKind } from '../model/entity-kinds.js';
import { EVIDENCE_PROPERTIES } from '../model/evidence.js';
import {
  RELATION_PROPERTIES,
  RELATION_TYPES,
  RELATION_TYPE_NAMES,
  type RelationProperty,
  type RelationType,
} from '../model/relation-types.js';

/**
 * What the bulk-write path accepts: entity rows and relation rows holding properties exactly as the
 * seed loader stores them (ids, `evidenceSources/Paragraphs/Quotes`, aliases + aliasText, ...).
 * Kinds and types are checked against the model tables here, because they end up in Cypher text.
 */
export type Props = Record<string, unknown>;

export interface EntityRow {
  kind: EntityKind;
  props: Props & { id: string };
}

export interface RelationRow {
  type: RelationType;
  from: string;
  to: string;
  props: Props & { id: string };
}

/** Properties every stored relation may carry besides the model's RELATION_PROPERTIES. */
const STORED_RELATION_PROPS = new Set<string>(['id', ...EVIDENCE_PROPERTIES, 'seeded', 'seedHash']);
const ID = /^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A row the model does not allow; the message names the row and what was wrong with it. */
export class IngestRowError extends Error {
  override name = 'IngestRowError';
}

const isKind = (kind: unknown): kind is EntityKind => typeof kind === 'string' && (ENTITY_KIND_NAMES as string[]).includes(kind);
const isType = (type: unknown): type is RelationType => typeof type === 'string' && (RELATION_TYPE_NAMES as string[]).includes(type);

/** The label for Cypher text: only ever a key of ENTITY_KINDS, whatever the row claims. */
export function labelOf(kind: unknown): EntityKind {
  if (!isKind(kind)) throw new IngestRowError(`unknown entity kind ${JSON.stringify(kind)} (allowed: ${ENTITY_KIND_NAMES.join(', ')})`);
  return kind;
}

/** The relationship type for Cypher text: only ever a key of RELATION_TYPES. */
export function typeOf(type: unknown): RelationType {
  if (!isType(type)) throw new IngestRowError(`unknown relation type ${JSON.stringify(type)} (allowed: ${RELATION_TYPE_NAMES.join(', ')})`);
  return type;
}

export function checkEntityRow(row: EntityRow): void {
  const kind = labelOf(row.kind);
  const id = row.props?.id;
  const where = `entity ${JSON.stringify(id)} (${kind})`;
  if (typeof id !== 'string' || !ID.test(id)) throw new IngestRowError(`${where}: id must look like kind/slug`);
  if (kindOfId(id) !== kind) throw new IngestRowError(`${where}: a ${kind} id must start with ${ENTITY_KINDS[kind].idPrefix}/`);
  if (typeof row.props.name !== 'string' || row.props.name === '') throw new IngestRowError(`${where}: name is required`);
}

export function checkRelationRow(row: RelationRow): void {
  const type = typeOf(row.type);
  const spec = RELATION_TYPES[type];
  const where = `relation ${type} ${row.from} -> ${row.to}`;
  checkEnd(where, 'from', row.from, spec.from);
  checkEnd(where, 'to', row.to, spec.to);
  if (typeof row.props?.id !== 'string') throw new IngestRowError(`${where}: props.id is required`);
  const allowed: readonly RelationProperty[] = 'allowed' in spec ? spec.allowed : [];
  for (const key of Object.keys(row.props)) {
    if (!STORED_RELATION_PROPS.has(key) && !(key in RELATION_PROPERTIES && allowed.includes(key as RelationProperty)))
      throw new IngestRowError(`${where}: ${type} does not take ${key} (allowed: ${allowed.join(', ') || 'none'})`);
  }
  const required: readonly RelationProperty[] = 'required' in spec ? spec.required : [];
  for (const key of required) if (row.props[key] === undefined) throw new IngestRowError(`${where}: ${type} requires ${key}`);
  checkEvidence(where, row.props);
}

function checkEnd(where: string, field: 'from' | 'to', id: string, allowed: readonly EntityKind[]): void {
  const kind = kindOfId(id);
  if (!kind) throw new IngestRowError(`${where}: ${field} ${JSON.stringify(id)} is not an entity id`);
  if (!allowed.includes(kind))
    throw new IngestRowError(`${where}: cannot ${field === 'from' ? 'start at' : 'end at'} a ${kind} (allowed: ${allowed.join(', ')})`);
}

/** Every relation carries evidence: three parallel, non-empty lists. */
function checkEvidence(where: string, props: Props): void {
  const lists = [props.evidenceSources, props.evidenceParagraphs, props.evidenceQuotes];
  if (!lists.every(Array.isArray) || (lists[0] as unknown[]).length === 0)
    throw new IngestRowError(`${where}: evidence is required (evidenceSources, evidenceParagraphs, evidenceQuotes)`);
  if (new Set(lists.map((l) => (l as unknown[]).length)).size !== 1)
    throw new IngestRowError(`${where}: the three evidence lists differ in length`);
}
