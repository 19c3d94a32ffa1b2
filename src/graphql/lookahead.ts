import {
  getArgumentValues,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
} from 'graphql';
import { ENTITY_KINDS, type EntityKind } from '../model/entity-kinds.js';
import { EVIDENCE_PROPERTIES } from '../model/evidence.js';
import type { RelationType } from '../model/relation-types.js';
import { Direction } from '../model/ordering.js';
import type { PropertyList } from '../neo4j/records.js';
import {
  countSelections,
  MAX_PREFETCH_SELECTIONS,
  type PrefetchedPage,
  type Projection,
  type RelationSelection,
} from '../queries/relation-pages.js';
import type { ListReading } from '../queries/entity-list.js';
import type { PathProjection } from '../queries/graph-paths.js';
import type { Context } from './context.js';
import { isIncluded } from './selection.js';
import { relationFieldsOf, relationPageShape, typesOrAll } from './relations.js';

/**
 * Looks ahead from a connection field of entities (a root list) into its selection: which relation
 * fields are asked for on the entities, with which arguments, at every depth. The root resolver
 * reads them in its own statement (see queries/relation-pages.ts).
 */

/** A field as selected, with the GraphQL type it was selected on (through fragments). */
interface SelectedField {
  node: FieldNode;
  typeName: string;
}

function fieldsOf(
  selections: readonly SelectionNode[],
  typeName: string,
  info: GraphQLResolveInfo,
  out: SelectedField[] = [],
): SelectedField[] {
  for (const selection of selections) {
    if (!isIncluded(selection, info.variableValues)) continue;
    if (selection.kind === Kind.FIELD) out.push({ node: selection, typeName });
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      fieldsOf(selection.selectionSet.selections, selection.typeCondition?.name.value ?? typeName, info, out);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) fieldsOf(fragment.selectionSet.selections, fragment.typeCondition.name.value, info, out);
    }
  }
  return out;
}

interface ConnectionFields {
  /** Fields selected on `edges`. */
  edge: SelectedField[];
  /** Fields selected on `edges { node }`. */
  node: SelectedField[];
  /** Whether any cursor (of an edge or in `pageInfo`) or relation id is selected. */
  sortKeys: boolean;
  /** Whether `totalCount` is selected. */
  totalCount: boolean;
}

const SORT_KEY_FIELDS = new Set(['cursor', 'relationId', 'startCursor', 'endCursor']);

/** The fields selected below the fields named `name` among `of`, as selected on type `typeName`. */
function fieldsBelow(of: SelectedField[], name: string, info: GraphQLResolveInfo, typeName = ''): SelectedField[] {
  return of.filter((f) => f.node.name.value === name).flatMap((f) => fieldsOf(f.node.selectionSet?.selections ?? [], typeName, info));
}

/** What is selected on connection fields. */
function connectionFields(connections: readonly FieldNode[], nodeType: string, info: GraphQLResolveInfo): ConnectionFields {
  const fields = connections.flatMap((c) => fieldsOf(c.selectionSet?.selections ?? [], '', info));
  const edge = fieldsBelow(fields, 'edges', info);
  const sortKeys = [...edge, ...fieldsBelow(fields, 'pageInfo', info)].some((f) => SORT_KEY_FIELDS.has(f.node.name.value));
  return {
    edge,
    node: fieldsBelow(edge, 'node', info, nodeType),
    sortKeys,
    // A capped count (`totalCountCapped`) comes from the same count.
    totalCount: fields.some((f) => f.node.name.value === 'totalCount' || f.node.name.value === 'totalCountCapped'),
  };
}

const EVIDENCE = EVIDENCE_PROPERTIES;
/** Stored properties each entity field reads (besides id and labels); other fields read the whole node. */
const ENTITY_FIELD_PROPERTIES: Record<string, readonly string[]> = {
  __typename: [],
  id: [],
  kind: [],
  name: ['name'],
  nameEn: ['nameEn'],
  aliases: ['aliases'],
  description: ['description'],
  category: ['category'],
  foundedYear: ['foundedYear'],
  start: ['start'],
  end: ['end'],
  // Read by its own loader, from the id alone.
  timeline: [],
  evidence: EVIDENCE,
  // Read by its own loader, by the entity's id.
  statistics: [],
};
/** Stored properties each relation-edge field reads (besides id and type); other fields read the whole relation. */
const EDGE_FIELD_PROPERTIES: Record<string, readonly string[]> = {
  __typename: [],
  cursor: [],
  node: [],
  relationId: [],
  direction: [],
  type: [],
  role: ['role'],
  title: ['title'],
  titleZh: ['titleZh'],
  start: ['start'],
  end: ['end'],
  periodLabel: ['periodLabel'],
  count: ['count'],
  countQualifier: ['countQualifier'],
  status: ['status'],
  note: ['note'],
  amount: ['amount', 'currency', 'amountOriginal', 'amountOriginalUnit'],
  evidence: EVIDENCE,
};

