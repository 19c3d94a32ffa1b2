import { readFile } from 'node:fs/promises';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../../src/graphql/print-schema.js';
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
