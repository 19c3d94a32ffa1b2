import {
  getNamedType,
  introspectionTypes,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { fieldExtensionsEstimator, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../queries/pagination.js';

/**
 * What a request may cost, counted before it runs: an upper estimate of the values its answer holds
 * (every field of every item, each page counted full). Why 50,000: completing and serialising an
 * answer is synchronous work, and one request must not hold the event loop long enough to stall
 * the others; an answer of 50,000 values is a few MB of JSON. It still allows a list of 20
 * entities × 20 relations × 20 relations with a few fields each, or the explorer's neighbourhood
 * of 300 entities with every relation's properties and evidence.
 */
export const MAX_COST = 50_000;

type Args = Record<string, unknown>;
const numberArg = (args: Args, name: string): number | undefined => (typeof args[name] === 'number' ? (args[name] as number) : undefined);

/**
 * A list field's cost, declared beside the field (type-graphql's `complexity` option): one for the
 * field plus, for each item it may return, what the selection under it costs.
 */
export const perItem =
  (items: (args: Args) => number): ComplexityEstimator =>
  ({ args, childComplexity }) =>
    1 + Math.max(0, items(args)) * childComplexity;

/**
 * A Relay connection: a page holds `first` or `last` items, else the default page size. This counts
 * the answer; what Neo4j reads for it is bounded where the page is read: a relation page by its
 * keyset and `LIMIT page + 1` (or the name-index walk at a hub), an entity's `timeline` by the
 * relations it may read per entity (TIMELINE_RELATIONS_READ, 1,000, in src/queries/timeline.ts:
 * no index orders an entity's relations by date), so a page of 20 timelines reads at most 20,000.
 */
export const perPageItem: ComplexityEstimator = perItem((args) => numberArg(args, 'first') ?? numberArg(args, 'last') ?? DEFAULT_PAGE_SIZE);

/**
 * A connection's `edges` (or a neighbourhood's `nodes`): the field returning the connection counts
 * each item already, so the list adds nothing of its own.
 */
export const itemsCountedByParent: ComplexityEstimator = ({ childComplexity }) => childComplexity;

/** A fact's or entity's evidence: passages are few per fact (one or two in the seed), counted as two. */
export const perEvidence: ComplexityEstimator = perItem(() => 2);

/** A list whose length is an argument with a default (`first: 10` on search, say). */
export const perArgument = (name: string, fallback: number): ComplexityEstimator => perItem((args) => numberArg(args, name) ?? fallback);

/**
 * Introspection answers from memory, so only its lists count, by the schema's own sizes: `__Schema.types`
 * counts every type, a type's `fields` the average number per type, and so on; each item counts at
 * least one. GraphiQL's introspection query then costs about the items it gets (a few thousand),
 * and 300 aliases of `__schema { types { name } }` cost 300 such lists.
 */
function introspectionEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const sizes = introspectionListSizes(schema);
  return ({ type, field, childComplexity }) => {
    if (!(type.name in introspectionTypesByName)) return undefined;
    if (!isListOutput(field.type)) return childComplexity;
    return 1 + (sizes[`${type.name}.${field.name}`] ?? 1) * Math.max(1, childComplexity);
  };
}
const introspectionTypesByName = Object.fromEntries(introspectionTypes.map((t) => [t.name, t]));

function isListOutput(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** Average list lengths of the introspection types over this schema. */
function introspectionListSizes(schema: GraphQLSchema): Record<string, number> {
  const types = Object.values(schema.getTypeMap());
  const fields = types.flatMap((t) => (isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : []));
  const count = (n: number) => n / Math.max(1, types.length);
  const directives = schema.getDirectives();
  return {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': count(fields.length),
    '__Type.inputFields': count(types.reduce((n, t) => n + (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0), 0)),
    '__Type.enumValues': count(types.reduce((n, t) => n + ('getValues' in t ? t.getValues().length : 0), 0)),
    '__Type.interfaces': count(types.reduce((n, t) => n + (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0), 0)),
    '__Type.possibleTypes': count(
      types.reduce((n, t) => n + (isCompositeType(t) && !isObjectType(t) ? schema.getPossibleTypes(t).length : 0), 0),
    ),
    '__Field.args': fields.reduce((n, f: GraphQLField<unknown, unknown>) => n + f.args.length, 0) / Math.max(1, fields.length),
    '__Directive.args': directives.reduce((n, d) => n + d.args.length, 0) / Math.max(1, directives.length),
  };
}

/**
 * How a request is costed, in order: a field's own declaration, introspection's lists by the
 * schema's sizes, and one per field (plus what it selects) for everything else.
 */
export function costEstimators(schema: GraphQLSchema): ComplexityEstimator[] {
  let estimators = ESTIMATORS.get(schema);
  if (!estimators)
    ESTIMATORS.set(
      schema,
      (estimators = [fieldExtensionsEstimator(), introspectionEstimator(schema), simpleEstimator({ defaultComplexity: 1 })]),
    );
  return estimators;
}
const ESTIMATORS = new WeakMap<GraphQLSchema, ComplexityEstimator[]>();

/** Fields returning a list of objects must declare their cost: a test holds the schema to it. */
export function listFieldsWithoutCost(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const returnsItems = isListOutput(field.type) && isCompositeType(getNamedType(field.type));
      const isConnection = getNamedType(field.type).name.endsWith('Connection');
      if ((returnsItems || isConnection) && field.extensions.complexity === undefined) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}
