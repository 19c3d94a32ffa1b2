import { createHash } from 'node:crypto';
import type { Database } from '../../src/neo4j/database.js';

const digest = (props: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
    .digest('base64url')
    .slice(0, 16);

/**
 * Everything in the graph, one sorted line per node and relation: labels, id, seedHash and a digest
 * of all its properties. Two fingerprints are equal exactly when no node, label, relation or
 * property was added, removed or changed (a diff of the lines names what did change).
 */
export async function graphFingerprint(db: Database): Promise<string[]> {
  const nodes = await db.read({ cypher: 'MATCH (n) RETURN labels(n) AS labels, properties(n) AS props' });
  const relations = await db.read({
    cypher: 'MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props',
  });
  return [
    ...nodes.records.map((r) => {
      const props = r.get('props') as Record<string, unknown>;
      return `(${[...(r.get('labels') as string[])].sort().join(':')} ${props.id}) ${props.seedHash} ${digest(props)}`;
    }),
    ...relations.records.map((r) => {
      const props = r.get('props') as Record<string, unknown>;
      return `(${r.get('from')})-[${r.get('type')} ${props.id}]->(${r.get('to')}) ${props.seedHash} ${digest(props)}`;
    }),
  ].sort();
}
