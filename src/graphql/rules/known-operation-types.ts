import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Known operation types (graphql-js 17's KnownOperationTypesRule, which graphql 16 lacks): an
 * operation is valid only if the schema has its root type. This schema has no subscriptions, so one
 * is refused as invalid (400) before anything runs, not failed by the executor.
 */
export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation))
        context.reportError(
          new GraphQLError(`This schema does not support ${node.operation} operations; send a query or a mutation.`, {
            nodes: node,
          }),
        );
    },
  };
}
