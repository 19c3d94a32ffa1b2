import type { EntityKind } from '../model/entity-kinds.js';

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

/**
 * Turns a filter into a Cypher condition on variable `v`, reading values from the map parameter
 * `$param`. Only which conditions appear depends on the input; every value travels as a parameter.
 */
export function entityFilterCondition(v: string, param: string, f: EntityFilterValue | null | undefined): string {
  if (!f) return 'true';
  const conditions: string[] = [];
  if (f.ids) conditions.push(`${v}.id IN $${param}.ids`);
  if (f.kinds) conditions.push(`any(label IN labels(${v}) WHERE label IN $${param}.kinds)`);
  if (f.nameContains)
    conditions.push(
      `(toLower(${v}.name) CONTAINS toLower($${param}.nameContains) OR toLower(coalesce(${v}.nameEn, '')) CONTAINS toLower($${param}.nameContains) OR any(a IN coalesce(${v}.aliases, []) WHERE toLower(a) CONTAINS toLower($${param}.nameContains)))`,
    );
  if (f.category) conditions.push(`${v}.category = $${param}.category`);
  if (f.designation) conditions.push(`EXISTS { (${v})-[:HOLDS_DESIGNATION]->(:Designation {id: $${param}.designation}) }`);
  if (f.chain) conditions.push(`EXISTS { (${v})-[:IN_CHAIN|LEADS_CHAIN]->(:IndustrialChain {id: $${param}.chain}) }`);
  // An entity is in a region when it, or the place it is in, lies in the region or one of its parts.
  if (f.region) conditions.push(`EXISTS { (${v})-[:LOCATED_IN|PART_OF]->{1,5}(:Region {id: $${param}.region}) }`);
  return conditions.length > 0 ? conditions.join(' AND ') : 'true';
}

/** The filter as a parameter map (null for absent fields, so `$param.x` is always defined). */
export function entityFilterParam(f: EntityFilterValue | null | undefined): Record<string, unknown> {
  return {
    ids: f?.ids ?? null,
    kinds: f?.kinds ?? null,
    nameContains: f?.nameContains ?? null,
    category: f?.category ?? null,
    designation: f?.designation ?? null,
    chain: f?.chain ?? null,
    region: f?.region ?? null,
  };
}

/**
 * The same filter as one fixed Cypher text whose every condition is guarded by `IS NULL`, for
 * batched queries where each row carries its own filter (`ref` is e.g. `row.filter`).
 */
export function guardedEntityFilter(v: string, ref: string): string {
  return `(${ref}.ids IS NULL OR ${v}.id IN ${ref}.ids)
        AND (${ref}.kinds IS NULL OR any(label IN labels(${v}) WHERE label IN ${ref}.kinds))
        AND (${ref}.nameContains IS NULL OR toLower(${v}.name) CONTAINS toLower(${ref}.nameContains) OR toLower(coalesce(${v}.nameEn, '')) CONTAINS toLower(${ref}.nameContains) OR any(a IN coalesce(${v}.aliases, []) WHERE toLower(a) CONTAINS toLower(${ref}.nameContains)))
        AND (${ref}.category IS NULL OR ${v}.category = ${ref}.category)
        AND (${ref}.designation IS NULL OR EXISTS { (${v})-[:HOLDS_DESIGNATION]->(:Designation {id: ${ref}.designation}) })
        AND (${ref}.chain IS NULL OR EXISTS { (${v})-[:IN_CHAIN|LEADS_CHAIN]->(:IndustrialChain {id: ${ref}.chain}) })
        AND (${ref}.region IS NULL OR EXISTS { (${v})-[:LOCATED_IN|PART_OF]->{1,5}(:Region {id: ${ref}.region}) })`;
}
