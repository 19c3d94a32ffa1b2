import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { ENTITY_KINDS, ENTITY_KIND_NAMES, kindOfId } from '../model/entity-kinds.js';
import { RELATION_TYPE_NAMES } from '../model/relation-types.js';
import { validateFilter, MAX_TEXT } from '../graphql/validation.js';
import type { RelationQuery } from '../queries/graph-paths.js';
import { CSV_PARTS, EXPORT_FORMATS, type CsvPart, type ExportFormat } from './formats/index.js';
import type { ExportScope } from './scope.js';

/**
 * The parameters of an export, the same for `GET /export?…`, `POST /export` (a JSON body) and
 * `npm run export -- --…`: checked here, each error naming its parameter.
 */
export class ExportParameterError extends Error {
  override name = 'ExportParameterError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

export interface ExportRequest {
  format: ExportFormat;
  /** CSV: the one file asked for; undefined asks for both (the CLI writes a folder). */
  part: CsvPart | undefined;
  scope: ExportScope;
}

/** Raw values as they come: query-string values (a string, or a list when repeated), JSON, or CLI flags. */
export type RawParameters = Record<string, unknown>;

const SCOPES = ['neighbourhood', 'search', 'chain', 'relations', 'ids'] as const;
/** Which scope each option belongs to. */
const SCOPE_OPTIONS: Record<string, (typeof SCOPES)[number]> = {
  depth: 'neighbourhood',
  limit: 'neighbourhood',
  perNode: 'neighbourhood',
  first: 'search',
  relationIds: 'ids',
};
export const EXPORT_PARAMETERS = ['format', 'part', ...SCOPES, ...Object.keys(SCOPE_OPTIONS)];

/** Limits, as the GraphQL API has them (graph.resolver.ts), so an export reads no more than a query could. */
const LIMITS = {
  depth: { min: 1, max: 3, default: 1 },
  limit: { min: 1, max: 2000, default: 500 },
  perNode: { min: 1, max: 1000, default: 100 },
  first: { min: 1, max: 100, default: 20 },
};
/** The explorer's view: at most as many entities as its largest graph, and their relations. */
export const MAX_VIEW_IDS = 5_000;
export const MAX_VIEW_RELATIONS = 20_000;

function one(parameters: RawParameters, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) throw new ExportParameterError(name, 'given more than once');
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new ExportParameterError(name, 'must be a string');
  return value;
}

