import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, loadConfig, projectRoot } from '../../src/config.js';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to fail');
};

describe('configuration from the environment', () => {
  it('defaults to the embedded Neo4j on port 4000 with the seed loaded at start', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.neo4j).toMatchObject({ kind: 'embedded', port: 7697, maxRestarts: 5 });
    expect(config.seedOnStart).toBe(true);
  });

  it('takes NEO4J_EMBEDDED_MAX_RESTARTS as a whole number >= 0', () => {
    expect(loadConfig({ NEO4J_EMBEDDED_MAX_RESTARTS: '0' }).neo4j).toMatchObject({ kind: 'embedded', maxRestarts: 0 });
    expect(fails({ NEO4J_EMBEDDED_MAX_RESTARTS: '-1' })).toBe('invalid configuration: NEO4J_EMBEDDED_MAX_RESTARTS must be >= 0 (got "-1")');
    expect(fails({ NEO4J_EMBEDDED_MAX_RESTARTS: 'often' })).toBe(
      'invalid configuration: NEO4J_EMBEDDED_MAX_RESTARTS must be a whole number (got "often")',
    );
  });

  it('sizes the embedded Neo4j from NEO4J_EMBEDDED_HEAP, _PAGECACHE and _TRANSACTION_MEMORY_MAX, with defaults', () => {
    expect(loadConfig({}).neo4j).toMatchObject({ memory: { heap: '2g', pagecache: '1g', transactionMemoryMax: '512m' } });
    const sized = loadConfig({ NEO4J_EMBEDDED_HEAP: '4g', NEO4J_EMBEDDED_PAGECACHE: '2G', NEO4J_EMBEDDED_TRANSACTION_MEMORY_MAX: '256m' });
    expect(sized.neo4j).toMatchObject({ memory: { heap: '4g', pagecache: '2G', transactionMemoryMax: '256m' } });
    expect(fails({ NEO4J_EMBEDDED_HEAP: '4 GB' })).toBe(
      'invalid configuration: NEO4J_EMBEDDED_HEAP must be a size such as 512m or 2g (got "4 GB")',
    );
  });

  it('uses an external Neo4j when NEO4J_URI is set, and does not seed it unless asked', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io',
      NEO4J_USERNAME: 'neo4j',
      NEO4J_PASSWORD: 'pw',
      NEO4J_DATABASE: 'kb',
    });
    expect(config.neo4j).toEqual({ kind: 'external', uri: 'neo4j+s://abc.databases.neo4j.io', username: 'neo4j', password: 'pw' });
    expect(config.database).toBe('kb');
    expect(config.seedOnStart).toBe(false);
  });

  it('warms up with schema/warm-up.graphql unless told otherwise; a relative WARM_UP_OPERATIONS is under the project root', () => {
    expect(loadConfig({}).warmUpOperations).toBe(path.join(projectRoot, 'schema/warm-up.graphql'));
    expect(loadConfig({ WARM_UP_OPERATIONS: 'ops/frontend.graphql' }).warmUpOperations).toBe(
      path.join(projectRoot, 'ops/frontend.graphql'),
    );
    expect(loadConfig({ WARM_UP_OPERATIONS: '/etc/chainkb/ops.graphql' }).warmUpOperations).toBe('/etc/chainkb/ops.graphql');
    expect(loadConfig({ WARM_UP: 'false', WARM_UP_OPERATIONS: '/etc/chainkb/ops.graphql' }).warmUpOperations).toBeUndefined();
    expect(fails({ WARM_UP: 'maybe' })).toMatch(/^invalid configuration: WARM_UP: .* \(got "maybe"\)$/);
  });

  it('names the variable that is wrong, with the value it got', () => {
    expect(fails({ PORT: 'abc' })).toBe('invalid configuration: PORT must be a port number (got "abc")');
    expect(fails({ PORT: '70000' })).toBe('invalid configuration: PORT must be between 1 and 65535 (got "70000")');
    expect(fails({ NEO4J_URI: 'http://localhost:7474' })).toBe(
      'invalid configuration: NEO4J_URI must look like bolt://host:7687 or neo4j+s://host',
    );
    expect(fails({ LOG_LEVEL: 'loud' })).toMatch(/^invalid configuration: LOG_LEVEL: .* \(got "loud"\)$/);
  });

  it('takes IMPORT_MAX_UPLOAD_BYTES as a positive whole number of bytes, 256 MiB by default', () => {
    expect(loadConfig({}).importMaxUploadBytes).toBe(268_435_456);
    expect(loadConfig({ IMPORT_MAX_UPLOAD_BYTES: '1048576' }).importMaxUploadBytes).toBe(1_048_576);
    expect(fails({ IMPORT_MAX_UPLOAD_BYTES: '0' })).toBe('invalid configuration: IMPORT_MAX_UPLOAD_BYTES must be > 0 (got "0")');
    expect(fails({ IMPORT_MAX_UPLOAD_BYTES: '1.5' })).toBe(
      'invalid configuration: IMPORT_MAX_UPLOAD_BYTES must be a whole number of bytes (got "1.5")',
    );
    expect(fails({ IMPORT_MAX_UPLOAD_BYTES: '256m' })).toBe(
      'invalid configuration: IMPORT_MAX_UPLOAD_BYTES must be a number of bytes (got "256m")',
    );
  });

  it('never echoes a value that may hold credentials', () => {
    expect(fails({ NEO4J_URI: 'http://user:secret@db:7474' })).not.toContain('secret');
  });

  it('requires credentials with NEO4J_URI', () => {
    expect(fails({ NEO4J_URI: 'bolt://localhost:7687', NEO4J_USERNAME: 'neo4j' })).toBe(
      'invalid configuration: NEO4J_PASSWORD is required when NEO4J_URI is set',
    );
  });
});
