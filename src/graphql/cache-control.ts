import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt } from 'graphql';

/**
 * Apollo's `@cacheControl` directive, declared so type-graphql's `@Directive` can attach it.
 * Apollo's cache-control plugin reads it and sets the response's `Cache-Control` header to the
 * smallest maxAge of the fields a query touched (and `private` if any field is private), so a
 * type's longer maxAge only lengthens fields that return it, never the whole answer past the default.
 */
export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: {
    maxAge: { type: GraphQLInt },
    scope: {
      type: new GraphQLEnumType({
        name: 'CacheControlScope',
        description: 'Who may cache an answer: any cache (PUBLIC) or only the caller (PRIVATE).',
        values: {
          PUBLIC: { description: 'Shared caches (CDNs) may keep it.' },
          PRIVATE: { description: 'Only the caller\u2019s own cache may keep it.' },
        },
      }),
    },
    inheritMaxAge: { type: GraphQLBoolean },
  },
});

/**
 * How long a public cache may keep each kind of answer, in seconds. The graph changes only when
 * the seed or an import is loaded, so reads are cacheable; nothing depends on the caller yet.
 * Answers that will (per-user data, once auth exists) must use scope: PRIVATE.
 */
export const MAX_AGE = {
  /** Default for every root field and object field without its own hint: the graph only changes when data is loaded. */
  default: 600,
  entity: 600,
  statistic: 3600,
  sourceDocument: 86_400,
  search: 60,
  /** Health reflects the database right now: never cached. */
  health: 0,
} as const;

export const cacheHint = (maxAge: number) => `@cacheControl(maxAge: ${maxAge})`;