/** Stored properties each field of a Relation (in a path) reads; its ends are path nodes, projected with the path's entities (see pathProjectionOf). */
const RELATION_FIELD_PROPERTIES: Record<string, readonly string[]> = {
  ...EDGE_FIELD_PROPERTIES,
  id: [],
  fromId: [],
  toId: [],
  from: [],
  to: [],
};

function propertiesOf(
  fields: SelectedField[],
  table: Record<string, readonly string[]>,
  needsNone: (f: SelectedField) => boolean,
): PropertyList {
  const properties = new Set<string>();
  for (const field of fields) {
    const listed = table[field.node.name.value];
    if (listed) listed.forEach((p) => properties.add(p));
    else if (!needsNone(field)) return null;
  }
  return [...properties].sort();
}

const isRelationField = (field: SelectedField) => relationOf(field, {}) !== null;

function projectionOf(fields: ConnectionFields): Projection {
  return {
    relation: propertiesOf(fields.edge, EDGE_FIELD_PROPERTIES, () => false),
    entity: propertiesOf(fields.node, ENTITY_FIELD_PROPERTIES, isRelationField),
    sortKeys: fields.sortKeys,
    totalCount: fields.totalCount,
  };
}

/** What paths need, from the fields selected on them (`pathFields`), and the entities `ends` (a relation query's `from` and `to`). */
function pathProjectionOf(pathFields: SelectedField[], ends: SelectedField[], info: GraphQLResolveInfo): PathProjection {
  const relations = fieldsBelow(pathFields, 'relations', info, 'Relation');
  // A path relation's `from` and `to` are nodes of the path (see toPathObject), read with these properties.
  const relationEnds = [...fieldsBelow(relations, 'from', info, 'Entity'), ...fieldsBelow(relations, 'to', info, 'Entity')];
  const entities = [...ends, ...fieldsBelow(pathFields, 'nodes', info, 'Entity'), ...relationEnds];
  const projection = {
    entity: propertiesOf(entities, ENTITY_FIELD_PROPERTIES, isRelationField),
    relation: propertiesOf(relations, RELATION_FIELD_PROPERTIES, () => false),
  };
  // A path's summary spells its names and its relations' roles or notes.
  if (!pathFields.some((f) => f.node.name.value === 'summary')) return projection;
  const withKeys = (list: PropertyList, keys: string[]) => list && [...new Set([...list, ...keys])].sort();
  return { entity: withKeys(projection.entity, ['name']), relation: withKeys(projection.relation, ['note', 'role']) };
}

/**
 * What the answers of the relation query being resolved (`findRelations`) need of their paths, and
 * whether their evidence's `source` or `assertedBy` is selected (on the ends, the path's nodes or
 * its relations): then the statement reads those entities too.
 */
export function matchProjection(info: GraphQLResolveInfo): PathProjection {
  const match = connectionFields(info.fieldNodes, 'RelationMatch', info).node;
  const ends = [...fieldsBelow(match, 'from', info, 'Entity'), ...fieldsBelow(match, 'to', info, 'Entity')];
  const path = fieldsBelow(match, 'path', info, 'Path');
  const elements = [...ends, ...fieldsBelow(path, 'nodes', info, 'Entity'), ...fieldsBelow(path, 'relations', info, 'Relation')];
  const evidenceEntities = fieldsBelow(elements, 'evidence', info, 'Evidence').some((f) => CITING_FIELDS.has(f.node.name.value));
  return { ...pathProjectionOf(path, ends, info), evidenceEntities };
}
const CITING_FIELDS = new Set(['source', 'assertedBy']);

/** What the paths being resolved (`paths(from:, to:)`) need. */
export function pathsProjection(info: GraphQLResolveInfo): PathProjection {
  return pathProjectionOf(
    fieldsOf(
      info.fieldNodes.flatMap((f) => f.selectionSet?.selections ?? []),
      'Path',
      info,
    ),
    [],
    info,
  );
}

/**
 * What a relation field being resolved needs of its page. graphql-js hands every item of a list
 * the same `fieldNodes` array within one execution, so it is worked out once per field, not per item.
 */
