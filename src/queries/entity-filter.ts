import { ENTITY_KINDS, type EntityKind } from '../model/entity-kinds.js';

/** Filters over entities, shared by the lists, the relation query's ends and neighbourhoods. */
export interface EntityFilterValue {
  ids?: string[] | null;
  kinds?: EntityKind[] | null;
  nameContains?: string | null;
  category?: string | null;
  designation?: string | null;
  chain?: string | null;
  region?: string | null;
}

type FilterField = keyof EntityFilterValue;

/**
 * Each filter field as a Cypher condition on entity `v`, given the Cypher expression `x` that holds
 * the field's value (a parameter such as `$filter.ids`, or a row value such as `row.filter.ids`).
 */
/** Entity `v` is of one of the kinds in list expression `x`. */
export const hasKindIn = (v: string, x: string) => `any(label IN labels(${v}) WHERE label IN ${x})`;

const CONDITIONS: Record<FilterField, (v: string, x: string) => string> = {
  ids: (v, x) => `${v}.id IN ${x}`,
  kinds: hasKindIn,
  nameContains: (v, x) =>
    `(toLower(${v}.name) CONTAINS toLower(${x}) OR toLower(coalesce(${v}.nameEn, '')) CONTAINS toLower(${x}) OR any(a IN coalesce(${v}.aliases, []) WHERE toLower(a) CONTAINS toLower(${x})))`,
  category: (v, x) => `${v}.category = ${x}`,
  designation: (v, x) => `EXISTS { (${v})-[:HOLDS_DESIGNATION]->(:Designation {id: ${x}}) }`,
  chain: (v, x) => `EXISTS { (${v})-[:IN_CHAIN|LEADS_CHAIN]->(:IndustrialChain {id: ${x}}) }`,
  // An entity is in a region when it, or the place it is in, lies in the region or one of its parts.
  region: (v, x) => `EXISTS { (${v})-[:LOCATED_IN|PART_OF]->{1,5}(:Region {id: ${x}}) }`,
};
const FIELDS = Object.keys(CONDITIONS) as FilterField[];

/**
 * Turns a filter into a Cypher condition on variable `v`, reading values from the map parameter
 * `$param`. Only which conditions appear depends on the input; every value travels as a parameter,
 * except kinds, which become a label expression (`v:A|B`, names from the kind table only) so the
 * planner can start from those labels instead of every entity.
 */
export function entityFilterCondition(v: string, param: string, f: EntityFilterValue | null | undefined): string {
  const present = FIELDS.filter((field) => f?.[field] != null && f[field] !== '');
  const condition = (field: FilterField) =>
    field === 'kinds' ? kindLabelExpression(v, f!.kinds!) : CONDITIONS[field](v, `$${param}.${field}`);
  return present.length > 0 ? present.map(condition).join(' AND ') : 'true';
}

/** `v:A|B` for kinds from the kind table (anything else throws): a label expression the planner can start from. */
export function kindLabelExpression(v: string, kinds: readonly EntityKind[]): string {
  // The GraphQL enum admits only kinds; the table check keeps anything else out of the text regardless.
  const unknown = kinds.find((k) => !Object.hasOwn(ENTITY_KINDS, k));
  if (unknown !== undefined) throw new Error(`not an entity kind: ${JSON.stringify(unknown)}`);
  return kinds.length === 0 ? 'false' : `${v}:${[...new Set(kinds)].sort().join('|')}`;
}

/**
 * The filter as a parameter map of its present fields, in a fixed order (it also keys loaders). An
 * absent key reads as null in Cypher, which is what the conditions test; leaving them out keeps
 * the parameters small (they are sent with every statement).
 */
export function entityFilterParam(f: EntityFilterValue | null | undefined): Record<string, unknown> {
  const param: Record<string, unknown> = {};
  for (const field of FIELDS) if (f?.[field] != null) param[field] = f[field];
  return param;
}
