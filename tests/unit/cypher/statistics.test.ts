import { describe, expect, it } from 'vitest';
import type { RequestRunner } from '../../../src/neo4j/request-runner.js';
import { plain, plan } from '../../support/cypher.js';
import {
  factsOfSources,
  listStatistics,
  statisticsOfSources,
  statisticsOfSubjects,
  statisticsStatement,
} from '../../../src/queries/statistics.js';

/**
 * The Cypher of the statistics filter, of `Entity.statistics` and of a source document's `facts` and
 * `citedStatistics`, checked as text and parameters without a database (as neo4j/graphql's tests/tck
 * do): a page is `ORDER BY id LIMIT page + 1` after the keyset condition, read from the index of the
 * filter that drives it, counted only when `totalCount` is selected.
 */
const cursor = { sort: 'stat/b', id: 'stat/b' };

/** A runner that answers every read with `rows` and keeps the statements it was sent. */
function capture(rows: Record<string, unknown>[]) {
  const sent: { cypher: string; params: Record<string, unknown> }[] = [];
  const records = rows.map((row) => ({ get: (k: string) => row[k], toObject: () => row }));
  const runner = {
    read: async (q: { cypher: string; params: Record<string, unknown> }) => (sent.push(q), { records }),
  } as unknown as RequestRunner;
  return { runner, sent };
}

