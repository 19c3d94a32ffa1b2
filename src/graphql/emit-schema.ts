import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../config.js';
import { printSchemaFile } from './print-schema.js';
import { schemaFileText } from '../neo4j/schema.js';

/** `npm run schema:emit`: rewrites the committed schema files from the code. */
await writeFile(path.join(projectRoot, 'schema', 'schema.graphql'), await printSchemaFile());
await writeFile(path.join(projectRoot, 'schema', 'neo4j-schema.cypher'), schemaFileText());
console.log('wrote schema/schema.graphql and schema/neo4j-schema.cypher');
