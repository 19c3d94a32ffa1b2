import neo4j from 'neo4j-driver';
import { ENTITY_KINDS, kindOfId, type EntityKind } from '../model/entity-kinds.js';
import { userInputError } from '../errors/codes.js';
import { validateText } from '../graphql/validation.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { SEARCH_INDEX } from '../neo4j/schema.js';
import { kindLabelExpression } from './entity-filter.js';
import { comparableName, luceneQuery } from './search.js';

/** An entity named in an argument: by its id, or by its name, English name or an alias (exactly one of the two), optionally of one kind. */
export interface EntityRefValue {
  id?: string | null;
  name?: string | null;
  kind?: EntityKind | null;
}

/** An entity a name matched, as an ambiguity error lists it. */
export interface EntityCandidate {
  id: string;
  name: string;
  kind: EntityKind;
}

/**
 * Why 500: the full-text half of a name lookup reads this many candidates, best first. An exact
 * match of a short field scores highest (BM25 favours short fields), so it is among them even for a
 * name as common as 宁波 in a graph of a million 宁波… firms.
 */
const FULLTEXT_CANDIDATES = 500;
/** Why 10: an ambiguity error lists the candidates; more than ten are not read by anyone choosing one. */
const LISTED_CANDIDATES = 10;

/**
 * The entities whose name, English name or an alias equals `name` (compared as search compares them: comparableName),
 * optionally of one kind, at most LISTED_CANDIDATES + 1, by name then id. Index-backed: the exact
 * name through the name index, and names in other case, English names and aliases through the
 * full-text index (a phrase query on those three fields, never the description), each candidate
 * then compared whole, so a name is never matched by a part of another.
 */
export async function entitiesNamed(runner: RequestRunner, name: string, kind: EntityKind | null): Promise<EntityCandidate[]> {
  const kindCondition = kind ? kindLabelExpression('node', [kind]) : 'true';
  const phrase = `"${luceneQuery(name)}"`;
  const cypher = `CALL () {
      MATCH (node:Entity) WHERE node.name = $exact
      RETURN node
      UNION
      CALL db.index.fulltext.queryNodes('${SEARCH_INDEX}', $lucene) YIELD node, score
      WITH node ORDER BY score DESC LIMIT $candidates
      RETURN node
    }
    WITH node WHERE ${kindCondition}
      AND (toLower(node.name) = $lower OR toLower(coalesce(node.nameEn, '')) = $lower OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $lower))
    RETURN node.id AS id, node.name AS name ORDER BY name, id LIMIT $listed`;
  const result = await runner.read({
    cypher,
    params: {
      exact: name.trim(),
      lower: comparableName(name),
      lucene: `name:${phrase} OR nameEn:${phrase} OR aliasText:${phrase}`,
      candidates: neo4j.int(FULLTEXT_CANDIDATES),
      listed: neo4j.int(LISTED_CANDIDATES + 1),
    },
  });
  return result.records.map((r) => {
    const id = r.get('id') as string;
    return { id, name: r.get('name') as string, kind: kindOfId(id)! };
  });
}

/**
 * The id an entity reference names. An id is taken as it is (an unknown id is not an error: the
 * callers answer null or nothing, as for their plain id arguments); a name must match exactly one
 * entity, else BAD_USER_INPUT naming `argument`: none (with what was looked at), or several (listing
 * them, with how to choose).
 */
export async function resolveEntityRef(runner: RequestRunner, argument: string, ref: EntityRefValue): Promise<string> {
  const { id, name, kind } = ref;
  if ((id == null) === (name == null)) throw userInputError(argument, 'give exactly one of id and name');
  if (id != null) return checkedId(argument, id, kind ?? null);
  const text = name!;
  validateText(`${argument}.name`, text);
  const found = await entitiesNamed(runner, text, kind ?? null);
  const within = kind ? `${kind} ` : '';
  if (found.length === 0)
    throw userInputError(
      `${argument}.name`,
      `no ${within}entity has the name, English name or alias "${text}"; search(text:) finds names that contain it`,
    );
  if (found.length > 1) {
    const error = userInputError(`${argument}.name`, ambiguity(text, found));
    // The candidates as data too, so a client can offer the choice without parsing the message.
    Object.assign(error.extensions, { candidates: found.slice(0, LISTED_CANDIDATES) });
    throw error;
  }
  return found[0]!.id;
}

function checkedId(argument: string, id: string, kind: EntityKind | null): string {
  if (kind && kindOfId(id) !== kind)
    throw userInputError(`${argument}.id`, `must be a ${kind} id (${ENTITY_KINDS[kind].idPrefix}/...) as kind says, got "${id}"`);
  return id;
}

function ambiguity(name: string, found: EntityCandidate[]): string {
  const listed = found.slice(0, LISTED_CANDIDATES).map((c) => `${c.id} (${c.name}, ${c.kind})`);
  const more = found.length > LISTED_CANDIDATES ? ', and more' : '';
  return `"${name}" names ${found.length > LISTED_CANDIDATES ? 'more than ' + LISTED_CANDIDATES : found.length} entities: ${listed.join('; ')}${more}; give the id, or a kind`;
}
