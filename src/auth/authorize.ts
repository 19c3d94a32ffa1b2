import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/codes.js';
import { findKey, roleAtLeast, type ApiKey, type Role } from './keys.js';

/** Who sent a request: the name of the key (what history records) and its role. */
export interface Caller {
  name: string;
  role: Role;
}

/** Where a key travels: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export const API_KEY_HEADER = 'x-api-key';
export const CREDENTIAL_HEADERS = ['authorization', API_KEY_HEADER] as const;

export const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
export const forbidden = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });

/** What a request's headers say about its sender: nobody, a known key, or a key that is not one. */
export type Identity = { kind: 'anonymous' } | { kind: 'caller'; caller: Caller } | { kind: 'invalid' };

type Headers = IncomingMessage['headers'];

function presentedKey(headers: Headers): string | undefined {
  const header = headers.authorization;
  if (typeof header === 'string') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return bearer ? bearer[1] : header.trim();
  }
  const key = headers[API_KEY_HEADER];
  return typeof key === 'string' ? key.trim() : undefined;
}

/**
 * Authentication and roles for every entry point (GraphQL, and HTTP routes such as an upload):
 * `identify` reads the headers, `authorize` demands a role. Keys never leave this object, and no
 * log line carries the headers that hold them (see http/request-log.ts).
 */
export class Auth {
  constructor(
    private readonly keys: readonly ApiKey[],
    /** READS_REQUIRE_AUTH: reads need a key too (any role). */
    readonly readsRequireAuth = false,
  ) {}

  identify(headers: Headers): Identity {
    const presented = presentedKey(headers);
    if (presented === undefined || presented === '') return { kind: 'anonymous' };
    const key = findKey(this.keys, presented);
    return key ? { kind: 'caller', caller: { name: key.name, role: key.role } } : { kind: 'invalid' };
  }

  /** The caller if it holds `role` (or a higher one); else UNAUTHENTICATED (no or unknown key) or FORBIDDEN. */
  authorize(request: Pick<IncomingMessage, 'headers'>, role: Role): Caller {
    return requireRole(this.identify(request.headers), role);
  }
}

/** The check itself, on an identity already read: GraphQL resolvers use it through the context. */
export function requireRole(identity: Identity, role: Role, action = `this needs the ${role} role`): Caller {
  if (identity.kind === 'invalid')
    throw unauthenticated(
      'The API key sent is not valid: send a key the operator configured, as Authorization: Bearer <key> or X-API-Key: <key>.',
    );
  if (identity.kind === 'anonymous')
    throw unauthenticated(`Authentication required: ${action}; send an API key as Authorization: Bearer <key> or X-API-Key: <key>.`);
  if (!roleAtLeast(identity.caller.role, role))
    throw forbidden(`Forbidden: ${action}; the key ${identity.caller.name} has the ${identity.caller.role} role.`);
  return identity.caller;
}
