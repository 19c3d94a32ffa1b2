import { RELATION_PROPERTIES, type RelationProperty } from './relation-types.js';

/**
 * The stored properties of entities and relations with their value types: what an export declares
 * (GraphML `<key attr.type>`, GEXF `<attribute type>`, CSV columns) and writes. Relation properties
 * are named by RELATION_PROPERTIES; only their types are added here. Evidence, stored as parallel
 * lists, is one field of its own (see EVIDENCE_FIELD); storage-only properties (the full
 * source `text`, `aliasText`, `seeded`, `seedHash`) are not part of the table.
 */
export type PropertyType = 'string' | 'integer' | 'double' | 'boolean' | 'string[]';

export interface PropertySpec {
  type: PropertyType;
  description: string;
}

export const ENTITY_PROPERTIES = {
  name: { type: 'string', description: 'Official name (SourceDocument: title; Statistic: measureZh).' },
  nameEn: { type: 'string', description: 'English name (SourceDocument: titleEn; Statistic: measure).' },
  aliases: { type: 'string[]', description: 'Other names: short forms, English and pinyin.' },
  description: { type: 'string', description: 'One or two English sentences.' },
  category: { type: 'string', description: "Sub-kind, from the kind's list." },
  foundedYear: { type: 'integer', description: 'Founding year.' },
  date: { type: 'string', description: 'SourceDocument: publication date (YYYY, YYYY-MM or YYYY-MM-DD).' },
  start: { type: 'string', description: 'Event: when it began (YYYY, YYYY-MM or YYYY-MM-DD).' },
  end: { type: 'string', description: 'Event: when it ended or is due to end.' },
  language: { type: 'string', description: 'SourceDocument: language code.' },
  publisher: { type: 'string', description: 'SourceDocument: publisher.' },
  file: { type: 'string', description: 'SourceDocument: path of its text under seed/.' },
  subjectId: { type: 'string', description: 'Statistic: id of the measured entity.' },
  measure: { type: 'string', description: 'Statistic: what is measured, in English.' },
  measureZh: { type: 'string', description: 'Statistic: what is measured, as the source says it.' },
  value: { type: 'double', description: 'Statistic: the number, in unit (money in yuan).' },
  unit: { type: 'string', description: 'Statistic: base unit.' },
  currency: { type: 'string', description: 'Statistic: ISO currency code.' },
  originalValue: { type: 'double', description: 'Statistic: the figure as printed.' },
  originalUnit: { type: 'string', description: 'Statistic: the unit as printed.' },
  qualifier: { type: 'string', description: 'Statistic: how exact the value is.' },
  isChange: { type: 'boolean', description: 'Statistic: the value is a change, not a level.' },
  status: { type: 'string', description: 'Statistic: the status of the claim (actual, planned, forecast, target, ...).' },
  periodLabel: { type: 'string', description: 'Statistic: period as written.' },
  periodStart: { type: 'string', description: 'Statistic: start of the period.' },
  periodEnd: { type: 'string', description: 'Statistic: end of the period.' },
  note: { type: 'string', description: 'Statistic: one-line gloss.' },
} as const satisfies Record<string, PropertySpec>;
export type EntityProperty = keyof typeof ENTITY_PROPERTIES;
export const ENTITY_PROPERTY_NAMES = Object.keys(ENTITY_PROPERTIES) as EntityProperty[];

const RELATION_PROPERTY_TYPES: Record<RelationProperty, PropertyType> = {
  role: 'string',
  title: 'string',
  titleZh: 'string',
  start: 'string',
  end: 'string',
  periodLabel: 'string',
  count: 'integer',
  countQualifier: 'string',
  amount: 'double',
  amountOriginal: 'double',
  amountOriginalUnit: 'string',
  currency: 'string',
  status: 'string',
  note: 'string',
};

export const RELATION_PROPERTY_SPECS = Object.fromEntries(
  (Object.keys(RELATION_PROPERTIES) as RelationProperty[]).map((p) => [
    p,
    { type: RELATION_PROPERTY_TYPES[p], description: RELATION_PROPERTIES[p] },
  ]),
) as Record<RelationProperty, PropertySpec>;
export const RELATION_PROPERTY_NAMES = Object.keys(RELATION_PROPERTIES) as RelationProperty[];

/** Evidence read as one field: the stored parallel lists zipped into {source, paragraph, quote} items. */
export const EVIDENCE_FIELD = {
  name: 'evidence',
  description:
    'Where the sources say it: a list of {source, paragraph, quote, assertedBy (when someone other than the authors makes the claim)}.',
} as const;