describe('statistics Cypher', () => {
  it('no filter: a walk of the Statistic id index, LIMIT page + 1, no count', async () => {
    const { runner, sent } = capture([
      { total: null, more: true, regionFound: true, items: [{ id: 'stat/a', v: ['stat/a', ['Statistic'], [['id', 'stat/a']]] }] },
    ]);
    const page = await listStatistics(runner, {}, plan(), null);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (n:Statistic) USING INDEX n:Statistic(id) WHERE n.id IS NOT NULL
              WITH n ORDER BY n.id ASC LIMIT $page.window
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
    expect(plain(sent[0]!.params)).toMatchInlineSnapshot(`
      {
        "f": {
          "measure": null,
          "measureText": null,
          "periodBefore": null,
          "periodContains": null,
          "periodFrom": null,
          "region": null,
          "status": null,
          "subject": null,
          "unit": null,
        },
        "page": {
          "after": null,
          "before": null,
          "limit": 10,
          "window": 11,
        },
      }
    `);
    expect({
      ids: page.edges.map((e) => e.node.id),
      totalCount: page.totalCount,
      next: page.hasNextPage,
      previous: page.hasPreviousPage,
    }).toEqual({ ids: ['stat/a'], totalCount: 0, next: true, previous: false });
  });

  it('backwards from a cursor, counted up to the limit: the walk runs the other way, the page is turned round, the count capped', async () => {
    const items = ['stat/a', 'stat/0'].map((id) => ({ id, v: [id, ['Statistic'], [['id', id]]] }));
    const { runner, sent } = capture([{ total: 4, more: false, regionFound: true, items }]);
    const page = await listStatistics(runner, { unit: 'yuan' }, plan({ backwards: true, before: cursor }), 3);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (n:Statistic) USING INDEX n:Statistic(unit, id) WHERE n.id IS NOT NULL AND n.unit = $f.unit
              RETURN n
            }
            WITH n LIMIT $countLimit
            RETURN count(n) AS total
          }
          CALL () {
            CALL () {
              MATCH (n:Statistic) USING INDEX n:Statistic(unit, id) WHERE n.id IS NOT NULL AND n.unit = $f.unit AND n.id < $page.before.id
              WITH n ORDER BY n.unit DESC, n.id DESC LIMIT $page.window
              RETURN n
            }
            WITH n ORDER BY n.id DESC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
    expect(plain(sent[0]!.params).countLimit).toBe(4);
    expect({
      ids: page.edges.map((e) => e.node.id),
      totalCount: page.totalCount,
      capped: page.countCapped,
      next: page.hasNextPage,
      previous: page.hasPreviousPage,
    }).toEqual({ ids: ['stat/0', 'stat/a'], totalCount: 3, capped: true, next: true, previous: false });
  });

  it("a region's reach drives from the cheaper end: by degree, the reach walked from the region (each subject's page from the (subjectId, id) index), or the next driver's statistics checked against it", () => {
    const { cypher, params } = statisticsStatement({ region: 'region/zhenhai', unit: 'yuan' }, plan({ after: cursor }), null);
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (region:Region {id: $f.region})
              WITH region, COUNT { (region)<-[:LOCATED_IN|PART_OF]-() } AS degree
              CALL (region, degree) {
                WITH region WHERE degree * degree <= 4 * COUNT { (:Entity) } * $page.window
                MATCH (region)<-[:LOCATED_IN|PART_OF]-{0,5}(x:Entity)
                WITH DISTINCT x
                CALL (x) {
                  RETURN x AS subject
                  UNION
                  WITH x WHERE x:Region OR x:Place
                  MATCH (x)<-[:APPLIES_TO|COVERS]-(subject:Policy)
                  RETURN subject
                }
                WITH DISTINCT subject
                CALL (subject) {
                  MATCH (n:Statistic) USING INDEX n:Statistic(subjectId, id) WHERE n.subjectId = subject.id AND n.id IS NOT NULL AND n.unit = $f.unit AND n.id > $page.after.id
                  WITH n ORDER BY n.subjectId ASC, n.id ASC LIMIT $page.window
                  RETURN n
                }
                RETURN n
                UNION
                WITH region WHERE degree * degree > 4 * COUNT { (:Entity) } * $page.window
                CALL (region) {
                  MATCH (n:Statistic) USING INDEX n:Statistic(unit, id) WHERE n.id IS NOT NULL AND n.unit = $f.unit AND n.id > $page.after.id AND EXISTS { MATCH (n)-[:MEASURES]->(s) WHERE EXISTS { (s)-[:LOCATED_IN|PART_OF]->{0,5}(region) } OR EXISTS { (s:Policy)-[:APPLIES_TO|COVERS]->(:Region|Place)-[:LOCATED_IN|PART_OF]->{0,5}(region) } }
              WITH n ORDER BY n.unit ASC, n.id ASC LIMIT $page.window
              RETURN n
                }
                RETURN n
              }
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
    expect(plain(params!).f).toMatchInlineSnapshot(`
      {
        "measure": null,
        "measureText": null,
        "periodBefore": null,
        "periodContains": null,
        "periodFrom": null,
        "region": "region/zhenhai",
        "status": null,
        "subject": null,
        "unit": "yuan",
      }
    `);
  });

  it("with a subject, the subject drives and the reach is checked on the subject's statistics", () => {
    const { cypher } = statisticsStatement({ region: 'region/zhenhai', subject: 'enterprise/kunhua-new-energy' }, plan(), null);
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (region:Region {id: $f.region})
              CALL (region) {
                MATCH (n:Statistic) USING INDEX n:Statistic(subjectId, id) WHERE n.id IS NOT NULL AND n.subjectId = $f.subject AND EXISTS { MATCH (n)-[:MEASURES]->(s) WHERE EXISTS { (s)-[:LOCATED_IN|PART_OF]->{0,5}(region) } OR EXISTS { (s:Policy)-[:APPLIES_TO|COVERS]->(:Region|Place)-[:LOCATED_IN|PART_OF]->{0,5}(region) } }
              WITH n ORDER BY n.subjectId ASC, n.id ASC LIMIT $page.window
              RETURN n
              }
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
  });

  it('a subject drives, read in id order from its (subjectId, id) index; the other filters are checked on its statistics', () => {
    const { cypher, params } = statisticsStatement(
      {
        subject: 'region/ningbo',
        measureContains: 'Profit',
        periodContains: 'Q1',
        period: { from: 2024, to: 2025 },
        status: ['actual', 'target'],
      },
      plan(),
      null,
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (n:Statistic) USING INDEX n:Statistic(subjectId, id) WHERE n.id IS NOT NULL AND n.subjectId = $f.subject AND n.measureText CONTAINS $f.measureText AND toLower(n.periodLabel) CONTAINS $f.periodContains AND coalesce(n.periodStart, n.periodEnd) < $f.periodBefore AND coalesce(n.periodEnd, n.periodStart) >= $f.periodFrom AND coalesce(n.status, 'actual') IN $f.status
              WITH n ORDER BY n.subjectId ASC, n.id ASC LIMIT $page.window
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
    expect(plain(params!).f).toMatchInlineSnapshot(`
      {
        "measure": null,
        "measureText": "profit",
        "periodBefore": "2026",
        "periodContains": "q1",
        "periodFrom": "2024",
        "region": null,
        "status": [
          "actual",
          "target",
        ],
        "subject": "region/ningbo",
        "unit": null,
      }
    `);
  });

  it('an exact measure: one ordered branch for the English measure and one for the Chinese, merged', () => {
    expect(statisticsStatement({ measure: '基金规模' }, plan(), null).cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (n:Statistic) USING INDEX n:Statistic(measure, id) WHERE n.measure = $f.measure AND n.id IS NOT NULL AND (n.measure = $f.measure OR n.measureZh = $f.measure)
              WITH n ORDER BY n.measure ASC, n.id ASC LIMIT $page.window
              RETURN n
              UNION
              MATCH (n:Statistic) USING INDEX n:Statistic(measureZh, id) WHERE n.measureZh = $f.measure AND n.id IS NOT NULL AND (n.measure = $f.measure OR n.measureZh = $f.measure)
              WITH n ORDER BY n.measureZh ASC, n.id ASC LIMIT $page.window
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
  });

  it('statuses without ACTUAL: one ordered branch per status from the (status, id) index', () => {
    expect(statisticsStatement({ status: ['forecast', 'target'] }, plan(), null).cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              UNWIND $f.status AS status
              CALL (status) {
                MATCH (n:Statistic) USING INDEX n:Statistic(status, id) WHERE n.status = status AND n.id IS NOT NULL AND coalesce(n.status, 'actual') IN $f.status
                WITH n ORDER BY n.status ASC, n.id ASC LIMIT $page.window
                RETURN n
              }
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
  });

  it('statuses with ACTUAL (stored as no status, so in no index): a condition only, on the id walk', () => {
    expect(statisticsStatement({ status: ['actual'] }, plan(), null).cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (n:Statistic) USING INDEX n:Statistic(id) WHERE n.id IS NOT NULL AND coalesce(n.status, 'actual') IN $f.status
              WITH n ORDER BY n.id ASC LIMIT $page.window
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
  });

  it('a measure substring: the TEXT index on the lower-cased measures; the unit then only a condition', () => {
    const { cypher, params } = statisticsStatement({ measureContains: 'NEV 出口', unit: 'percent' }, plan(), null);
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
            CALL () {
              MATCH (n:Statistic) USING TEXT INDEX n:Statistic(measureText) WHERE n.id IS NOT NULL AND n.measureText CONTAINS $f.measureText AND n.unit = $f.unit
              WITH n ORDER BY n.id ASC LIMIT $page.window
              RETURN n
            }
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
    expect(plain(params!).f.measureText).toBe('nev 出口');
  });

  it('a period open at one end: one condition, on the end it names', () => {
    const from = statisticsStatement({ unit: 'yuan', period: { from: 2025 } }, plan(), null);
    expect(from.cypher).toContain('coalesce(n.periodEnd, n.periodStart) >= $f.periodFrom');
    expect(from.cypher).not.toContain('periodBefore');
    expect(plain(from.params!).f).toMatchObject({ periodFrom: '2025', periodBefore: null });
    const to = statisticsStatement({ unit: 'yuan', period: { to: 2011 } }, plan(), null);
    expect(to.cypher).toContain('coalesce(n.periodStart, n.periodEnd) < $f.periodBefore');
    expect(to.cypher).not.toContain('periodFrom');
    expect(plain(to.params!).f).toMatchObject({ periodFrom: null, periodBefore: '2012' });
  });
});

describe('subject statistics Cypher (Entity.statistics)', () => {
  it("a loader batch: each subject's page from the (subjectId, id) index in order; the count is the subject's MEASURES degree", async () => {
    const { runner, sent } = capture([]);
    await statisticsOfSubjects(runner, [
      { owner: 'region/ningbo', page: plan(), totalCount: true },
      { owner: 'community/lingfeng', page: plan({ after: cursor }), totalCount: false },
    ]);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
          CALL (row) {
            WITH row WHERE row.shape = 0
            CALL (row) {
              MATCH (x:Statistic) USING INDEX x:Statistic(subjectId, id) WHERE x.subjectId = row.owner AND x.id IS NOT NULL
              WITH x ORDER BY x.subjectId ASC, x.id ASC LIMIT $windows[0]
              RETURN collect(x) AS window
            }
            RETURN head(COLLECT { MATCH (s:Entity {id: row.owner}) RETURN COUNT { (s)<-[:MEASURES]-() } }) AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, text: null, labels: labels(x)}}] AS items
            UNION ALL
            WITH row WHERE row.shape = 1
            CALL (row) {
              MATCH (x:Statistic) USING INDEX x:Statistic(subjectId, id) WHERE x.subjectId = row.owner AND x.id IS NOT NULL AND x.id > row.page.after.id
              WITH x ORDER BY x.subjectId ASC, x.id ASC LIMIT $windows[1]
              RETURN collect(x) AS window
            }
            RETURN null AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, text: null, labels: labels(x)}}] AS items
          }
          RETURN row.at AS at, total, more, items"
    `);
    expect(plain(sent[0]!.params).rows.map((r: { owner: string; shape: number }) => [r.owner, r.shape])).toEqual([
      ['region/ningbo', 0],
      ['community/lingfeng', 1],
    ]);
  });
});

describe('source page Cypher', () => {
  it('a loader batch: one branch per page shape, each row reading its own; counted only where asked', async () => {
    const { runner, sent } = capture([]);
    await statisticsOfSources(runner, [
      { owner: 'source/a', page: plan(), totalCount: false },
      { owner: 'source/b', page: plan({ after: cursor }), totalCount: true },
      { owner: 'source/c', page: plan({ limit: 3 }), totalCount: false },
    ]);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
          CALL (row) {
            WITH row WHERE row.shape = 0
            CALL (row) {
              MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.owner IN x.evidenceSources
              WITH x ORDER BY x.id ASC LIMIT $windows[0]
              RETURN collect(x) AS window
            }
            RETURN null AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, text: null, labels: labels(x)}}] AS items
            UNION ALL
            WITH row WHERE row.shape = 1
            CALL (row) {
              MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.owner IN x.evidenceSources AND x.id > row.page.after.id
              WITH x ORDER BY x.id ASC LIMIT $windows[1]
              RETURN collect(x) AS window
            }
            RETURN COUNT { MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.owner IN x.evidenceSources } AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, text: null, labels: labels(x)}}] AS items
          }
          RETURN row.at AS at, total, more, items"
    `);
    expect(plain(sent[0]!.params)).toMatchInlineSnapshot(`
      {
        "rows": [
          {
            "at": 0,
            "owner": "source/a",
            "page": {
              "after": null,
              "before": null,
              "limit": 10,
              "window": 11,
            },
            "shape": 0,
          },
          {
            "at": 1,
            "owner": "source/b",
            "page": {
              "after": {
                "id": "stat/b",
                "sort": "stat/b",
              },
              "before": null,
              "limit": 10,
              "window": 11,
            },
            "shape": 1,
          },
          {
            "at": 2,
            "owner": "source/c",
            "page": {
              "after": null,
              "before": null,
              "limit": 3,
              "window": 4,
            },
            "shape": 0,
          },
        ],
        "windows": [
          11,
          11,
        ],
      }
    `);
  });

  it('facts: the relations citing the document, MEASURES left out, the page kept as a top of the matches', async () => {
    const { runner, sent } = capture([]);
    await factsOfSources(runner, [{ owner: 'source/a', page: plan({ backwards: true }), totalCount: false }]);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
          CALL (row) {
            WITH row WHERE row.shape = 0
            CALL (row) {
              MATCH ()-[x]->() WHERE NOT x:MEASURES AND row.owner IN x.evidenceSources
              WITH x ORDER BY x.id DESC LIMIT $windows[0]
              RETURN collect(x) AS window
            }
            RETURN null AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, type: type(x), fromId: startNode(x).id, toId: endNode(x).id}}] AS items
          }
          RETURN row.at AS at, total, more, items"
    `);
  });
});