export function relationProjection(info: GraphQLResolveInfo): Projection {
  let projection = PROJECTIONS.get(info.fieldNodes);
  if (!projection) PROJECTIONS.set(info.fieldNodes, (projection = projectionOf(connectionFields(info.fieldNodes, 'Entity', info))));
  return projection;
}
const PROJECTIONS = new WeakMap<readonly FieldNode[], Projection>();

/** Whether the connection field being resolved selects `totalCount`: lists count their matches only then. */
export function totalCountSelected(info: GraphQLResolveInfo): boolean {
  return connectionFields(info.fieldNodes, '', info).totalCount;
}

/** Whether a page holding `have` has what `need` asks for. */
export function covers(have: Projection, need: Projection): boolean {
  const listCovers = (h: PropertyList, n: PropertyList) => h === null || (n !== null && n.every((p) => h.includes(p)));
  return (
    listCovers(have.relation, need.relation) &&
    listCovers(have.entity, need.entity) &&
    (have.sortKeys || !need.sortKeys) &&
    (have.totalCount || !need.totalCount)
  );
}

const kindOf = (typeName: string): EntityKind | null => (typeName in ENTITY_KINDS ? (typeName as EntityKind) : null);

/** The relation types and direction a field reads, or null when it is not a relation field. */
function relationOf(field: SelectedField, args: Record<string, unknown>): { types: RelationType[]; direction: Direction } | null {
  const name = field.node.name.value;
  if (name === 'relations') return { types: typesOrAll(args.types as RelationType[] | undefined), direction: args.direction as Direction };
  const kind = kindOf(field.typeName);
  const spec = kind && relationFieldsOf(kind).find((f) => f.name === name);
  return spec ? { types: [spec.type], direction: spec.direction } : null;
}

/** The relation fields selected on the entities of a connection (its `node` fields), at every depth. */
function relationSelections(entityFields: SelectedField[], info: GraphQLResolveInfo): RelationSelection[] {
  const selections: RelationSelection[] = [];
  for (const field of entityFields) {
    const type = info.schema.getType(field.typeName);
    const definition = isObjectType(type) || isInterfaceType(type) ? type.getFields()[field.node.name.value] : undefined;
    if (!definition) continue;
    try {
      const args = getArgumentValues(definition, field.node, info.variableValues);
      const relation = relationOf(field, args);
      if (!relation) continue;
      const kind = kindOf(field.typeName);
      const below = connectionFields([field.node], 'Entity', info);
      selections.push({
        kinds: kind ? [kind] : null,
        // Coerced by graphql-js against the same argument definitions type-graphql reads.
        shape: relationPageShape(relation.types, relation.direction, args as unknown as Parameters<typeof relationPageShape>[2]),
        projection: projectionOf(below),
        children: relationSelections(below.node, info),
      });
    } catch {
      // Invalid arguments: not read ahead, so the field's own resolver reports them at its path.
    }
  }
  return selections;
}

/**
 * What the root list being resolved reads: the properties its entities' selected fields need,
 * whether it is counted, and the relation fields below them to read ahead (none when there are so many that one statement
 * would be unwieldy, or when the client turned the read-ahead off: the per-level loaders then read
 * them).
 */
export function listReading(ctx: Context, info: GraphQLResolveInfo, nodeType: string): ListReading {
  const fields = connectionFields(info.fieldNodes, nodeType, info);
  return {
    properties: propertiesOf(fields.node, ENTITY_FIELD_PROPERTIES, isRelationField),
    nested: readAhead(ctx, fields.node, info),
    totalCount: fields.totalCount,
  };
}

/** The relation fields to read ahead below `node(id:)`/`nodes(ids:)`, whose selection is the entity's own. */
export function nodeReading(ctx: Context, info: GraphQLResolveInfo): RelationSelection[] {
  return readAhead(
    ctx,
    fieldsOf(
      info.fieldNodes.flatMap((f) => f.selectionSet?.selections ?? []),
      'Node',
      info,
    ),
    info,
  );
}

function readAhead(ctx: Context, entityFields: SelectedField[], info: GraphQLResolveInfo): RelationSelection[] {
  if (!ctx.readAhead) return [];
  const nested = relationSelections(entityFields, info);
  return countSelections(nested) <= MAX_PREFETCH_SELECTIONS ? nested : [];
}

/** Hands pages read ahead to this request's relation fields. */
export function primeRelationPages(ctx: Context, prefetched: PrefetchedPage[]): void {
  ctx.loaders.readAhead.add(prefetched);
}
