import type { Evidence } from '../model/evidence.js';
import {
  ENTITY_PROPERTIES,
  ENTITY_PROPERTY_NAMES,
  EVIDENCE_FIELD,
  RELATION_PROPERTY_NAMES,
  RELATION_PROPERTY_SPECS,
  type PropertyType,
} from '../model/properties.js';

/**
 * What an export writes for each node and edge: the structural fields (id, kind or type, ends),
 * then every property of the model's tables (src/model/properties.ts), then the evidence. Every
 * format declares and writes these same fields, in this order.
 */
export type FieldType = PropertyType | 'evidence';

export interface ExportField {
  name: string;
  type: FieldType;
  description: string;
}

/** A node of an export: an entity, its kind and the properties it has. */
export interface ExportNode {
  id: string;
  kind: string;
  properties: Record<string, unknown>;
  evidence: Evidence[];
}

/** An edge of an export: a relation, oriented as stored (source → target). */
export interface ExportEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
  evidence: Evidence[];
}

const evidenceField: ExportField = { name: EVIDENCE_FIELD.name, type: 'evidence', description: EVIDENCE_FIELD.description };

export const NODE_FIELDS: readonly ExportField[] = [
  { name: 'kind', type: 'string', description: 'The entity kind (its Neo4j label).' },
  ...ENTITY_PROPERTY_NAMES.map((name) => ({ name, ...ENTITY_PROPERTIES[name] })),
  evidenceField,
];

export const EDGE_FIELDS: readonly ExportField[] = [
  { name: 'type', type: 'string', description: 'The relation type.' },
  ...RELATION_PROPERTY_NAMES.map((name) => ({ name, ...RELATION_PROPERTY_SPECS[name] })),
  evidenceField,
];

/** Evidence as the exports write it: `source` rather than the API's `sourceId`, as the brief of every format says. */
export const evidenceItems = (evidence: readonly Evidence[]) =>
  evidence.map((e) => ({
    source: e.sourceId,
    paragraph: e.paragraph,
    quote: e.quote,
    ...(e.assertedBy ? { assertedBy: e.assertedBy } : {}),
  }));

/** The value of `field` on an element, typed as JSON carries it; undefined when the element has none. */
export function fieldValue(field: ExportField, element: ExportNode | ExportEdge): unknown {
  if (field.type === 'evidence') return element.evidence.length > 0 ? evidenceItems(element.evidence) : undefined;
  if (field.name === 'kind' && 'kind' in element) return element.kind;
  if (field.name === 'type' && 'type' in element) return element.type;
  return element.properties[field.name] ?? undefined;
}

/**
 * A value as text, for XML and CSV: numbers and booleans as XML Schema writes them, lists and
 * evidence as JSON (unambiguous where a separator would not be: names and quotes hold commas,
 * semicolons and pipes). Undefined stays undefined: the element has no value.
 */
export function fieldText(field: ExportField, element: ExportNode | ExportEdge): string | undefined {
  const value = fieldValue(field, element);
  if (value === undefined || value === null) return undefined;
  if (field.type === 'string[]' || field.type === 'evidence') return JSON.stringify(value);
  if (field.type === 'integer') return String(Math.trunc(Number(value)));
  return String(value);
}
