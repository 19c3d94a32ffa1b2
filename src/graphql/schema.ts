import 'reflect-metadata';
import { specifiedDirectives, type GraphQLSchema } from 'graphql';
import { cacheControlDirective } from './cache-control.js';
import { buildSchema } from 'type-graphql';
import { EvidenceResolver, KIND_LIST_RESOLVERS, NodeResolver, StatisticClaimResolver } from './entities.resolver.js';
import { GraphResolver, RelationEndsResolver } from './graph.resolver.js';
import { HealthResolver } from './health.resolver.js';
import { TimelineResolver } from './timeline.resolver.js';
import { SearchResolver } from './search.resolver.js';
import { EntityStatisticsResolver, SourceDocumentResolver, StatisticSubjectResolver, StatisticsResolver } from './statistics.resolver.js';
import { EntityRelationsResolver, KIND_RELATION_RESOLVERS } from './relations.js';
import { KIND_TYPES } from './types/entity.js';
import { authChecker } from './auth-checker.js';
import { WritesResolver } from './writes.resolver.js';
import { HistoryResolver } from './history.resolver.js';

/** All resolvers; a new domain area adds its resolver here. */
export const RESOLVERS = [
  HealthResolver,
  WritesResolver,
  HistoryResolver,
  NodeResolver,
  EvidenceResolver,
  StatisticClaimResolver,
  SearchResolver,
  GraphResolver,
  RelationEndsResolver,
  StatisticsResolver,
  StatisticSubjectResolver,
  SourceDocumentResolver,
  EntityStatisticsResolver,
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
  return buildSchema({
    resolvers: RESOLVERS,
    orphanedTypes: Object.values(KIND_TYPES),
    validate: false,
    authChecker,
    directives: [...specifiedDirectives, cacheControlDirective],
  });
}
