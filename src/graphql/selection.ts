import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, type SelectionNode } from 'graphql';

/** Whether `@skip`/`@include` keep a selection, given the operation's coerced variables. */
export function isIncluded(selection: SelectionNode, variableValues: Record<string, unknown>): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, selection, variableValues);
  const include = getDirectiveValues(GraphQLIncludeDirective, selection, variableValues);
  return skip?.if !== true && include?.if !== false;
}
