import { describe, expect, it } from 'vitest';
import { listStatement, type ListReading } from '../../../src/queries/entity-list.js';
import { plain, plan } from '../../support/cypher.js';

/**
 * The Cypher a root list sends, checked as text and parameters without a database (as
 * neo4j/graphql's tests/tck do): a page is an ordered walk of the name index from the cursor,
 * stopped after the page and one more item.
 */
const reading = (r: Partial<ListReading> = {}): ListReading => ({ properties: ['name'], nested: [], totalCount: false, ...r });
const cursor = { sort: '招宝磁业', id: 'enterprise/zhaobao-magnet' };

describe('root list Cypher', () => {
  it('first page: a walk of the label from the start, LIMIT page + 1, no count', () => {
    const { cypher, params } = listStatement('Enterprise', null, false, plan(), reading());
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            MATCH (n:Enterprise) WHERE n.name IS NOT NULL
            WITH n ORDER BY n.name ASC, n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          WITH window[0..$page.limit] AS nodes, size(window) > $page.limit AS more
          UNWIND CASE WHEN size(nodes) = 0 THEN [null] ELSE range(0, size(nodes) - 1) END AS at
          WITH more, at, nodes[at] AS node
          
          RETURN at, null AS total, more, CASE WHEN node IS NULL THEN null ELSE {s: node.name, id: node.id, v: [node.id, [l IN labels(node) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(node) WHERE k <> 'text' | [k, node[k]]] ELSE [k IN $entityKeys | node[k]] END]} END AS item, [] AS pages"
    `);
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "entityKeys": [
          "name",
        ],
        "filter": {},
        "page": {
          "after": null,
          "before": null,
          "limit": 10,
          "window": 11,
        },
      }
    `);
  });

  it('after a cursor: a range seek from the cursor, the tie broken by id', () => {
    const { cypher, params } = listStatement('Enterprise', null, false, plan({ after: cursor }), reading());
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            MATCH (n:Enterprise) WHERE n.name IS NOT NULL AND n.name >= $page.after.sort AND (n.name > $page.after.sort OR n.id > $page.after.id)
            WITH n ORDER BY n.name ASC, n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          WITH window[0..$page.limit] AS nodes, size(window) > $page.limit AS more
          UNWIND CASE WHEN size(nodes) = 0 THEN [null] ELSE range(0, size(nodes) - 1) END AS at
          WITH more, at, nodes[at] AS node
          
          RETURN at, null AS total, more, CASE WHEN node IS NULL THEN null ELSE {s: node.name, id: node.id, v: [node.id, [l IN labels(node) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(node) WHERE k <> 'text' | [k, node[k]]] ELSE [k IN $entityKeys | node[k]] END]} END AS item, [] AS pages"
    `);
    expect(plain(params).page).toMatchInlineSnapshot(`
      {
        "after": {
          "id": "enterprise/zhaobao-magnet",
          "sort": "招宝磁业",
        },
        "before": null,
        "limit": 10,
        "window": 11,
      }
    `);
  });

  it('backwards (last/before): the walk runs the other way, and is turned round after reading', () => {
    const { cypher } = listStatement('Enterprise', null, false, plan({ backwards: true, before: cursor }), reading());
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            MATCH (n:Enterprise) WHERE n.name IS NOT NULL AND n.name <= $page.before.sort AND (n.name < $page.before.sort OR n.id < $page.before.id)
            WITH n ORDER BY n.name DESC, n.id DESC LIMIT $page.window
            RETURN collect(n) AS window
          }
          WITH window[0..$page.limit] AS nodes, size(window) > $page.limit AS more
          UNWIND CASE WHEN size(nodes) = 0 THEN [null] ELSE range(0, size(nodes) - 1) END AS at
          WITH more, at, nodes[at] AS node
          
          RETURN at, null AS total, more, CASE WHEN node IS NULL THEN null ELSE {s: node.name, id: node.id, v: [node.id, [l IN labels(node) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(node) WHERE k <> 'text' | [k, node[k]]] ELSE [k IN $entityKeys | node[k]] END]} END AS item, [] AS pages"
    `);
  });

  it('with filters: their conditions beside the keyset, values in $filter', () => {
    const { cypher, params } = listStatement(
      undefined,
      { kinds: ['Enterprise', 'Fund'], designation: 'designation/single-champion' },
      true,
      plan(),
      reading(),
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            MATCH (n:Entity) WHERE n.name IS NOT NULL AND n:Enterprise|Fund AND EXISTS { (n)-[:HOLDS_DESIGNATION]->(:Designation {id: $filter.designation}) }
            WITH n ORDER BY n.name DESC, n.id DESC LIMIT $page.window
            RETURN collect(n) AS window
          }
          WITH window[0..$page.limit] AS nodes, size(window) > $page.limit AS more
          UNWIND CASE WHEN size(nodes) = 0 THEN [null] ELSE range(0, size(nodes) - 1) END AS at
          WITH more, at, nodes[at] AS node
          
          RETURN at, null AS total, more, CASE WHEN node IS NULL THEN null ELSE {s: node.name, id: node.id, v: [node.id, [l IN labels(node) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(node) WHERE k <> 'text' | [k, node[k]]] ELSE [k IN $entityKeys | node[k]] END]} END AS item, [] AS pages"
    `);
    expect(plain(params).filter).toMatchInlineSnapshot(`
      {
        "designation": "designation/single-champion",
        "kinds": [
          "Enterprise",
          "Fund",
        ],
      }
    `);
  });

  it('with totalCount selected: a count subquery the count store answers when unfiltered', () => {
    const { cypher } = listStatement('Enterprise', null, false, plan(), reading({ totalCount: true }));
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () { MATCH (n:Enterprise) RETURN count(n) AS total }
          CALL () {
            MATCH (n:Enterprise) WHERE n.name IS NOT NULL
            WITH n ORDER BY n.name ASC, n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          WITH total, window[0..$page.limit] AS nodes, size(window) > $page.limit AS more
          UNWIND CASE WHEN size(nodes) = 0 THEN [null] ELSE range(0, size(nodes) - 1) END AS at
          WITH total, more, at, nodes[at] AS node
          
          RETURN at, total, more, CASE WHEN node IS NULL THEN null ELSE {s: node.name, id: node.id, v: [node.id, [l IN labels(node) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(node) WHERE k <> 'text' | [k, node[k]]] ELSE [k IN $entityKeys | node[k]] END]} END AS item, [] AS pages"
    `);
  });
});
