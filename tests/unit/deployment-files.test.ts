import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_WARM_UP_OPERATIONS } from '../../src/config.js';

const read = (name: string) => readFile(new URL(`../../${name}`, import.meta.url), 'utf8');

// There is no Docker engine on the build machines, so the compose file is checked for the
// properties the deployment relies on rather than run.
describe('docker-compose.yml', () => {
  it('runs Neo4j 5.26 community with a health check and a data volume', async () => {
    const compose = parse(await read('docker-compose.yml'));
    const neo4j = compose.services.neo4j;
    expect(neo4j.image).toBe('neo4j:5.26-community');
    expect(neo4j.healthcheck.test.join(' ')).toContain('cypher-shell');
    expect(neo4j.volumes).toEqual(['neo4j-data:/data']);
    expect(Object.keys(compose.volumes)).toEqual(['neo4j-data']);
  });

  it('builds chainkb from the Dockerfile and starts it once Neo4j is healthy, pointed at it', async () => {
    const app = parse(await read('docker-compose.yml')).services.chainkb;
    expect(app.build).toBe('.');
    expect(app.depends_on).toEqual({ neo4j: { condition: 'service_healthy' } });
    expect(app.environment).toMatchObject({ NEO4J_URI: 'bolt://neo4j:7687', NEO4J_USERNAME: 'neo4j', HOST: '0.0.0.0' });
  });

  it('has a Dockerfile that builds with npm ci and runs the compiled server', async () => {
    const dockerfile = await read('Dockerfile');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('RUN npm ci');
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
  });

  it('puts the default warm-up operations into the image, where the server looks for them', async () => {
    // WARM_UP is on by default: without the file the container would refuse to start.
    expect(DEFAULT_WARM_UP_OPERATIONS).toBe('schema/warm-up.graphql');
    expect(await read('Dockerfile')).toContain('COPY schema ./schema');
  });
});
