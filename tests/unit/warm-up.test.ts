import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kind, parse, print, visit, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WARM_UP_OPERATIONS, projectRoot } from '../../src/config.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import { loadWarmUpOperations, WarmUpFileError } from '../../src/http/warm-up.js';

let schema: Awaited<ReturnType<typeof buildGraphQLSchema>>;
let dir: string;
beforeAll(async () => {
  schema = await buildGraphQLSchema();
  dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-warm-up-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const defaultFile = path.join(projectRoot, DEFAULT_WARM_UP_OPERATIONS);

/** An operation as it reaches the server, without the variables' default values (the warm-up's additions). */
const withoutDefaults = (operation: OperationDefinitionNode) =>
  print(visit(operation, { VariableDefinition: (definition) => ({ ...definition, defaultValue: undefined }) }));
const operationsOf = (text: string) =>
  new Map(
    parse(text)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((op) => [op.name!.value, withoutDefaults(op)]),
  );

/** Loading `text` as a warm-up file fails; resolves to the message. */
async function refusal(text: string): Promise<{ message: string; file: string }> {
  const file = path.join(dir, `ops-${Math.random().toString(36).slice(2)}.graphql`);
  await writeFile(file, text);
  const error = await loadWarmUpOperations(file, schema).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WarmUpFileError);
  return { message: (error as Error).message, file };
}

describe('the default warm-up operations (schema/warm-up.graphql)', () => {
  it('are valid for the schema, named, in file order', async () => {
    const operations = await loadWarmUpOperations(defaultFile, schema);
    expect(operations.names).toEqual([
      'ExplorerSearch',
      'ExplorerNeighbourhood',
      'ExplorerPaths',
      'ExplorerMoreRelations',
      'ExplorerEntity',
      'ExplorerVocabulary',
      'ReadmeChampionLicences',
      'ReadmeFundBacking',
      'ReadmeHopRange',
      'ReadmePaths',
      'ReadmeNestedRelations',
      'ReadmeStatistics',
      'ChainMembersOfEnterprises',
    ]);
  });

  it('hold every operation the explorer sends, with the same selection', async () => {
    // A path, not a literal: the explorer's browser module has no type declarations to check.
    const api = pathToFileURL(path.join(projectRoot, 'src/explorer/public/js/api.js')).href;
    const { OPERATIONS } = (await import(api)) as { OPERATIONS: string[] };
    const warmed = operationsOf(await loadWarmUpOperations(defaultFile, schema).then((o) => o.text));
    expect(OPERATIONS.length).toBe(6);
    for (const [name, operation] of OPERATIONS.flatMap((text) => [...operationsOf(text)])) {
      expect(warmed.get(name), `${name} in ${DEFAULT_WARM_UP_OPERATIONS}`).toBe(operation);
    }
  });
});

describe('a warm-up file that cannot serve stops the start with a message naming the problem', () => {
  it('a file that is missing', async () => {
    const file = path.join(dir, 'missing.graphql');
    await expect(loadWarmUpOperations(file, schema)).rejects.toThrow(
      `warm-up operations ${file} cannot be read (ENOENT): set WARM_UP_OPERATIONS to a GraphQL file, or WARM_UP=false`,
    );
  });

  it('a file that is not GraphQL, with the line and column', async () => {
    const { message, file } = await refusal('query A {\n  health {\n}\n');
    expect(message).toBe(`warm-up operations ${file}: Syntax Error: Expected Name, found "}". (line 3, column 1)`);
  });

  it('an operation without a name', async () => {
    const { message, file } = await refusal('query A { health { edition } }\n\n{ health { edition } }\n');
    expect(message).toBe(`warm-up operations ${file}: every operation needs a name (for the log); the one at line 3 has none`);
  });

  it('an operation that is not a query', async () => {
    const { message, file } = await refusal('subscription Changes { health { edition } }\n');
    expect(message).toBe(`warm-up operations ${file}: Changes is a subscription; only queries are run at start-up`);
  });

  it('an operation this schema does not answer, with where it is', async () => {
    const { message, file } = await refusal('query A {\n  enterprises { edges { node { nope } } }\n}\n');
    expect(message).toBe(
      `warm-up operations ${file}: Cannot query field "nope" on type "Enterprise". Did you mean "name"? (line 2, column 32)`,
    );
  });

  it('a file without operations', async () => {
    const { message, file } = await refusal('fragment F on Health { ok }\n');
    expect(message).toBe(`warm-up operations ${file} holds no operation`);
  });
});
