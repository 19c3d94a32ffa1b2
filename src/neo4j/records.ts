import { ENTITY_KINDS, ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import { EVIDENCE_PROPERTIES, fromStoredEvidence, type Evidence } from '../model/evidence.js';
import type { RelationType } from '../model/relation-types.js';

/** An entity as resolvers see it: the node's properties plus its kind. */
export interface EntityRecord {
  id: string;
  kind: EntityKind;
  name: string;
  nameEn?: string;
  aliases?: string[];
  description?: string;
  category?: string;
  evidence: Evidence[];
  [property: string]: unknown;
}

/** A relation as resolvers see it, oriented as stored (from → to). */
export interface RelationRecord {
  id: string;
  type: RelationType;
  fromId: string;
  toId: string;
  evidence: Evidence[];
  [property: string]: unknown;
}

/**
 * Cypher map projections the mappers below expect. The source text is left out of entity
 * projections: it is large, and only SourceDocument.paragraph needs it (through its own loader).
 */
export const NODE_PROJECTION = (v: string) => `${v} {.*, text: null, labels: labels(${v})}`;
export const REL_PROJECTION = (v: string) => `${v} {.*, type: type(${v}), fromId: startNode(${v}).id, toId: endNode(${v}).id}`;

/** Which stored properties to read: a list, or null for all of them. */
export type PropertyList = readonly string[] | null;

/**
 * Where a query knows which fields its reader selects, it reads only those properties: evidence
 * quotes and descriptions are most of a node's bytes, and bytes cost time in Neo4j, on the wire and
 * in decoding. The names come from the resolvers' tables of GraphQL fields, never from client text.
 * They travel as values (list expression `keys`), so one statement text serves every selection.
 *
 * Cypher for the properties `keys` of element `v`: their values in that order, or, when `keys` is
 * null, every property as a [name, value] pair (`except` one). `readProperties` reads either back.
 * Values alone because every name would otherwise cross the wire once per element.
 */
export const propertyValues = (v: string, keys: string, except?: string) =>
  `CASE WHEN ${keys} IS NULL THEN [k IN keys(${v}) ${except ? `WHERE k <> '${except}' ` : ''}| [k, ${v}[k]]] ELSE [k IN ${keys} | ${v}[k]] END`;

/** Cypher for the labels of node `v` but the common Entity label (toEntity finds the kind among them). */
export const kindLabels = (v: string) => `[l IN labels(${v}) WHERE l <> '${ENTITY_LABEL}']`;

/** Cypher for node `v` as [id, kind labels, values of the properties `keys`]: `readEntity` reads it. */
export const entityValues = (v: string, keys: string) => `[${v}.id, ${kindLabels(v)}, ${propertyValues(v, keys, 'text')}]`;
export type EntityValues = [id: string, labels: string[], values: unknown[]];

/** Cypher for relation `v` as [id, type, from id, to id, values of the properties `keys`]: `readRelation` reads it. */
export const relationValues = (v: string, keys: string) =>
  `[${v}.id, type(${v}), startNode(${v}).id, endNode(${v}).id, ${propertyValues(v, keys)}]`;
export type RelationValues = [id: string, type: RelationType, fromId: string, toId: string, values: unknown[]];

export function readProperties(values: unknown[], keys: PropertyList): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  // A listed property the element lacks reads as null: leave it out, as the full projection does.
  if (keys === null) for (const [key, value] of values as [string, unknown][]) properties[key] = value;
  else for (let i = 0; i < keys.length; i++) if (values[i] !== null) properties[keys[i]!] = values[i];
  return properties;
}

/** Stored properties the mappers turn into other fields (evidence, period) or drop (labels). */
const ENTITY_STORAGE = new Set([
  'labels',
  'evidenceSources',
  'evidenceParagraphs',
  'evidenceQuotes',
  'evidenceAssertedBy',
  'periodLabel',
  'periodStart',
  'periodEnd',
]);
const RELATION_STORAGE = new Set<string>(EVIDENCE_PROPERTIES);

/** Copies the properties of `raw` not in `skip` (a loop: this runs for every entity of a big answer). */
function copyExcept(raw: Record<string, unknown>, skip: Set<string>, into: Record<string, unknown>): Record<string, unknown> {
  for (const key in raw) if (!skip.has(key)) into[key] = raw[key];
  return into;
}

/**
 * Whether a property list names only properties that go into a record as they are (no evidence,
 * period or labels to convert): then the object read is the record, not copied again. Memoised
 * per list, which every row of a selection shares (2,000 entities of one answer, one list).
 */
function plainList(keys: PropertyList, storage: Set<string>, memo: WeakMap<readonly string[], boolean>): boolean {
  if (keys === null) return false;
  let plain = memo.get(keys);
  if (plain === undefined) memo.set(keys, (plain = !keys.some((k) => storage.has(k))));
  return plain;
}
const PLAIN_ENTITY_LISTS = new WeakMap<readonly string[], boolean>();
const PLAIN_RELATION_LISTS = new WeakMap<readonly string[], boolean>();

function kindOf(labels: readonly string[], id: unknown): EntityKind {
  const kind = labels.find((l): l is EntityKind => l in ENTITY_KINDS);
  if (!kind) throw new Error(`node ${String(id)} has no entity kind label`);
  return kind;
}

export function toEntity(raw: Record<string, unknown>): EntityRecord {
  const kind = kindOf((raw.labels as string[] | undefined) ?? [], raw.id);
  const entity = copyExcept(raw, ENTITY_STORAGE, { aliases: [] });
  if (raw.periodLabel !== undefined) entity.period = { label: raw.periodLabel, start: raw.periodStart, end: raw.periodEnd };
  entity.kind = kind;
  entity.evidence = fromStoredEvidence(raw);
  return entity as EntityRecord;
}

export function toRelation(raw: Record<string, unknown>): RelationRecord {
  const relation = copyExcept(raw, RELATION_STORAGE, {});
  relation.evidence = fromStoredEvidence(raw);
  return relation as RelationRecord;
}

/** `toRelation` of properties read with `keys` (the relation's id, type and ends set on them). */
export function toRelationRead(raw: Record<string, unknown>, keys: PropertyList): RelationRecord {
  if (!plainList(keys, RELATION_STORAGE, PLAIN_RELATION_LISTS)) return toRelation(raw);
  raw.evidence = [];
  return raw as RelationRecord;
}

export function readEntity([id, labels, values]: EntityValues, keys: PropertyList): EntityRecord {
  const raw = readProperties(values, keys);
  raw.id = id;
  if (plainList(keys, ENTITY_STORAGE, PLAIN_ENTITY_LISTS)) {
    raw.aliases ??= [];
    raw.kind = kindOf(labels, id);
    raw.evidence = [];
    return raw as EntityRecord;
  }
  raw.labels = labels;
  return toEntity(raw);
}

export function readRelation([id, type, fromId, toId, values]: RelationValues, keys: PropertyList): RelationRecord {
  const raw = readProperties(values, keys);
  raw.id = id;
  raw.type = type;
  raw.fromId = fromId;
  raw.toId = toId;
  return toRelationRead(raw, keys);
}
