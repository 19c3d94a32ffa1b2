import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Why these limits: the graph has cycles, so without them one request could nest relation fields
 * (each up to 100 items) deep enough to build millions of objects — the Cypher stays at one query
 * per level, but Node's memory would not. Three relation hops with their edges fit in 12 levels;
 * longer chains belong in `findRelations`. Introspection fields (GraphiQL's) are exempt.
 */
export const MAX_DEPTH = 12;
export const MAX_ROOT_FIELDS = 20;

/** A validation rule: refuses operations nested deeper than MAX_DEPTH or with more than MAX_ROOT_FIELDS root fields. */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  /** Fields reached by a selection set, looking through fragments (cycles are refused by another rule). */
  const fieldsOf = (set: SelectionSetNode, seen: Set<string>) =>
    set.selections.flatMap((s): { selectionSet?: SelectionSetNode; name: string }[] => {
      if (s.kind === Kind.FIELD) return [{ selectionSet: s.selectionSet, name: s.name.value }];
      if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, seen);
      const fragment = fragments.get(s.name.value);
      return fragment && !seen.has(s.name.value) ? fieldsOf(fragment.selectionSet, new Set([...seen, s.name.value])) : [];
    });
  const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number =>
    set ? Math.max(0, ...fieldsOf(set, seen).map((f) => 1 + depth(f.selectionSet, seen))) : 0;

  return {
    OperationDefinition(operation) {
      const roots = fieldsOf(operation.selectionSet, new Set()).filter((f) => !f.name.startsWith('__'));
      if (roots.length > MAX_ROOT_FIELDS)
        context.reportError(new GraphQLError(`The operation asks for ${roots.length} root fields; the limit is ${MAX_ROOT_FIELDS}.`, { nodes: [operation] }));
      const deepest = Math.max(0, ...roots.map((f) => 1 + depth(f.selectionSet, new Set())));
      if (deepest > MAX_DEPTH)
        context.reportError(new GraphQLError(`The operation is nested ${deepest} levels deep; the limit is ${MAX_DEPTH}.`, { nodes: [operation] }));
    },
  };
}
