import { describe, expect, it } from 'vitest';
import type { RequestRunner } from '../../../src/neo4j/request-runner.js';
import { plain, plan } from '../../support/cypher.js';
import { factsOfSources, listStatistics, statisticsOfSources } from '../../../src/queries/statistics.js';

/**
 * The Cypher of the statistics list and of a source document's `facts` and `citedStatistics`,
 * checked as text and parameters without a database (as neo4j/graphql's tests/tck do): a page is
 * `ORDER BY id LIMIT page + 1` after the keyset condition, counted only when `totalCount` is selected.
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
  it('first page: a walk of the Statistic id index, LIMIT page + 1, no count', async () => {
    const { runner, sent } = capture([
      { total: null, more: true, items: [{ id: 'stat/a', v: ['stat/a', ['Statistic'], [['id', 'stat/a']]] }] },
    ]);
    const page = await listStatistics(runner, { measureContains: 'output' }, plan(), false);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "CALL () {
            MATCH (n:Statistic) WHERE n.id IS NOT NULL AND ($f.subject IS NULL OR n.subjectId = $f.subject)
            AND ($f.measureContains IS NULL OR toLower(n.measure) CONTAINS toLower($f.measureContains) OR n.measureZh CONTAINS $f.measureContains)
            AND ($f.periodContains IS NULL OR toLower(n.periodLabel) CONTAINS toLower($f.periodContains))
            WITH n ORDER BY n.id ASC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN null AS total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
    expect(plain(sent[0]!.params)).toMatchInlineSnapshot(`
      {
        "f": {
          "measureContains": "output",
          "periodContains": null,
          "subject": null,
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

  it('backwards from a cursor, counted: the walk runs the other way and the page is turned round', async () => {
    const items = ['stat/a', 'stat/0'].map((id) => ({ id, v: [id, ['Statistic'], [['id', id]]] }));
    const { runner, sent } = capture([{ total: 7, more: false, items }]);
    const page = await listStatistics(runner, {}, plan({ backwards: true, before: cursor }), true);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "CALL () { MATCH (n:Statistic) WHERE ($f.subject IS NULL OR n.subjectId = $f.subject)
            AND ($f.measureContains IS NULL OR toLower(n.measure) CONTAINS toLower($f.measureContains) OR n.measureZh CONTAINS $f.measureContains)
            AND ($f.periodContains IS NULL OR toLower(n.periodLabel) CONTAINS toLower($f.periodContains)) RETURN count(n) AS total }
          CALL () {
            MATCH (n:Statistic) WHERE n.id IS NOT NULL AND ($f.subject IS NULL OR n.subjectId = $f.subject)
            AND ($f.measureContains IS NULL OR toLower(n.measure) CONTAINS toLower($f.measureContains) OR n.measureZh CONTAINS $f.measureContains)
            AND ($f.periodContains IS NULL OR toLower(n.periodLabel) CONTAINS toLower($f.periodContains)) AND n.id < $page.before.id
            WITH n ORDER BY n.id DESC LIMIT $page.window
            RETURN collect(n) AS window
          }
          RETURN total, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: [x.id, [l IN labels(x) WHERE l <> 'Entity'], CASE WHEN null IS NULL THEN [k IN keys(x) WHERE k <> 'text' | [k, x[k]]] ELSE [k IN null | x[k]] END]}] AS items"
    `);
    expect({
      ids: page.edges.map((e) => e.node.id),
      totalCount: page.totalCount,
      next: page.hasNextPage,
      previous: page.hasPreviousPage,
    }).toEqual({ ids: ['stat/0', 'stat/a'], totalCount: 7, next: true, previous: false });
  });
});

describe('source page Cypher', () => {
  it('a loader batch: one branch per page shape, each row reading its own; counted only where asked', async () => {
    const { runner, sent } = capture([]);
    await statisticsOfSources(runner, [
      { sourceId: 'source/a', page: plan(), totalCount: false },
      { sourceId: 'source/b', page: plan({ after: cursor }), totalCount: true },
      { sourceId: 'source/c', page: plan({ limit: 3 }), totalCount: false },
    ]);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
          CALL (row) {
            WITH row WHERE row.shape = 0
            CALL (row) {
              MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.sourceId IN x.evidenceSources
              WITH x ORDER BY x.id ASC LIMIT $windows[0]
              RETURN collect(x) AS window
            }
            RETURN null AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, text: null, labels: labels(x)}}] AS items
            UNION ALL
            WITH row WHERE row.shape = 1
            CALL (row) {
              MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.sourceId IN x.evidenceSources AND x.id > row.page.after.id
              WITH x ORDER BY x.id ASC LIMIT $windows[1]
              RETURN collect(x) AS window
            }
            RETURN COUNT { MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.sourceId IN x.evidenceSources } AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, text: null, labels: labels(x)}}] AS items
          }
          RETURN row.at AS at, total, more, items"
    `);
    expect(plain(sent[0]!.params)).toMatchInlineSnapshot(`
      {
        "rows": [
          {
            "at": 0,
            "page": {
              "after": null,
              "before": null,
              "limit": 10,
              "window": 11,
            },
            "shape": 0,
            "sourceId": "source/a",
          },
          {
            "at": 1,
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
            "sourceId": "source/b",
          },
          {
            "at": 2,
            "page": {
              "after": null,
              "before": null,
              "limit": 3,
              "window": 4,
            },
            "shape": 0,
            "sourceId": "source/c",
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
    await factsOfSources(runner, [{ sourceId: 'source/a', page: plan({ backwards: true }), totalCount: false }]);
    expect(sent[0]!.cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
          CALL (row) {
            WITH row WHERE row.shape = 0
            CALL (row) {
              MATCH ()-[x]->() WHERE NOT x:MEASURES AND row.sourceId IN x.evidenceSources
              WITH x ORDER BY x.id DESC LIMIT $windows[0]
              RETURN collect(x) AS window
            }
            RETURN null AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: x {.*, type: type(x), fromId: startNode(x).id, toId: endNode(x).id}}] AS items
          }
          RETURN row.at AS at, total, more, items"
    `);
  });
});
