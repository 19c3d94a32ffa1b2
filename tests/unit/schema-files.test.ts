import { readFile } from 'node:fs/promises';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../../src/graphql/print-schema.js';
import { buildGraphQLSchema, ENTITY_INTERFACES } from '../../src/graphql/schema.js';
import { schemaFileText } from '../../src/neo4j/schema.js';
import type { Context } from '../../src/graphql/context.js';
import { relationPageShape, typesOrAll } from '../../src/graphql/relations.js';
import { Direction, RelationOrder } from '../../src/graphql/types/enums.js';
import { ReadAheadPages } from '../../src/loaders/relation-pages.js';

const committed = (name: string) => readFile(new URL(`../../schema/${name}`, import.meta.url), 'utf8');

describe('the committed schema files match the code', () => {
  it('schema/schema.graphql is what the resolvers build (run `npm run schema:emit` after changing the API)', async () => {
    expect(await printSchemaFile()).toBe(await committed('schema.graphql'));
  });

  it('schema/neo4j-schema.cypher is what the model tables give', async () => {
    expect(schemaFileText()).toBe(await committed('neo4j-schema.cypher'));
  });
});

describe('the schema documents itself', () => {
  it('every type, field and enum value has a description', async () => {
    const schema = buildSchema(await committed('schema.graphql'));
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID', 'Query'].includes(type.name)) continue;
      if (!type.description) undocumented.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
        for (const field of Object.values(type.getFields())) if (!field.description) undocumented.push(`${type.name}.${field.name}`);
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) undocumented.push(`${type.name}.${value.name}`);
    }
    for (const field of Object.values(schema.getQueryType()!.getFields())) if (!field.description) undocumented.push(`Query.${field.name}`);
    expect(undocumented).toEqual([]);
  });
});

describe('the built schema', () => {
  it('gives plain fields no resolver, only the fields that compute something', async () => {
    const schema = await buildGraphQLSchema();
    const resolved = (type: string) =>
      Object.values((schema.getType(type) as GraphQLObjectType).getFields())
        .filter((f) => f.resolve)
        .map((f) => f.name);
    for (const type of [
      'RelationConnection',
      'RelationEdge',
      'PageInfo',
      'EnterpriseConnection',
      'EnterpriseEdge',
      'Evidence',
      'Money',
      'Period',
      'Health',
    ])
      expect(resolved(type), type).toEqual(type === 'Evidence' ? ['source', 'assertedBy'] : []);
    // An entity's own fields are plain; its relation fields resolve.
    const enterprise = resolved('Enterprise');
    expect(enterprise).not.toContain('name');
    expect(enterprise).not.toContain('id');
    expect(enterprise).toEqual(expect.arrayContaining(['chains', 'relations']));
  });

  it('resolves the type of a Node or Entity value synchronously, by its kind', async () => {
    const schema = await buildGraphQLSchema();
    for (const name of ENTITY_INTERFACES) {
      const type = schema.getType(name);
      if (!isInterfaceType(type)) throw new Error(`${name} is not an interface`);
      // A promise here would make graphql-js complete every node of every connection asynchronously.
      expect(type.resolveType!({ kind: 'Enterprise' }, {}, {} as never, type)).toBe('Enterprise');
    }
  });

  it('answers a relation field read ahead without a promise, for the kind fields and the generic `relations`', async () => {
    const schema = await buildGraphQLSchema();
    const enterprise = schema.getType('Enterprise');
    if (!isObjectType(enterprise)) throw new Error('Enterprise is not an object type');
    const readAhead = new ReadAheadPages();
    const page = (totalCount: number) => ({ edges: [], totalCount, hasNextPage: false, hasPreviousPage: false });
    const args = { first: 20, orderBy: RelationOrder.NAME_ASC };
    readAhead.add([
      { request: { parentId: 'enterprise/x', ...relationPageShape(['IN_CHAIN'], Direction.OUT, args) }, page: page(3) },
      { request: { parentId: 'enterprise/x', ...relationPageShape(typesOrAll(undefined), Direction.BOTH, args) }, page: page(9) },
    ]);
    const ctx = { loaders: { readAhead } } as unknown as Context;
    const resolve = (field: string, fieldArgs: object) =>
      enterprise.getFields()[field]!.resolve!({ id: 'enterprise/x', kind: 'Enterprise' }, fieldArgs, ctx, {} as GraphQLResolveInfo);
    // type-graphql's wrapper returns a promise here (its argument validation is async).
    expect(resolve('chains', args)).toMatchObject({ totalCount: 3 });
    expect(resolve('relations', { ...args, direction: Direction.BOTH })).toMatchObject({ totalCount: 9 });
  });
});
