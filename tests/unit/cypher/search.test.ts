import { describe, expect, it } from 'vitest';
import { fullTextQuery, searchQuery } from '../../../src/queries/search.js';
import { plain } from '../../support/cypher.js';

/**
 * The search statement, checked as text and parameters without a database: every branch reads at
 * most `candidates` nodes through an index (full-text, or the text indexes on name and aliasText),
 * so a search costs its candidates, never a scan of every entity.
 */
describe('search Cypher', () => {
  it('three capped index reads, merged and ranked', () => {
    const { cypher, params } = searchQuery(' 招宝 ', ['Enterprise', 'Fund'], 10);
    const branches = cypher.split('UNION ALL');
    expect(branches).toHaveLength(3);
    expect(branches[0]).toContain("db.index.fulltext.queryNodes('entity_search', $lucene)");
    expect(branches[1]).toContain('WHERE node.name CONTAINS $text');
    expect(branches[2]).toContain('WHERE node.aliasText CONTAINS $text');
    for (const branch of branches) expect(branch).toContain('LIMIT $candidates');
    // No predicate that only a scan of every node could answer (a function of a property).
    expect(cypher).not.toMatch(/MATCH \(node:Entity\)\s+WHERE toLower/);
    expect(plain(params!)).toEqual({
      lucene: '招宝',
      text: '招宝',
      lower: '招宝',
      kinds: ['Enterprise', 'Fund'],
      first: 10,
      candidates: 50,
    });
  });

  it('more candidates for a longer page', () => {
    expect(plain(searchQuery('x', null, 100).params!).candidates).toBe(500);
  });

  it('Latin words also match as prefixes; Chinese and escaped text do not', () => {
    expect(fullTextQuery('Zhaob magnet')).toBe('Zhaob magnet zhaob* magnet*');
    expect(fullTextQuery('招宝 磁钢')).toBe('招宝 磁钢');
    expect(fullTextQuery('a+b x')).toBe('a\\+b x');
  });
});