function choice<T extends string>(parameters: RawParameters, name: string, allowed: readonly T[]): T | undefined {
  const value = one(parameters, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new ExportParameterError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function integer(parameters: RawParameters, name: keyof typeof LIMITS): number {
  const { min, max, default: fallback } = LIMITS[name];
  const value = one(parameters, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new ExportParameterError(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/** A list: a JSON array, a repeated query parameter, or (for entity ids, which hold no comma) comma-separated text. */
function list(parameters: RawParameters, name: string, max: number, commas: boolean): string[] | undefined {
  const value = parameters[name];
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' && commas ? value.split(',') : [value];
  if (!items.every((item) => typeof item === 'string' && item.trim() !== ''))
    throw new ExportParameterError(name, 'must be a list of non-empty strings');
  if (items.length > max) throw new ExportParameterError(name, `at most ${max} items, got ${items.length}`);
  return (items as string[]).map((item) => item.trim());
}

function entityId(parameters: RawParameters, name: string, kind?: keyof typeof ENTITY_KINDS): string {
  const id = one(parameters, name)!.trim();
  const of = kindOfId(id);
  if (!of || (kind && of !== kind))
    throw new ExportParameterError(
      name,
      `must be ${kind ? `an ${kind} id (${ENTITY_KINDS[kind].idPrefix}/...)` : 'an entity id (kind/slug)'}, got ${JSON.stringify(id)}`,
    );
  return id;
}

const filterSchema = z
  .object({
    ids: z.array(z.string()).nullish(),
    kinds: z.array(z.enum(ENTITY_KIND_NAMES as [string, ...string[]])).nullish(),
    nameContains: z.string().nullish(),
    category: z.string().nullish(),
    designation: z.string().nullish(),
    chain: z.string().nullish(),
    region: z.string().nullish(),
  })
  .strict();
const relationQuerySchema = z
  .object({
    from: filterSchema,
    steps: z
      .array(
        z
          .object({
            types: z.array(z.enum(RELATION_TYPE_NAMES as [string, ...string[]])).min(1),
            direction: z.enum(['OUT', 'IN', 'BOTH']).default('OUT'),
            via: filterSchema.nullish(),
          })
          .strict(),
      )
      .min(1)
      .max(4),
    to: filterSchema.nullish(),
  })
  .strict();

/** `relations`: findRelations' arguments `{from, steps, to}` as JSON, checked as the API checks them. */
function relationQuery(parameters: RawParameters): RelationQuery {
  const raw = parameters.relations;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ExportParameterError('relations', 'must be JSON: {"from": {...}, "steps": [{"types": [...]}], "to": {...}}');
    }
  }
  const parsed = relationQuerySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExportParameterError(['relations', ...issue.path].join('.'), issue.message);
  }
  const query = parsed.data as RelationQuery;
  try {
    validateFilter('from', query.from);
    validateFilter('to', query.to);
    query.steps.forEach((s, i) => validateFilter(`steps[${i}].via`, s.via));
  } catch (error) {
    if (error instanceof GraphQLError)
      throw new ExportParameterError(`relations.${String(error.extensions.argument)}`, error.message.replace(/^[^:]*: /, ''));
    throw error;
  }
  return query;
}

function scopeOf(parameters: RawParameters): ExportScope {
  const given = SCOPES.filter((s) => parameters[s] !== undefined);
  if (given.length > 1) throw new ExportParameterError(given[1]!, `choose one subgraph, got ${given.join(' and ')}`);
  const scope = given[0];
  for (const [option, owner] of Object.entries(SCOPE_OPTIONS))
    if (parameters[option] !== undefined && owner !== scope) throw new ExportParameterError(option, `only goes with ${owner}`);
  switch (scope) {
    case undefined:
      return { kind: 'graph' };
    case 'neighbourhood':
      return {
        kind: 'neighbourhood',
        id: entityId(parameters, 'neighbourhood'),
        depth: integer(parameters, 'depth'),
        limit: integer(parameters, 'limit'),
        perNode: integer(parameters, 'perNode'),
      };
    case 'search': {
      const text = one(parameters, 'search')!;
      if (text.trim() === '') throw new ExportParameterError('search', 'must not be blank');
      if (text.length > MAX_TEXT) throw new ExportParameterError('search', `must be at most ${MAX_TEXT} characters, got ${text.length}`);
      return { kind: 'search', text, first: integer(parameters, 'first') };
    }
    case 'chain':
      return { kind: 'chain', id: entityId(parameters, 'chain', 'IndustrialChain') };
    case 'relations':
      return { kind: 'relations', query: relationQuery(parameters) };
    case 'ids': {
      const ids = list(parameters, 'ids', MAX_VIEW_IDS, true)!;
      for (const id of ids) if (!kindOfId(id)) throw new ExportParameterError('ids', `not an entity id: ${JSON.stringify(id)}`);
      return { kind: 'ids', ids, relationIds: list(parameters, 'relationIds', MAX_VIEW_RELATIONS, false) ?? null };
    }
    default:
      throw new Error(`unhandled scope ${String(scope satisfies never)}`);
  }
}

/**
 * Checks the parameters of an export. `partRequired`: one CSV file per answer over HTTP (no zip:
 * the nodes and the edges are two requests), both files from the CLI.
 */
export function parseExportRequest(parameters: RawParameters, options: { partRequired: boolean }): ExportRequest {
  const unknown = Object.keys(parameters).find((name) => !EXPORT_PARAMETERS.includes(name) && parameters[name] !== undefined);
  if (unknown !== undefined) throw new ExportParameterError(unknown, `unknown parameter; known: ${EXPORT_PARAMETERS.join(', ')}`);
  const format = choice(parameters, 'format', EXPORT_FORMATS);
  if (!format) throw new ExportParameterError('format', `is required: one of ${EXPORT_FORMATS.join(', ')}`);
  const part = choice(parameters, 'part', CSV_PARTS);
  if (part && format !== 'csv') throw new ExportParameterError('part', 'only goes with format=csv');
  if (!part && format === 'csv' && options.partRequired)
    throw new ExportParameterError('part', 'is required with format=csv: nodes or edges (one file per request)');
  return { format, part, scope: scopeOf(parameters) };
}
