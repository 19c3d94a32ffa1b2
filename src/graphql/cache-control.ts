import {
  DirectiveLocation,
  getDirectiveValues,
  getNamedType,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLInt,
  isAbstractType,
  isCompositeType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { isIncluded } from './selection.js';

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
    scope: { type: new GraphQLEnumType({ name: 'CacheControlScope', description: 'Who may cache an answer: any cache (PUBLIC) or only the caller (PRIVATE).', values: { PUBLIC: { description: 'Shared caches (CDNs) may keep it.' }, PRIVATE: { description: 'Only the caller\u2019s own cache may keep it.' } } }) },
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

/** A cache hint as Apollo reads `@cacheControl`: `inheritMaxAge` means "no maxAge of my own". */
export interface CacheHint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}
interface Annotation extends CacheHint {
  inheritMaxAge?: boolean;
}

/** The `@cacheControl` annotation of a type or field, read once from its definition. */
function annotationOf(element: GraphQLCompositeType | GraphQLField<unknown, unknown>): Annotation {
  let annotation = ANNOTATIONS.get(element);
  if (!annotation) {
    const values = element.astNode ? getDirectiveValues(cacheControlDirective, element.astNode) : undefined;
    const scope = values?.scope as CacheHint['scope'];
    annotation = !values ? {} : values.inheritMaxAge ? { inheritMaxAge: true, scope } : { maxAge: values.maxAge as number | undefined, scope };
    ANNOTATIONS.set(element, annotation);
  }
  return annotation;
}
const ANNOTATIONS = new WeakMap<object, Annotation>();

/**
 * A field's hint by Apollo's rules: the field's own annotation, else its type's; with neither, a root
 * field or a field returning an object gets the default maxAge (unless told to inherit), and a
 * scalar field leaves the policy to its parent.
 */
function fieldHint(field: GraphQLField<unknown, unknown>, isRoot: boolean, defaultMaxAge: number): CacheHint {
  const target = getNamedType(field.type);
  const composite = isCompositeType(target);
  const typeAnnotation = composite ? annotationOf(target) : {};
  let { maxAge, scope } = typeAnnotation;
  let inherits = Boolean(typeAnnotation.inheritMaxAge);
  const own = annotationOf(field);
  if (own.inheritMaxAge && maxAge === undefined) {
    inherits = true;
    scope = own.scope ?? scope;
  } else {
    maxAge = own.maxAge ?? maxAge;
    scope = own.scope ?? scope;
  }
  if (maxAge === undefined && ((composite && !inherits) || isRoot)) maxAge = defaultMaxAge;
  return { maxAge, scope };
}

/** A field as selected on a type: its distinct hints and return types over the object types it may be selected on. */
interface SelectedFieldPolicy {
  hints: CacheHint[];
  targets: GraphQLCompositeType[];
}

/**
 * On an interface a field counts on every type that implements it (a dozen entity kinds): its
 * hints are those of every implementation, and its selection is visited once per distinct type it
 * returns. Worked out once per type and field, not per request.
 */
function policyOf(schema: GraphQLSchema, parentType: GraphQLCompositeType, name: string, isRoot: boolean, defaultMaxAge: number): SelectedFieldPolicy {
  let byField = FIELD_POLICIES.get(parentType);
  if (!byField) FIELD_POLICIES.set(parentType, (byField = new Map()));
  const key = `${defaultMaxAge}:${isRoot}:${name}`;
  let policy = byField.get(key);
  if (!policy) {
    const hints = new Map<string, CacheHint>();
    const targets = new Set<GraphQLCompositeType>();
    for (const objectType of isAbstractType(parentType) ? schema.getPossibleTypes(parentType) : [parentType]) {
      const field = objectType.getFields()[name];
      if (!field) continue;
      const hint = fieldHint(field, isRoot, defaultMaxAge);
      hints.set(`${hint.maxAge}:${hint.scope}`, hint);
      const target = getNamedType(field.type);
      if (isCompositeType(target)) targets.add(target);
    }
    policy = { hints: [...hints.values()], targets: [...targets] };
    byField.set(key, policy);
  }
  return policy;
}
const FIELD_POLICIES = new WeakMap<GraphQLCompositeType, Map<string, SelectedFieldPolicy>>();

export interface OperationSelection {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** The operation's coerced variables, for `@skip` and `@include`. */
  variables: Record<string, unknown>;
}

/**
 * Calls `restrict` with the hint of every field the operation selects (on every object type it may
 * be selected on), by the rules of Apollo's cache-control plugin. Apollo applies them to each
 * field as it resolves, through a hook graphql-js calls for every field of the answer (11% of the
 * time of a 2,000-entity answer); every hint here is static (no resolver sets one), so the
 * operation alone decides. A field counts even where its parent turns out null, so the policy is
 * never longer than Apollo's.
 */
export function restrictToOperation({ schema, operation, fragments, variables }: OperationSelection, defaultMaxAge: number, restrict: (hint: CacheHint) => void): void {
  const visit = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, isRoot: boolean): void => {
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, variables)) continue;
      if (selection.kind !== Kind.FIELD) {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
        const condition = fragment?.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parentType;
        if (fragment && isCompositeType(condition)) visit(fragment.selectionSet, condition, isRoot);
        continue;
      }
      if (selection.name.value.startsWith('__')) continue; // meta fields carry no hint (as in Apollo)
      const { hints, targets } = policyOf(schema, parentType, selection.name.value, isRoot, defaultMaxAge);
      hints.forEach(restrict);
      if (selection.selectionSet) for (const target of targets) visit(selection.selectionSet, target, false);
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) visit(operation.selectionSet, root, true);
}
