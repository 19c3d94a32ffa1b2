import { describe, expect, it } from 'vitest';
import { candidatesByKey, changeNodes, changeRelations, deleteCreatedNodes, relationsById } from '../../../src/import/cypher.js';
import { csvValue } from '../../../src/import/read.js';
import { normaliseName, resolutionKeys } from '../../../src/ingest/resolution-keys.js';

/** The import's statements as text and parameters, and the normalisation resolution matches on, without a database. */
const squash = (cypher: string) => cypher.replace(/\s+/g, ' ');

describe('import Cypher', () => {
  it('resolution: keys OR-ed as exact phrases (quotes and backslashes escaped), 500 to a search', () => {
    const keys = Array.from({ length: 501 }, (_, i) => `Enterprise|firm ${i}`);
    keys[0] = 'Enterprise|say "hi" \\ there';
    const { cypher, params } = candidatesByKey(keys);
    expect(squash(cypher)).toBe(
      'UNWIND $queries AS q CALL db.index.fulltext.queryNodes($index, q) YIELD node RETURN node.id AS id, node.name AS name, node.resolveKeys AS keys',
    );
    const queries = params!.queries as string[];
    expect(queries).toHaveLength(2);
    expect(queries[0]!.startsWith('"Enterprise|say \\"hi\\" \\\\ there" OR "Enterprise|firm 1" OR ')).toBe(true);
    expect(queries[1]).toBe('"Enterprise|firm 500"');
    expect(params!.index).toBe('entity_resolve');
  });

  it("a change of what the same import created keeps no undo; any other takes the row's undo", () => {
    const { cypher, params } = changeNodes('import-1', [{ id: 'enterprise/a', set: { note: 'x' }, undo: '{"note":null,"importId":null}' }]);
    expect(squash(cypher)).toBe(
      'UNWIND $rows AS row MATCH (x:Entity {id: row.id}) SET x.importUndo = CASE WHEN x.importId = $importId AND x.importUndo IS NULL THEN null ELSE row.undo END, x += row.set, x.importId = $importId RETURN count(x) AS changed',
    );
    expect(params).toEqual({
      importId: 'import-1',
      rows: [{ id: 'enterprise/a', set: { note: 'x' }, undo: '{"note":null,"importId":null}' }],
    });
    expect(squash(changeRelations('import-1', 'LOCATED_IN', []).cypher)).toContain('MATCH ()-[x:LOCATED_IN {id: row.id}]->()');
  });

  it('relation types come from the model only; undo deletes in slices', () => {
    expect(() => relationsById('LOCATED_IN]->() DETACH DELETE x //', [])).toThrow('unknown relation type');
    expect(squash(deleteCreatedNodes('import-1').cypher)).toBe(
      'MATCH (n:Entity {importId: $id}) WHERE n.importUndo IS NULL CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS',
    );
  });
});

describe('resolution keys', () => {
  it('meet across full-width forms, whitespace, case and traditional characters, within a kind', () => {
    expect(normaliseName('  ＺＨＡＯＢＡＯ \t Magnet ')).toBe('zhaobao magnet');
    expect(normaliseName('寧波招寶磁業')).toBe('宁波招宝磁业');
    expect(resolutionKeys('Enterprise', '招寶磁業', ['招宝磁业', 'Zhaobao', ' '])).toEqual(['Enterprise|招宝磁业', 'Enterprise|zhaobao']);
  });
});

describe('CSV rows', () => {
  it('nest dotted headers, split aliases, type numbers and drop empty cells', () => {
    expect(
      csvValue({
        id: 'enterprise/a',
        aliases: '甲; A ',
        foundedYear: '2001',
        category: '',
        'evidence.paragraph': '28',
        'props.role': 'lead',
      }),
    ).toEqual({ id: 'enterprise/a', aliases: ['甲', 'A'], foundedYear: 2001, evidence: [{ paragraph: 28 }], props: { role: 'lead' } });
  });
});
