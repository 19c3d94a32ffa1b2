import 'reflect-metadata';
import { isInterfaceType, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { cacheControlDirective } from './cache-control.js';
import { buildSchema } from 'type-graphql';
import { EvidenceResolver, KIND_LIST_RESOLVERS, NodeResolver, StatisticClaimResolver } from './entities.resolver.js';
import { GraphResolver, RelationEndsResolver } from './graph.resolver.js';
import { HealthResolver } from './health.resolver.js';
import { TimelineResolver } from './timeline.resolver.js';
import { SearchResolver } from './search.resolver.js';
import { SourceDocumentResolver, StatisticSubjectResolver, StatisticsResolver } from './statistics.resolver.js';
import { EntityRelationsResolver, KIND_RELATION_RESOLVERS, resolveRelationFieldsDirectly } from './relations.js';
import { entityTypeName, KIND_TYPES } from './types/entity.js';

/** All resolvers; a new domain area adds its resolver here. */
export const RESOLVERS = [
  HealthResolver,
  NodeResolver,
  EvidenceResolver,
  StatisticClaimResolver,
  SearchResolver,
  GraphResolver,
  RelationEndsResolver,
  StatisticsResolver,
  StatisticSubjectResolver,
  SourceDocumentResolver,
  EntityRelationsResolver,
  TimelineResolver,
  ...KIND_RELATION_RESOLVERS,
  ...KIND_LIST_RESOLVERS,
] as [Function, ...Function[]];

/**
 * Every object type is declared with `simpleResolvers: true`: its plain fields (an entity's name, an
 * edge's node, ...) get no resolver of type-graphql's, which would wrap each in middleware handling
 * we do not use; graphql-js reads them as properties. Field resolvers are unaffected.
 */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  // Every kind's type is listed, so kinds that no field returns directly still reach the schema.
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    orphanedTypes: Object.values(KIND_TYPES),
    validate: false,
    directives: [...specifiedDirectives, cacheControlDirective],
  });
  resolveEntityTypesSynchronously(schema);
  resolveRelationFieldsDirectly(schema);
  return schema;
}

/** The interfaces every entity implements; all of them resolve an entity's type by its kind. */
export const ENTITY_INTERFACES = ['Node', 'Entity'] as const;

/**
 * type-graphql wraps an interface's `resolveType` in an async function, so graphql-js would complete
 * every value of type Node or Entity (every `node` of every connection) through a promise of its
 * own: 13% of the time of a 2,000-entity answer. Ours needs nothing asynchronous, so the built
 * interfaces get it back as it is.
 */
function resolveEntityTypesSynchronously(schema: GraphQLSchema): void {
  for (const name of ENTITY_INTERFACES) {
    const type = schema.getType(name);
    if (!isInterfaceType(type)) throw new Error(`the schema has no interface ${name}`);
    type.resolveType = entityTypeName;
  }
}
