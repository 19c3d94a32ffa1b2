import { describe, expect, it } from 'vitest';
import { applyStatements, parseRelationId, type GraphState } from '../../../src/write/state.js';
import { historyStatement } from '../../../src/write/history.js';
import { plain } from '../../support/cypher.js';

/** The Cypher a write runs to turn one state into another, without a database. */
const relation = {
  id: 'LOCATED_IN:enterprise/a->region/ningbo',
  type: 'LOCATED_IN' as const,
  from: 'enterprise/a',
  to: 'region/ningbo',
  props: { id: 'x' },
};
const entity = { id: 'enterprise/a', label: 'Enterprise' as const, props: { id: 'enterprise/a', name: 'A' } };

describe('applyStatements', () => {
  it('deletes what only `before` has, then writes `after` whole; labels and types as parameters from the model', () => {
    const before: GraphState = { nodes: [entity], relations: [relation] };
    const after: GraphState = {
      nodes: [{ id: 'enterprise/a', label: 'Tombstone', props: { id: 'enterprise/a', reason: 'deleted' } }],
      relations: [],
    };
    const statements = applyStatements(before, after);
    expect(statements.map((s) => s.cypher.replace(/\s+/g, ' '))).toEqual([
      'UNWIND $rows AS row MATCH (:Entity {id: row.from})-[r:$(row.type) {id: row.id}]->(:Entity {id: row.to}) DELETE r',
      'UNWIND $ids AS id MATCH (n:Entity {id: id}) DELETE n',
      'UNWIND $rows AS row MERGE (t:Tombstone {id: row.id}) SET t = row.props',
    ]);
    expect(statements[0]!.params).toEqual({ rows: [relation] });
  });

  it('writes relations last and says how many it must have written', () => {
    const statements = applyStatements({ nodes: [], relations: [] }, { nodes: [entity], relations: [relation] });
    expect(statements.map((s) => s.cypher.replace(/\s+/g, ' '))).toEqual([
      'UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n = row.props, n:$(row.label)',
      'UNWIND $rows AS row MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to}) MERGE (a)-[r:$(row.type) {id: row.id}]->(b) SET r = row.props RETURN count(r) AS written',
    ]);
    expect(statements[1]!.relationsWritten).toEqual([relation.id]);
  });

  it('refuses a label or type outside the model', () => {
    expect(() => applyStatements({ nodes: [], relations: [] }, { nodes: [{ ...entity, label: 'Admin' as never }], relations: [] })).toThrow(
      'not an entity kind: Admin',
    );
    expect(() => applyStatements({ nodes: [], relations: [] }, { nodes: [], relations: [{ ...relation, type: 'OWNS' as never }] })).toThrow(
      'not a relation type: OWNS',
    );
  });
});

describe('relation ids and history pages', () => {
  it('a relation id names its type and ends', () => {
    expect(parseRelationId('HOLDS_POSITION:person/chen-wei->enterprise/zhaobao-magnet#party branch secretary')).toEqual({
      type: 'HOLDS_POSITION',
      from: 'person/chen-wei',
      to: 'enterprise/zhaobao-magnet',
    });
    expect(parseRelationId('OWNS:a/b->c/d')).toBeUndefined();
  });

  it('history walks the link index newest first, keyset after a cursor', () => {
    const q = historyStatement('region/ningbo', true, 20, { at: 5, id: 'c' });
    expect(q.cypher.replace(/\s+/g, ' ')).toBe(
      "MATCH (l:ChangeLink {entityId: $entityId}) WHERE l.at IS NOT NULL AND l.role = 'subject' AND (l.at < $afterAt OR (l.at = $afterAt AND l.change < $afterId)) WITH l ORDER BY l.at DESC, l.change DESC LIMIT $limit MATCH (c:Change {id: l.change}) RETURN properties(c) AS change",
    );
    expect(plain(q.params!)).toEqual({ entityId: 'region/ningbo', limit: 21, afterAt: 5, afterId: 'c' });
  });
});
