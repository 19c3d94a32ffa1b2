import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';

/** Source texts by source id, all of one tick in one query (entity projections leave the text out). */
export function sourceTextLoader(runner: RequestRunner): DataLoader<string, string | null> {
  return new DataLoader(async (ids) => {
    const result = await runner.read<{ id: string; text: string | null }>({
      cypher: 'UNWIND $ids AS id MATCH (s:SourceDocument {id: id}) RETURN s.id AS id, s.text AS text',
      params: { ids },
    });
    const texts = new Map(result.records.map((r) => [r.get('id'), r.get('text')]));
    return ids.map((id) => texts.get(id) ?? null);
  });
}
