import { describe, expect, it } from 'vitest';
import { Direction, RelationOrder } from '../../../src/model/ordering.js';
import { batchStatement, itemPagesClauseFor, type RelationPageLoad, type RelationSelection } from '../../../src/queries/relation-pages.js';
import { plain, plan } from '../../support/cypher.js';

/**
 * The one relation-page compiler, checked as text and parameters without a database: a loader
 * batch is a depth-1 selection over `UNWIND $parents`; a read-ahead nests the same branches.
 */
const load = (parentId: string, r: Partial<RelationPageLoad> = {}): RelationPageLoad => ({
  parentId,
  types: ['HOLDS_DESIGNATION'],
  direction: Direction.IN,
  filter: null,
  statuses: null,
  order: RelationOrder.NAME_ASC,
  page: plan(),
  totalCount: false,
  ...r,
});

describe('relation page Cypher', () => {
  it('a loader batch: one branch per distinct request shape, each parent reading the ones it asked for', () => {
    const { cypher, params } = batchStatement([
      load('designation/single-champion'),
      load('designation/little-giant'),
      load('enterprise/zhaobao-magnet', {
        types: ['IN_CHAIN'],
        direction: Direction.OUT,
        order: RelationOrder.NAME_DESC,
        page: plan({ after: { sort: '绿色石化', id: 'IN_CHAIN:x->y' } }),
        totalCount: true,
      }),
    ]);
    expect(cypher).toMatchInlineSnapshot(
      `"UNWIND $parents AS parent MATCH (p1:Entity {id: parent.id}) WITH p1, parent.sels AS wanted CALL (p1, wanted) { CALL (p1, wanted) { WITH p1 WHERE p1 IS NOT NULL AND 0 IN wanted CALL (p1) { CALL (p1) { WITH p1, COUNT { (p1)<-[r:HOLDS_DESIGNATION]-() } AS degree WHERE degree * degree <= 10 * COUNT { (:Entity) } * $sels[0].page.window MATCH (p1)<-[r:HOLDS_DESIGNATION]-(n:Entity) WITH r, n, n.name AS s ORDER BY s ASC, r.id ASC LIMIT $sels[0].page.window RETURN r, n, s UNION ALL WITH p1, COUNT { (p1)<-[r:HOLDS_DESIGNATION]-() } AS degree WHERE degree * degree > 10 * COUNT { (:Entity) } * $sels[0].page.window MATCH (n:Entity) USING INDEX n:Entity(name) WHERE n.name IS NOT NULL MATCH (n)-[r:HOLDS_DESIGNATION]->(m) WHERE m = p1 WITH r, n, n.name AS s ORDER BY s ASC, r.id ASC LIMIT $sels[0].page.window RETURN r, n, s } RETURN collect({s: s, r: r, n: n}) AS window } WITH p1, window[0..$sels[0].page.limit] AS pageItems, size(window) > $sels[0].page.limit AS more, null AS total WITH p1, total, more, [x IN pageItems | [null, false, [k IN keys(x.r) | [k, x.r[k]]], [x.n.id, [l IN labels(x.n) WHERE l <> 'Entity'], [k IN keys(x.n) WHERE k <> 'text' | [k, x.n[k]]]], x.s, x.r.id]] AS items RETURN [0, total, items, more, []] AS page1 UNION ALL WITH p1 WHERE p1 IS NOT NULL AND 1 IN wanted CALL (p1) { CALL (p1) { WITH p1, COUNT { (p1)-[r:IN_CHAIN]->() } AS degree WHERE degree * degree <= 10 * COUNT { (:IndustrialChain) } * $sels[1].page.window MATCH (p1)-[r:IN_CHAIN]->(n:Entity) WITH r, n, n.name AS s WHERE s <= $sels[1].page.after.sort AND (s < $sels[1].page.after.sort OR r.id < $sels[1].page.after.id) ORDER BY s DESC, r.id DESC LIMIT $sels[1].page.window RETURN r, n, s UNION ALL WITH p1, COUNT { (p1)-[r:IN_CHAIN]->() } AS degree WHERE degree * degree > 10 * COUNT { (:IndustrialChain) } * $sels[1].page.window MATCH (n:IndustrialChain) USING INDEX n:IndustrialChain(name) WHERE n.name IS NOT NULL MATCH (n)<-[r:IN_CHAIN]-(m) WHERE m = p1 AND n.name <= $sels[1].page.after.sort AND (n.name < $sels[1].page.after.sort OR r.id < $sels[1].page.after.id) WITH r, n, n.name AS s ORDER BY s DESC, r.id DESC LIMIT $sels[1].page.window RETURN r, n, s } RETURN collect({s: s, r: r, n: n}) AS window } WITH p1, window[0..$sels[1].page.limit] AS pageItems, size(window) > $sels[1].page.limit AS more, COUNT { (p1)-[r:IN_CHAIN]->() } AS total WITH p1, total, more, [x IN pageItems | [null, true, [k IN keys(x.r) | [k, x.r[k]]], [x.n.id, [l IN labels(x.n) WHERE l <> 'Entity'], [k IN keys(x.n) WHERE k <> 'text' | [k, x.n[k]]]], x.s, x.r.id]] AS items RETURN [1, total, items, more, []] AS page1 } RETURN collect(page1) AS pages1 } RETURN p1.id AS id, pages1 AS pages"`,
    );
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "parents": [
          {
            "id": "designation/single-champion",
            "sels": [
              0,
            ],
          },
          {
            "id": "designation/little-giant",
            "sels": [
              0,
            ],
          },
          {
            "id": "enterprise/zhaobao-magnet",
            "sels": [
              1,
            ],
          },
        ],
        "sels": [
          {
            "filter": {},
            "page": {
              "after": null,
              "before": null,
              "limit": 10,
              "window": 11,
            },
            "status": null,
          },
          {
            "filter": {},
            "page": {
              "after": {
                "id": "IN_CHAIN:x->y",
                "sort": "绿色石化",
              },
              "before": null,
              "limit": 10,
              "window": 11,
            },
            "status": null,
          },
        ],
      }
    `);
  });

  it('the same fields in another order, or with other values, give the same text', () => {
    const a = batchStatement([load('a'), load('b', { types: ['IN_CHAIN'], order: RelationOrder.COUNT_DESC })]);
    const b = batchStatement([
      load('c', { types: ['IN_CHAIN'], order: RelationOrder.COUNT_DESC, page: plan({ limit: 3 }) }),
      load('d', { page: plan({ limit: 50 }) }),
    ]);
    expect(b.cypher).toBe(a.cypher);
  });

  it('a read-ahead of two levels: the same branch nested below the page items', () => {
    const members: RelationSelection = {
      kinds: ['IndustrialChain'],
      shape: {
        types: ['IN_CHAIN'],
        direction: Direction.IN,
        filter: { designation: 'designation/single-champion' },
        statuses: null,
        order: RelationOrder.NAME_ASC,
        page: plan({ limit: 5 }),
      },
      projection: { relation: ['role'], entity: ['name'], sortKeys: false, totalCount: true },
      children: [],
    };
    const chains: RelationSelection = {
      kinds: ['Enterprise'],
      shape: {
        types: ['IN_CHAIN'],
        direction: Direction.OUT,
        filter: null,
        statuses: null,
        order: RelationOrder.NAME_ASC,
        page: plan({ backwards: true }),
      },
      projection: { relation: [], entity: ['name'], sortKeys: true, totalCount: false },
      children: [members],
    };
    const params: Record<string, unknown> = {};
    expect(itemPagesClauseFor('node', [chains], params)).toMatchInlineSnapshot(
      `"CALL (node) { CALL (node) { WITH node WHERE node:Enterprise CALL (node) { CALL (node) { WITH node, COUNT { (node)-[r:IN_CHAIN]->() } AS degree WHERE degree * degree <= 10 * COUNT { (:IndustrialChain) } * $sels[0].page.window MATCH (node)-[r:IN_CHAIN]->(n:Entity) WITH r, n, n.name AS s ORDER BY s DESC, r.id DESC LIMIT $sels[0].page.window RETURN r, n, s UNION ALL WITH node, COUNT { (node)-[r:IN_CHAIN]->() } AS degree WHERE degree * degree > 10 * COUNT { (:IndustrialChain) } * $sels[0].page.window MATCH (n:IndustrialChain) USING INDEX n:IndustrialChain(name) WHERE n.name IS NOT NULL MATCH (n)<-[r:IN_CHAIN]-(m) WHERE m = node WITH r, n, n.name AS s ORDER BY s DESC, r.id DESC LIMIT $sels[0].page.window RETURN r, n, s } RETURN collect({s: s, r: r, n: n}) AS window } WITH node, reverse(window[0..$sels[0].page.limit]) AS pageItems, size(window) > $sels[0].page.limit AS more, null AS total WITH node, total, more, [x IN pageItems | [null, true, [], [x.n.id, [l IN labels(x.n) WHERE l <> 'Entity'], [x.n.name]], x.s, x.r.id]] AS items , [x IN pageItems | x.n] AS pageNodes CALL (pageNodes) { UNWIND pageNodes AS p2 CALL (p2) { CALL (p2) { WITH p2 WHERE p2:IndustrialChain CALL (p2) { CALL (p2) { WITH p2, COUNT { (p2)<-[r:IN_CHAIN]-() } AS degree WHERE degree * degree <= 10 * COUNT { (:Entity) } * $sels[1].page.window MATCH (p2)<-[r:IN_CHAIN]-(n:Entity) WHERE EXISTS { (n)-[:HOLDS_DESIGNATION]->(:Designation {id: $sels[1].filter.designation}) } WITH r, n, n.name AS s ORDER BY s ASC, r.id ASC LIMIT $sels[1].page.window RETURN r, n, s UNION ALL WITH p2, COUNT { (p2)<-[r:IN_CHAIN]-() } AS degree WHERE degree * degree > 10 * COUNT { (:Entity) } * $sels[1].page.window MATCH (n:Entity) USING INDEX n:Entity(name) WHERE n.name IS NOT NULL AND EXISTS { (n)-[:HOLDS_DESIGNATION]->(:Designation {id: $sels[1].filter.designation}) } MATCH (n)-[r:IN_CHAIN]->(m) WHERE m = p2 WITH r, n, n.name AS s ORDER BY s ASC, r.id ASC LIMIT $sels[1].page.window RETURN r, n, s } RETURN collect({s: s, r: r, n: n}) AS window } WITH p2, window[0..$sels[1].page.limit] AS pageItems, size(window) > $sels[1].page.limit AS more, COUNT { MATCH (p2)<-[r:IN_CHAIN]-(n:Entity) WHERE EXISTS { (n)-[:HOLDS_DESIGNATION]->(:Designation {id: $sels[1].filter.designation}) } } AS total WITH p2, total, more, [x IN pageItems | [null, false, [x.r.role], [x.n.id, [l IN labels(x.n) WHERE l <> 'Entity'], [x.n.name]]]] AS items RETURN [0, total, items, more, []] AS page2 } RETURN collect(page2) AS pages2 } RETURN collect([p2.id, pages2]) AS nested2 } RETURN [0, total, items, more, nested2] AS page1 } RETURN collect(page1) AS pages1 }"`,
    );
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "sels": [
          {
            "filter": {},
            "page": {
              "after": null,
              "before": null,
              "limit": 10,
              "window": 11,
            },
            "status": null,
          },
          {
            "filter": {
              "designation": "designation/single-champion",
            },
            "page": {
              "after": null,
              "before": null,
              "limit": 5,
              "window": 6,
            },
            "status": null,
          },
        ],
      }
    `);
  });
  it("a name-ordered page of a hub walks the other end's name index: its label from the model, chosen per parent by degree", () => {
    const page = (r: Partial<RelationPageLoad>) => batchStatement([load('enterprise/x', r)]).cypher;
    // LICENSED_PATENTS_TO comes only from research institutes: their own index; a cursor bounds the walk's seek.
    const licences = page({
      types: ['LICENSED_PATENTS_TO'],
      order: RelationOrder.NAME_DESC,
      page: plan({ after: { sort: 'x', id: 'y' } }),
    });
    expect(licences.slice(licences.indexOf('UNION ALL'), licences.indexOf('RETURN collect'))).toMatchInlineSnapshot(
      `"UNION ALL WITH p1, COUNT { (p1)<-[r:LICENSED_PATENTS_TO]-() } AS degree WHERE degree * degree > 10 * COUNT { (:ResearchInstitute) } * $sels[0].page.window MATCH (n:ResearchInstitute) USING INDEX n:ResearchInstitute(name) WHERE n.name IS NOT NULL MATCH (n)-[r:LICENSED_PATENTS_TO]->(m) WHERE m = p1 AND n.name <= $sels[0].page.after.sort AND (n.name < $sels[0].page.after.sort OR r.id < $sels[0].page.after.id) WITH r, n, n.name AS s ORDER BY s DESC, r.id DESC LIMIT $sels[0].page.window RETURN r, n, s } "`,
    );
    // Several kinds at the other end: the Entity name index.
    expect(page({})).toContain(
      'MATCH (n:Entity) USING INDEX n:Entity(name) WHERE n.name IS NOT NULL MATCH (n)-[r:HOLDS_DESIGNATION]->(m) WHERE m = p1 WITH',
    );
    // Ordered by a relation property there is no index to walk: the relations are expanded.
    expect(page({ order: RelationOrder.START_DESC })).not.toContain('UNION ALL WITH p1, COUNT');
  });

  it('a status filter is a condition on the relations the page reads anyway: in the expansion, the index walk and a filtered count', () => {
    const { cypher, params } = batchStatement([load('enterprise/x', { statuses: ['forecast', 'target'], totalCount: true })]);
    const status = "coalesce(r.status, 'actual') IN $sels[0].status";
    expect(cypher).toContain(`MATCH (p1)<-[r:HOLDS_DESIGNATION]-(n:Entity) WHERE ${status} WITH r, n, n.name AS s`);
    expect(cypher).toContain(`MATCH (n)-[r:HOLDS_DESIGNATION]->(m) WHERE m = p1 AND ${status} WITH`);
    expect(cypher).toContain(`COUNT { MATCH (p1)<-[r:HOLDS_DESIGNATION]-(n:Entity) WHERE ${status} } AS total`);
    expect(plain(params).sels[0].status).toEqual(['forecast', 'target']);
    // The statuses travel as a parameter: other values, the same text (one plan).
    expect(batchStatement([load('enterprise/x', { statuses: ['actual'], totalCount: true })]).cypher).toBe(cypher);
  });
});
