import neo4j from 'neo4j-driver';
import type { EntityKind } from '../model/entity-kinds.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, toEntity, type EntityRecord } from '../neo4j/records.js';
import { SEARCH_INDEX } from '../neo4j/schema.js';
import { hasKindIn } from './entity-filter.js';

/** Characters with a meaning in Lucene's query syntax; a backslash makes each literal. */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * Makes user text a Lucene query that matches its words literally: special characters are
 * escaped and the operator words AND/OR/NOT are lower-cased, so no input can be a syntax error.
 */
export function luceneQuery(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (/^(AND|OR|NOT)$/.test(word) ? word.toLowerCase() : word.replace(LUCENE_SPECIAL, (c) => `\\${c}`)))
    .join(' ');
}

export interface SearchHit {
  entity: EntityRecord;
  score: number;
}

/**
 * Ranked search. The `cjk` full-text index ranks by relevance; its bigrams cannot match a single
 * Chinese character (氢) or part of a bigram, so a substring match on names and aliases is merged
 * in. An exact name or alias match ranks first, then full-text relevance.
 */
export async function search(runner: RequestRunner, text: string, kinds: EntityKind[] | null, first: number): Promise<SearchHit[]> {
  const cypher = `CALL () {
      CALL db.index.fulltext.queryNodes('${SEARCH_INDEX}', $lucene) YIELD node, score
      // Kinds before the cut: hits of other kinds must not crowd out the ones asked for.
      WHERE $kinds IS NULL OR ${hasKindIn('node', '$kinds')}
      RETURN node, score ORDER BY score DESC LIMIT $candidates
      UNION ALL
      MATCH (node:Entity)
      WHERE toLower(node.name) CONTAINS $lower OR toLower(coalesce(node.nameEn, '')) CONTAINS $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) CONTAINS $lower)
      RETURN node, 0.0 AS score
    }
    WITH node, max(score) AS relevance
    WHERE $kinds IS NULL OR ${hasKindIn('node', '$kinds')}
    WITH node, relevance,
      CASE WHEN toLower(node.name) = $lower OR toLower(coalesce(node.nameEn, '')) = $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $lower) THEN 10.0
           WHEN toLower(node.name) CONTAINS $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) CONTAINS $lower) THEN 2.0
           ELSE 0.0 END AS nameBonus
    RETURN ${NODE_PROJECTION('node')} AS node, relevance + nameBonus AS score
    ORDER BY score DESC, size(node.name), node.id
    LIMIT $first`;
  const result = await runner.read({
    cypher,
    params: {
      lucene: luceneQuery(text),
      lower: text.trim().toLowerCase(),
      kinds,
      first: neo4j.int(first),
      candidates: neo4j.int(Math.max(50, first * 5)),
    },
  });
  return result.records.map((r) => ({ entity: toEntity(r.get('node')), score: r.get('score') as number }));
}
