import { ENTITY_KINDS, kindOfId } from '../model/entity-kinds.js';
import { userInputError } from '../errors/codes.js';
import type { EntityFilterValue } from '../queries/entity-filter.js';

/** Upper bound on id lists, so one request cannot ask for the whole graph by id. */
export const MAX_IDS = 100;
/** Upper bound on search and filter text: longer text is not a name, and Lucene and CONTAINS work grow with it. */
export const MAX_TEXT = 200;

/** Checks an integer argument against its bounds. */
export function checkRange(argument: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw userInputError(argument, `must be between ${min} and ${max}, got ${value}`);
}

/** Checks an optional free-text argument: not blank, not longer than MAX_TEXT. */
export function validateText(argument: string, text: string | null | undefined): void {
  if (text == null) return;
  if (text.trim() === '') throw userInputError(argument, 'must not be blank');
  if (text.length > MAX_TEXT) throw userInputError(argument, `must be at most ${MAX_TEXT} characters, got ${text.length}`);
}

/** Checks a filter's ids before it reaches Cypher; errors name the argument path. */
export function validateFilter(argument: string, filter: EntityFilterValue | null | undefined): EntityFilterValue | null {
  if (!filter) return null;
  if (filter.ids && filter.ids.length > MAX_IDS)
    throw userInputError(`${argument}.ids`, `at most ${MAX_IDS} ids, got ${filter.ids.length}`);
  const expect = (field: 'designation' | 'chain' | 'region', kind: 'Designation' | 'IndustrialChain' | 'Region') => {
    const id = filter[field];
    if (id != null && kindOfId(id) !== kind)
      throw userInputError(`${argument}.${field}`, `must be a ${kind} id (${ENTITY_KINDS[kind].idPrefix}/...), got "${id}"`);
  };
  expect('designation', 'Designation');
  expect('chain', 'IndustrialChain');
  expect('region', 'Region');
  validateText(`${argument}.nameContains`, filter.nameContains);
  validateText(`${argument}.category`, filter.category);
  return filter;
}
