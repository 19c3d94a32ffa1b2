import type { AuthChecker } from 'type-graphql';
import { requireRole } from '../auth/authorize.js';
import type { Role } from '../auth/keys.js';
import type { Context } from './context.js';

/**
 * type-graphql's authorization hook for `@Authorized(role)` fields: the caller must hold the role
 * (or a higher one). It throws our own UNAUTHENTICATED / FORBIDDEN errors, naming the role, instead
 * of returning false (type-graphql's errors would say UNAUTHORIZED without saying what is needed).
 */
export const authChecker: AuthChecker<Context, Role> = ({ context, info }, roles) => {
  const role = roles[0] ?? 'editor';
  requireRole(context.identity, role, `${info.fieldName} needs the ${role} role`);
  return true;
};
