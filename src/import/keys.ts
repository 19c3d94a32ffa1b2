import type { EntityKind } from '../model/entity-kinds.js';
import type { Database } from '../neo4j/database.js';
import { resolutionKeys } from '../ingest/resolution-keys.js';
import { entitiesWithoutKeys, setKeys } from './cypher.js';

/**
 * Gives resolution keys to the entities that lack them (written before resolution existed), so an
 * import can match them: one forward pass over the id index, 10,000 at a time. The seed loader,
 * the generator and imports write the keys themselves, so after the first import this finds none.
 */
export async function addMissingKeys(db: Database): Promise<number> {
  let after = '';
  let added = 0;
  for (;;) {
    const result = await db.read(entitiesWithoutKeys(after, 10_000));
    if (result.records.length === 0) return added;
    const rows = result.records.map((r) => ({
      id: r.get('id') as string,
      keys: resolutionKeys(r.get('kind') as EntityKind, String(r.get('name') ?? ''), (r.get('aliases') as string[] | null) ?? []),
    }));
    await db.write(setKeys(rows), 600_000);
    added += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}
