import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, toEntity, type EntityRecord } from '../neo4j/records.js';
import { followMerged } from '../model/tombstone.js';

/** Entities by id, all ids of one tick in one query; unknown ids load as null. */
export function entityLoader(runner: RequestRunner): DataLoader<string, EntityRecord | null> {
  return new DataLoader(async (ids) => {
    const result = await runner.read({
      // An id merged into another answers the kept entity (model/tombstone.ts).
      cypher: `UNWIND $ids AS asked ${followMerged('asked', 'id')} MATCH (n:Entity {id: id}) RETURN asked, ${NODE_PROJECTION('n')} AS n`,
      params: { ids },
    });
    const found = new Map(result.records.map((r) => [r.get('asked') as string, toEntity(r.get('n'))]));
    return ids.map((id) => found.get(id) ?? null);
  });
}
