import { describe, expect, it } from 'vitest';
import { RELATION_TYPE_NAMES } from '../../../src/model/relation-types.js';
import { findRelationsStatement, matchClause, shortestPathsStatement } from '../../../src/queries/graph-paths.js';
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

describe('findRelations Cypher: the page read as the walk or from an end', () => {
  const first = (limit: number) => ({ limit, backwards: false, after: null, before: null });
  const names = { entity: ['name'], relation: ['count'] };

  it("with no end naming candidates, only the walk: the start kind's name index in order, the page and one", () => {
    const { cypher, params } = findRelationsStatement(
      {
        from: { kinds: ['ResearchInstitute'] },
        steps: [{ types: ['LICENSED_PATENTS_TO'], direction: 'OUT' }],
        to: { kinds: ['Enterprise'] },
      },
      first(20),
      names,
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            MATCH (n0:ResearchInstitute) USING INDEX n0:ResearchInstitute(name) WHERE n0.name IS NOT NULL AND n0:ResearchInstitute
            MATCH p = (n0:Entity)-[r1:LICENSED_PATENTS_TO]->(n1:Entity) WHERE n1:Enterprise
            WITH p, n0.name AS a, n1.name AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k
            ORDER BY a ASC, b ASC, k ASC LIMIT $limit
            RETURN p, a, b, k
          }
          WITH a, b, k, p ORDER BY a ASC, b ASC, k ASC
          WITH collect([a, b, k, [[x IN nodes(p) | [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN $entityKeys | x[k]] END]], [y IN relationships(p) | [y.id, type(y), startNode(y).id, endNode(y).id, CASE WHEN $relationKeys IS NULL THEN [k IN keys(y) | [k, y[k]]] ELSE [k IN $relationKeys | y[k]] END]]]]) AS rows
          RETURN rows"
    `);
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "after": null,
        "before": null,
        "entityKeys": [
          "name",
        ],
        "from": {
          "kinds": [
            "ResearchInstitute",
          ],
        },
        "limit": 21,
        "relationKeys": [
          "count",
        ],
        "to": {
          "kinds": [
            "Enterprise",
          ],
        },
        "via1": {},
      }
    `);
  });

  it('an end naming a designation: the choice by its holders (degree store) against its kind (count store), the walk and the expansion from the holders', () => {
    const { cypher } = findRelationsStatement(
      {
        from: { kinds: ['ResearchInstitute'] },
        steps: [{ types: ['LICENSED_PATENTS_TO'], direction: 'OUT' }],
        to: { designation: 'designation/single-champion' },
      },
      first(20),
      { ...names, evidenceEntities: true },
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            OPTIONAL MATCH (toAnchor:Designation {id: $to.designation})
            WITH [x IN [[COUNT { (toAnchor)<-[:HOLDS_DESIGNATION]-() }, 'to', COUNT { (:Enterprise) }]] WHERE x[0] * x[0] <= 10 * x[2] * $limit] AS anchored
            RETURN CASE size(anchored) WHEN 0 THEN 'walk' ELSE reduce(m = anchored[0], x IN anchored | CASE WHEN x[0] < m[0] THEN x ELSE m END)[1] END AS plan
          }
          CALL (plan) {
            MATCH (n0:ResearchInstitute) USING INDEX n0:ResearchInstitute(name) WHERE n0.name >= CASE plan WHEN 'walk' THEN '' END AND n0:ResearchInstitute
            MATCH p = (n0:Entity)-[r1:LICENSED_PATENTS_TO]->(n1:Entity) WHERE EXISTS { (n1)-[:HOLDS_DESIGNATION]->(:Designation {id: $to.designation}) }
            WITH p, n0.name AS a, n1.name AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k
            ORDER BY a ASC, b ASC, k ASC LIMIT $limit
            RETURN p, a, b, k
            UNION ALL
            UNWIND CASE plan WHEN 'to' THEN [plan] ELSE [] END AS chosen
            MATCH (:Designation {id: $to.designation})<-[:HOLDS_DESIGNATION]-(n1:Entity)
            WITH DISTINCT n1
            MATCH p = (n0:Entity)-[r1:LICENSED_PATENTS_TO]->(n1:Entity) WHERE n0:ResearchInstitute
            WITH p, n0.name AS a, n1.name AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k
            ORDER BY a ASC, b ASC, k ASC LIMIT $limit
            RETURN p, a, b, k
          }
          WITH a, b, k, p ORDER BY a ASC, b ASC, k ASC
          WITH collect([a, b, k, [[x IN nodes(p) | [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN $entityKeys | x[k]] END]], [y IN relationships(p) | [y.id, type(y), startNode(y).id, endNode(y).id, CASE WHEN $relationKeys IS NULL THEN [k IN keys(y) | [k, y[k]]] ELSE [k IN $relationKeys | y[k]] END]]]]) AS rows, collect(p) AS paths
          RETURN rows, COLLECT {
            UNWIND paths AS q
            UNWIND nodes(q) + relationships(q) AS x
            UNWIND coalesce(x.evidenceSources, []) + [y IN coalesce(x.evidenceAssertedBy, []) WHERE y <> ''] AS asked
            WITH DISTINCT asked OPTIONAL MATCH (merged:Tombstone {id: asked}) WITH asked, coalesce(merged.into, asked) AS id
            MATCH (s:Entity {id: id})
            RETURN [asked, s {.*, text: null, labels: labels(s)}]
          } AS cited"
    `);
  });

  it("ids at the start and a chain at the end, paging backwards between two cursors: both anchors weighed, the cursors bound the walk's seek", () => {
    const after = { from: '中科院宁波材料所', to: '宁波招宝磁业股份有限公司', key: 'LICENSED_PATENTS_TO:a->b;institute/nimte' };
    const before = { from: '宁波大学', to: '宁波', key: 'x;y' };
    const { cypher, params } = findRelationsStatement(
      {
        from: { ids: ['institute/nimte', 'org/nbu'], kinds: ['ResearchInstitute', 'Organisation'] },
        steps: [{ types: ['COOPERATES_WITH', 'LICENSED_PATENTS_TO'], direction: 'BOTH', minHops: 1, maxHops: 2, status: ['actual'] }],
        to: { chain: 'chain/new-materials', nameContains: '宁波' },
      },
      { limit: 5, backwards: true, after, before },
      names,
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            OPTIONAL MATCH (toAnchor:IndustrialChain {id: $to.chain})
            WITH [x IN [[size($from.ids), 'from', COUNT { (:Entity) }], [COUNT { (toAnchor)<-[:IN_CHAIN|LEADS_CHAIN]-() }, 'to', COUNT { (:Entity) }]] WHERE x[0] * x[0] <= 10 * x[2] * $limit] AS anchored
            RETURN CASE size(anchored) WHEN 0 THEN 'walk' ELSE reduce(m = anchored[0], x IN anchored | CASE WHEN x[0] < m[0] THEN x ELSE m END)[1] END AS plan
          }
          CALL (plan) {
            MATCH (n0:Entity) USING INDEX n0:Entity(name) WHERE n0.name >= CASE plan WHEN 'walk' THEN $after.from END AND n0.name <= $before.from AND n0.id IN $from.ids AND n0:Organisation|ResearchInstitute
            MATCH p = (n0:Entity) (()-[s1:COOPERATES_WITH|LICENSED_PATENTS_TO WHERE coalesce(s1.status, 'actual') IN $status1]-(:Entity)){1,2} (n1:Entity) WHERE all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..]) AND (toLower(n1.name) CONTAINS toLower($to.nameContains) OR toLower(coalesce(n1.nameEn, '')) CONTAINS toLower($to.nameContains) OR any(a IN coalesce(n1.aliases, []) WHERE toLower(a) CONTAINS toLower($to.nameContains))) AND EXISTS { (n1)-[:IN_CHAIN|LEADS_CHAIN]->(:IndustrialChain {id: $to.chain}) }
            WITH p, n0.name AS a, n1.name AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k WHERE (a > $after.from OR (a = $after.from AND (b > $after.to OR (b = $after.to AND k > $after.key)))) AND (a < $before.from OR (a = $before.from AND (b < $before.to OR (b = $before.to AND k < $before.key))))
            ORDER BY a DESC, b DESC, k DESC LIMIT $limit
            RETURN p, a, b, k
            UNION ALL
            UNWIND CASE plan WHEN 'from' THEN [plan] ELSE [] END AS chosen
            UNWIND $from.ids AS anchorId MATCH (n0:Entity {id: anchorId})
            WITH DISTINCT n0 WHERE n0:Organisation|ResearchInstitute
            MATCH p = (n0:Entity) (()-[s1:COOPERATES_WITH|LICENSED_PATENTS_TO WHERE coalesce(s1.status, 'actual') IN $status1]-(:Entity)){1,2} (n1:Entity) WHERE all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..]) AND (toLower(n1.name) CONTAINS toLower($to.nameContains) OR toLower(coalesce(n1.nameEn, '')) CONTAINS toLower($to.nameContains) OR any(a IN coalesce(n1.aliases, []) WHERE toLower(a) CONTAINS toLower($to.nameContains))) AND EXISTS { (n1)-[:IN_CHAIN|LEADS_CHAIN]->(:IndustrialChain {id: $to.chain}) }
            WITH p, n0.name AS a, n1.name AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k WHERE (a > $after.from OR (a = $after.from AND (b > $after.to OR (b = $after.to AND k > $after.key)))) AND (a < $before.from OR (a = $before.from AND (b < $before.to OR (b = $before.to AND k < $before.key))))
            ORDER BY a DESC, b DESC, k DESC LIMIT $limit
            RETURN p, a, b, k
            UNION ALL
            UNWIND CASE plan WHEN 'to' THEN [plan] ELSE [] END AS chosen
            MATCH (:IndustrialChain {id: $to.chain})<-[:IN_CHAIN|LEADS_CHAIN]-(n1:Entity)
            WITH DISTINCT n1 WHERE (toLower(n1.name) CONTAINS toLower($to.nameContains) OR toLower(coalesce(n1.nameEn, '')) CONTAINS toLower($to.nameContains) OR any(a IN coalesce(n1.aliases, []) WHERE toLower(a) CONTAINS toLower($to.nameContains)))
            MATCH p = (n0:Entity) (()-[s1:COOPERATES_WITH|LICENSED_PATENTS_TO WHERE coalesce(s1.status, 'actual') IN $status1]-(:Entity)){1,2} (n1:Entity) WHERE all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..]) AND n0.id IN $from.ids AND n0:Organisation|ResearchInstitute
            WITH p, n0.name AS a, n1.name AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k WHERE (a > $after.from OR (a = $after.from AND (b > $after.to OR (b = $after.to AND k > $after.key)))) AND (a < $before.from OR (a = $before.from AND (b < $before.to OR (b = $before.to AND k < $before.key))))
            ORDER BY a DESC, b DESC, k DESC LIMIT $limit
            RETURN p, a, b, k
          }
          WITH a, b, k, p ORDER BY a DESC, b DESC, k DESC
          WITH collect([a, b, k, [[x IN nodes(p) | [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN $entityKeys IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN $entityKeys | x[k]] END]], [y IN relationships(p) | [y.id, type(y), startNode(y).id, endNode(y).id, CASE WHEN $relationKeys IS NULL THEN [k IN keys(y) | [k, y[k]]] ELSE [k IN $relationKeys | y[k]] END]]]]) AS rows
          RETURN rows"
    `);
    expect(plain(params)).toMatchInlineSnapshot(`
      {
        "after": {
          "from": "中科院宁波材料所",
          "key": "LICENSED_PATENTS_TO:a->b;institute/nimte",
          "to": "宁波招宝磁业股份有限公司",
        },
        "before": {
          "from": "宁波大学",
          "key": "x;y",
          "to": "宁波",
        },
        "entityKeys": [
          "name",
        ],
        "from": {
          "ids": [
            "institute/nimte",
            "org/nbu",
          ],
          "kinds": [
            "ResearchInstitute",
            "Organisation",
          ],
        },
        "limit": 6,
        "relationKeys": [
          "count",
        ],
        "status1": [
          "actual",
        ],
        "to": {
          "chain": "chain/new-materials",
          "nameContains": "宁波",
        },
        "via1": {},
      }
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
