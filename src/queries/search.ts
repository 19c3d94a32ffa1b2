import neo4j from 'neo4j-driver';
import { ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import type { CypherQuery } from '../neo4j/database.js';
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

/**
 * The full-text query for user text: its words literally, plus a prefix query for each Latin word
 * (`magn` finds Magnet), which the analyzer's whole-word tokens would not match.
 */
export function fullTextQuery(text: string): string {
  const words = luceneQuery(text).split(' ');
  const prefixes = words.filter((w) => /^[A-Za-z0-9]{2,}$/.test(w)).map((w) => `${w.toLowerCase()}*`);
  return [...words, ...prefixes].join(' ');
}

/** How search and entity references compare names: surrounding blanks dropped, case folded (an import's resolution keys fold more: src/ingest/resolution-keys.ts). */
export const comparableName = (text: string) => text.trim().toLowerCase();

/** How many candidates each branch of a search reads at most, whatever the graph's size. */
export const searchCandidates = (first: number) => Math.max(50, first * 5);

export interface SearchHit {
  entity: EntityRecord;
  score: number;
}

/**
 * Ranked search. The `cjk` full-text index ranks by relevance; its bigrams cannot match a single
 * Chinese character (氢) or part of a bigram, so substring matches on names and aliases are merged
 * in, read through text indexes (trigram) and capped like the full-text hits, so that a search
 * costs its candidates, not the graph. An exact name or alias match ranks first, then full-text
 * relevance. Substrings match as typed (case-sensitively); Latin words are matched whatever their
 * case by the full-text index.
 */
export async function search(runner: RequestRunner, text: string, kinds: EntityKind[] | null, first: number): Promise<SearchHit[]> {
  const result = await runner.read(searchQuery(text, kinds, first));
  return result.records.map((r) => ({ entity: toEntity(r.get('node')), score: r.get('score') as number }));
}

export function searchQuery(text: string, kinds: EntityKind[] | null, first: number): CypherQuery {
  const cypher = `CALL () {
      CALL db.index.fulltext.queryNodes('${SEARCH_INDEX}', $lucene) YIELD node, score
      // Kinds before the cut: hits of other kinds must not crowd out the ones asked for.
      WHERE $kinds IS NULL OR ${hasKindIn('node', '$kinds')}
      RETURN node, score ORDER BY score DESC LIMIT $candidates
      UNION ALL
      MATCH (node:${ENTITY_LABEL}) WHERE node.name CONTAINS $text AND ($kinds IS NULL OR ${hasKindIn('node', '$kinds')})
      RETURN node, 0.0 AS score LIMIT $candidates
      UNION ALL
      // aliasText joins the aliases with ' ; ': the index finds candidates, the list decides.
      MATCH (node:${ENTITY_LABEL}) WHERE node.aliasText CONTAINS $text AND any(a IN node.aliases WHERE a CONTAINS $text) AND ($kinds IS NULL OR ${hasKindIn('node', '$kinds')})
      RETURN node, 0.0 AS score LIMIT $candidates
    }
    WITH node, max(score) AS relevance
    WITH node, relevance,
      CASE WHEN toLower(node.name) = $lower OR toLower(coalesce(node.nameEn, '')) = $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $lower) THEN 10.0
           WHEN toLower(node.name) CONTAINS $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) CONTAINS $lower) THEN 2.0
           ELSE 0.0 END AS nameBonus
    RETURN ${NODE_PROJECTION('node')} AS node, relevance + nameBonus AS score
    ORDER BY score DESC, size(node.name), node.id
    LIMIT $first`;
  const trimmed = text.trim();
  return {
    cypher,
    params: {
      lucene: fullTextQuery(text),
      text: trimmed,
      lower: comparableName(text),
      kinds,
      first: neo4j.int(first),
      candidates: neo4j.int(searchCandidates(first)),
    },
  };
}
