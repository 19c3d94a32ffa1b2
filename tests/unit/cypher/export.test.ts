import { describe, expect, it } from 'vitest';
import { graphEdgesQuery, graphNodesQuery, memberEdgesQuery, memberNodesQuery, NODE_KEYS } from '../../../src/export/read.js';
import { plain } from '../../support/cypher.js';

/**
 * The export's Cypher, checked as text and parameters without a database: keyset pages through
 * an index (`> $after … ORDER BY … LIMIT`), the type from the model table in the text, every value
 * a parameter, and the stored properties read by name.
 */
describe('export Cypher', () => {
  it('entities: the next page after an id, in id order', () => {
    const q = graphNodesQuery('enterprise/a', 5000);
    expect(q.cypher).toMatchInlineSnapshot(`
      "MATCH (n:Entity) WHERE n.id > $after
          WITH n ORDER BY n.id LIMIT $limit
          RETURN [n.id, [l IN labels(n) WHERE l <> 'Entity'], CASE WHEN $keys IS NULL THEN [k IN keys(n) WHERE k <> 'text' | [k, n[k]]] ELSE [k IN $keys | n[k]] END] AS v"
    `);
    expect(plain(q.params!)).toMatchObject({ after: 'enterprise/a', limit: 5000 });
    expect(q.params!.keys).toBe(NODE_KEYS);
  });

  it('relations: one type at a time, the next page after a relation id', () => {
    const q = graphEdgesQuery('INVESTED_IN', 'INVESTED_IN:fund/a->enterprise/b', 5000);
    expect(q.cypher).toMatchInlineSnapshot(`
      "MATCH ()-[r:INVESTED_IN]->() WHERE r.id > $after
          WITH r ORDER BY r.id LIMIT $limit
          RETURN [r.id, type(r), startNode(r).id, endNode(r).id, CASE WHEN $keys IS NULL THEN [k IN keys(r) | [k, r[k]]] ELSE [k IN $keys | r[k]] END] AS v"
    `);
    expect(plain(q.params!)).toMatchObject({ after: 'INVESTED_IN:fund/a->enterprise/b', limit: 5000 });
    expect(() => graphEdgesQuery('OWNS' as never, '', 1)).toThrow(/not relation types/);
  });

  it('a subgraph: its members by id, their relations to other members', () => {
    expect(memberNodesQuery(['a/b']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
          MATCH (n:Entity {id: id})
          WITH n ORDER BY n.id
          RETURN [n.id, [l IN labels(n) WHERE l <> 'Entity'], CASE WHEN $keys IS NULL THEN [k IN keys(n) WHERE k <> 'text' | [k, n[k]]] ELSE [k IN $keys | n[k]] END] AS v"
    `);
    const q = memberEdgesQuery(['a/b'], ['a/b', 'c/d'], ['T:a/b->c/d']);
    expect(q.cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
          MATCH (a:Entity {id: id})-[r]->(b)
          WHERE b.id IN $members AND ($relations IS NULL OR r.id IN $relations OR type(r) = 'MEASURES')
          WITH r ORDER BY r.id
          RETURN [r.id, type(r), startNode(r).id, endNode(r).id, CASE WHEN $keys IS NULL THEN [k IN keys(r) | [k, r[k]]] ELSE [k IN $keys | r[k]] END] AS v"
    `);
    expect(plain(q.params!)).toMatchObject({ ids: ['a/b'], members: ['a/b', 'c/d'], relations: ['T:a/b->c/d'] });
  });
});
