import { describe, expect, it } from 'vitest';
import { RELATION_TYPE_NAMES } from '../../../src/model/relation-types.js';
import { matchClause, shortestPathsStatement } from '../../../src/queries/graph-paths.js';
import { plain } from '../../support/cypher.js';

/** The relation query's and the paths' Cypher, checked as text and parameters without a database. */
describe('relation query Cypher', () => {
  it('one typed hop per step keeps its relation variable and writes no simple-path condition', () => {
    const { cypher, params } = matchClause({
      from: { kinds: ['ResearchInstitute'] },
      steps: [{ types: ['LICENSED_PATENTS_TO'], direction: 'OUT' }],
      to: { designation: 'designation/single-champion' },
    });
    expect(cypher).toMatchInlineSnapshot(`
      "MATCH p = (n0:Entity)-[r1:LICENSED_PATENTS_TO]->(n1:Entity)
          WHERE n0:ResearchInstitute AND true AND EXISTS { (n1)-[:HOLDS_DESIGNATION]->(:Designation {id: $to.designation}) }"
    `);
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "from": {
          "kinds": [
            "ResearchInstitute",
          ],
        },
        "to": {
          "designation": "designation/single-champion",
        },
        "via1": {},
      }
    `);
  });

  it('a hop range is a quantified path pattern, every type is no type, and the path passes no entity twice', () => {
    const { cypher } = matchClause({
      from: { ids: ['institute/nimte'] },
      steps: [
        { types: [...RELATION_TYPE_NAMES], direction: 'BOTH', minHops: 1, maxHops: 4 },
        { types: ['INVESTED_IN', 'INITIATED'], direction: 'IN', minHops: 2, maxHops: 2, via: { kinds: ['Fund'] } },
      ],
      to: null,
    });
    expect(cypher).toMatchInlineSnapshot(`
      "MATCH p = (n0:Entity) (()--(:Entity)){1,4} (n1:Entity) (()<-[:INVESTED_IN|INITIATED]-(:Entity)){2,2} (n2:Entity)
          WHERE all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..]) AND n0.id IN $from.ids AND true AND n2:Fund AND true"
    `);
  });
});

describe('paths Cypher', () => {
  const projection = { entity: ['name'], relation: ['role'] };

  it('INFORMATIVE weighs the 50 shortest and keeps the lightest `first`; excluded types leave the rest listed', () => {
    const types = RELATION_TYPE_NAMES.filter((t) => t !== 'LOCATED_IN' && t !== 'PART_OF');
    const { cypher, params } = shortestPathsStatement(
      'institute/nimte',
      'org/zhenhai-state-assets',
      types,
      {
        maxHops: 4,
        k: 3,
        hubLimit: 1000,
        ranking: 'INFORMATIVE',
      },
      projection,
    );
    expect(cypher).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (a:Entity {id: $fromId})
          OPTIONAL MATCH (b:Entity {id: $toId})
          WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
          OPTIONAL MATCH p = SHORTEST 50 (a)(()-[:IN_CHAIN|LEADS_CHAIN|HOLDS_DESIGNATION|SUBSIDIARY_OF|INITIATED|INVESTED_IN|LICENSED_PATENTS_TO|OFFERS|DRAWN_FROM|COOPERATES_WITH|HOLDS_POSITION|DEVELOPED|PRODUCES|USES|CONNECTS|SERVES|RUNS|SUPPORTED|MEMBER_OF|LEADS|COVERS|APPLIES_TO|DRIVES|ISSUED|AUTHORED|BELONGS_TO|PARTICIPATED_IN|RESULTED_IN|MEASURES]-(x:Entity WHERE x = b OR COUNT { (x)--() } <= $hubLimit)){1,4}(b)
          WITH a, p, CASE WHEN p IS NULL THEN null ELSE reduce(w = 0, r IN relationships(p) | w + CASE WHEN type(r) IN $structural THEN 3 ELSE 1 END)
            + 2 * size([x IN nodes(p)[1..-1] WHERE COUNT { (x)--() } > $hubDegree]) END AS weight,
            reduce(k = '', r IN relationships(p) | k + r.id + ';') AS key
          ORDER BY weight, length(p), key
          WITH a, collect(CASE WHEN p IS NULL THEN null ELSE [[[x IN nodes(p) | [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN $entityKeys | x[k]] END]], [y IN relationships(p) | [y.id, type(y), startNode(y).id, endNode(y).id, CASE WHEN $relationKeys IS NULL THEN [k IN keys(y) | [k, y[k]]] ELSE [k IN $relationKeys | y[k]] END]]], weight] END) AS paths
          RETURN a.id AS fromId, paths[0..$k] AS paths"
    `);
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "entityKeys": [
          "name",
        ],
        "fromId": "institute/nimte",
        "hubDegree": 25,
        "hubLimit": 1000,
        "k": 3,
        "relationKeys": [
          "role",
        ],
        "structural": [
          "LOCATED_IN",
          "PART_OF",
        ],
        "toId": "org/zhenhai-state-assets",
      }
    `);
  });

  it('SHORTEST asks for `first` paths, any type, fewest hops first', () => {
    const { cypher } = shortestPathsStatement(
      'a/x',
      'b/y',
      [...RELATION_TYPE_NAMES],
      { maxHops: 2, k: 3, hubLimit: 10, ranking: 'SHORTEST' },
      projection,
    );
    expect(cypher).toContain('SHORTEST 3 (a)(()-[]-(x:Entity WHERE x = b OR COUNT { (x)--() } <= $hubLimit)){1,2}(b)');
    expect(cypher).toContain('ORDER BY length(p), key');
  });
});
