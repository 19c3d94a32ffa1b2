import { ENTITY_KINDS, type EntityKind } from '../../src/model/entity-kinds.js';
import { RELATION_TYPES, type RelationType } from '../../src/model/relation-types.js';

/**
 * @neo4j/graphql type definitions equivalent to chainkb's model, generated from the same tables
 * (src/model/entity-kinds.ts, src/model/relation-types.ts): every kind a `@node` type implementing
 * `Entity`, every relation type a `@relationship` field at each end under chainkb's own field names
 * (outField / inField), its properties a `@relationshipProperties` type (the allowed properties plus
 * the evidence arrays). A field's target is the kind when the other end allows one kind, else the
 * `Entity` interface. Read-only: no mutations, no aggregations.
 */
const INT_PROPERTIES = new Set(['count']);
const FLOAT_PROPERTIES = new Set(['amount', 'amountOriginal']);

export function peerTypeDefs(types: readonly RelationType[] = Object.keys(RELATION_TYPES) as RelationType[]): string {
  const fields = new Map<EntityKind, string[]>(Object.keys(ENTITY_KINDS).map((k) => [k as EntityKind, []]));
  const propertyTypes: string[] = [];
  for (const type of types) {
    const spec = RELATION_TYPES[type] as {
      from: readonly EntityKind[];
      to: readonly EntityKind[];
      outField: string;
      inField: string;
      symmetric?: boolean;
      allowed?: readonly string[];
    };
    const props = `${pascal(type)}Properties`;
    const propertyFields = (spec.allowed ?? []).map(
      (p) => `  ${p}: ${INT_PROPERTIES.has(p) ? 'Int' : FLOAT_PROPERTIES.has(p) ? 'Float' : 'String'}`,
    );
    propertyTypes.push(
      `type ${props} @relationshipProperties {\n${[...propertyFields, '  evidenceSources: [String!]', '  evidenceParagraphs: [Int!]', '  evidenceQuotes: [String!]'].join('\n')}\n}`,
    );
    const target = (kinds: readonly EntityKind[]) => (kinds.length === 1 ? kinds[0]! : 'Entity');
    if (spec.symmetric) {
      for (const kind of new Set([...spec.from, ...spec.to]))
        fields
          .get(kind)!
          .push(
            `  ${spec.outField}: [${target([...new Set([...spec.from, ...spec.to])])}!]! @relationship(type: "${type}", direction: OUT, queryDirection: UNDIRECTED, properties: "${props}")`,
          );
      continue;
    }
    for (const kind of spec.from)
      fields
        .get(kind)!
        .push(`  ${spec.outField}: [${target(spec.to)}!]! @relationship(type: "${type}", direction: OUT, properties: "${props}")`);
    for (const kind of spec.to)
      fields
        .get(kind)!
        .push(`  ${spec.inField}: [${target(spec.from)}!]! @relationship(type: "${type}", direction: IN, properties: "${props}")`);
  }
  const nodeTypes = [...fields].map(
    ([kind, relationFields]) =>
      `type ${kind} implements Entity @node(labels: ["${kind}", "Entity"]) @query(aggregate: false) @mutation(operations: []) {\n  id: ID!\n  name: String!\n  nameEn: String\n  category: String\n  description: String\n${relationFields.join('\n')}\n}`,
  );
  return [`interface Entity {\n  id: ID!\n  name: String!\n}`, ...nodeTypes, ...propertyTypes].join('\n\n');
}

const pascal = (upperSnake: string) => upperSnake.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
