import { describe, expect, it } from 'vitest';
import { timelineStatement } from '../../../src/queries/timeline.js';
import { plain } from '../../support/cypher.js';

/** The timeline's statement, as text and parameters without a database. */
describe('timeline Cypher', () => {
  it('one statement for a batch: per parent a capped read of its relations, dated, keyset after the cursor, the page and one more', () => {
    const { cypher, params } = timelineStatement([
      { parentId: 'enterprise/zhaobao-magnet', limit: 5, after: null },
      { parentId: 'event/x', limit: 2, after: { sort: '2020', id: 'PARTICIPATED_IN:a->b' } },
    ]);
    expect(cypher.replace(/\s+/g, ' ')).toMatchInlineSnapshot(
      `"UNWIND $rows AS row MATCH (p:Entity {id: row.id}) CALL (p, row) { MATCH (p)-[r]-(o:Entity) WITH p, r, o LIMIT $read WITH p, r, o, coalesce(r.start, CASE WHEN type(r) = 'PARTICIPATED_IN' THEN CASE WHEN o:Event THEN o.start ELSE p.start END END) AS s, coalesce(r.end, CASE WHEN type(r) = 'PARTICIPATED_IN' THEN CASE WHEN o:Event THEN o.end ELSE p.end END END) AS e WHERE s IS NOT NULL AND (row.after IS NULL OR s > row.after.sort OR (s = row.after.sort AND r.id > row.after.id)) WITH p, r, o, s, e ORDER BY s, r.id LIMIT $window RETURN collect([s, e, startNode(r) = p, [r.id, type(r), startNode(r).id, endNode(r).id, CASE WHEN null IS NULL THEN [k IN keys(r) | [k, r[k]]] ELSE [k IN null | r[k]] END], [o.id, [l IN labels(o) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(o) WHERE k <> 'text' | [k, o[k]]] ELSE [k IN null | o[k]] END]]) AS items } RETURN row.at AS at, items[0..row.window] AS items, COUNT { (p)--() } > $read AS capped"`,
    );
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "read": 1000,
        "rows": [
          {
            "after": null,
            "at": 0,
            "id": "enterprise/zhaobao-magnet",
            "window": 6,
          },
          {
            "after": {
              "id": "PARTICIPATED_IN:a->b",
              "sort": "2020",
            },
            "at": 1,
            "id": "event/x",
            "window": 3,
          },
        ],
        "window": 101,
      }
    `);
  });

  it('has one text whatever the pages and cursors (they travel as parameters)', () => {
    const a = timelineStatement([{ parentId: 'a', limit: 1, after: null }]).cypher;
    expect(timelineStatement([{ parentId: 'b', limit: 50, after: { sort: '2011', id: 'x' } }]).cypher).toBe(a);
  });
});
