import { describe, expect, it } from 'vitest';
import { luceneQuery } from '../../src/queries/search.js';

describe('user text becomes a literal Lucene query', () => {
  it('escapes every special character', () => {
    expect(luceneQuery('+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /')).toBe(
      '\\+ \\- \\&\\& \\|\\| \\! \\( \\) \\{ \\} \\[ \\] \\^ \\" \\~ \\* \\? \\: \\\\ \\/',
    );
  });

  it('turns operator words into plain words and keeps Chinese as is', () => {
    expect(luceneQuery('招宝 AND 磁钢 OR NOT x')).toBe('招宝 and 磁钢 or not x');
  });

  it('collapses whitespace', () => {
    expect(luceneQuery('  Zhaobao \n Magnet ')).toBe('Zhaobao Magnet');
  });
});
