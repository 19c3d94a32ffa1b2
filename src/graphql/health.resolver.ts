import { Ctx, Directive, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { cacheHint, MAX_AGE } from './cache-control.js';
import type { Context } from './context.js';

@ObjectType({ simpleResolvers: true, description: 'The database behind this server, as Neo4j itself reports it.' })
export class Health {
  @Field(() => String, { description: 'Neo4j kernel version, e.g. 5.26.0.' })
  neo4jVersion!: string;

  @Field(() => String, { description: 'Neo4j edition: community or enterprise.' })
  edition!: string;
}

@Resolver()
export class HealthResolver {
  @Directive(cacheHint(MAX_AGE.health))
  @Query(() => Health, { description: 'Proves the whole path: HTTP, GraphQL, the driver and Neo4j.' })
  async health(@Ctx() { runner }: Context): Promise<Health> {
    const info = await runner.serverInfo();
    return { neo4jVersion: info.version, edition: info.edition };
  }
}
