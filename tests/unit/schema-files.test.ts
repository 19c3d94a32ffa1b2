import { readFile } from 'node:fs/promises';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../../src/graphql/print-schema.js';
import { buildGraphQLSchema, ENTITY_INTERFACES } from '../../src/graphql/schema.js';
import { schemaFileText } from '../../src/neo4j/schema.js';

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
  it('resolves the type of a Node or Entity value synchronously, by its kind', async () => {
    const schema = await buildGraphQLSchema();
    for (const name of ENTITY_INTERFACES) {
      const type = schema.getType(name);
      if (!isInterfaceType(type)) throw new Error(`${name} is not an interface`);
      // A promise here would make graphql-js complete every node of every connection asynchronously.
      expect(type.resolveType!({ kind: 'Enterprise' }, {}, {} as never, type)).toBe('Enterprise');
    }
  });
});
