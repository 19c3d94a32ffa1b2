import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, toEntity, type EntityRecord } from '../neo4j/records.js';

/** Entities by id, all ids of one tick in one query; unknown ids load as null. */
export function entityLoader(runner: RequestRunner): DataLoader<string, EntityRecord | null> {
  return new DataLoader(async (ids) => {
    const result = await runner.read({
      cypher: `UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN ${NODE_PROJECTION('n')} AS n`,
      params: { ids },
    });
    const found = new Map(
      result.records.map((r) => {
        const entity = toEntity(r.get('n'));
        return [entity.id, entity];
      }),
    );
    return ids.map((id) => found.get(id) ?? null);
  });
}
