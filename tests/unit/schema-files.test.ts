import { readFile } from 'node:fs/promises';
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
