import { randomBytes, createHash, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * API keys: the operator lists them, hashed, one per line as `name:role:hash` in the file
 * API_KEYS_FILE names (or in API_KEYS, lines separated by newlines or `;`). The server never holds a
 * key itself, only its hash, and compares hashes in constant time (timingSafeEqual), so neither the
 * file nor the timing of a refusal tells a key.
 *
 * A hash is `sha256:<hex>` (what `npm run apikey` writes: keys are 32 random bytes, so a fast hash
 * is enough) or `scrypt:<salt base64>:<hash base64>` for a key a person chose.
 */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do; a role may do everything the roles before it may. */
export const ROLE_RIGHTS: Record<Role, string> = {
  reader: 'read when READS_REQUIRE_AUTH=true (reads are public otherwise)',
  editor:
    'add sources; create, update and merge entities, relations and statistics; delete relations, statistics and entities that have no relations; revert changes',
  admin: "an editor's rights, and delete an entity together with its relations and statistics (cascade: true)",
};

export const roleAtLeast = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

export interface ApiKey {
  name: string;
  role: Role;
  /** Compares a presented key with this one's hash, in constant time. */
  matches(presented: string): boolean;
}

export class ApiKeyFileError extends Error {
  override name = 'ApiKeyFileError';
}

const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

/** Parses `name:role:hash` lines; blank lines and `#` comments are skipped; throws naming the line. */
export function parseApiKeys(text: string, origin: string): ApiKey[] {
  const keys: ApiKey[] = [];
  text.split(/\r?\n|;/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${origin} line ${i + 1}`;
    const [name = '', role = '', ...hash] = line.split(':');
    if (!NAME.test(name)) throw new ApiKeyFileError(`${where}: the name must be 1-64 of A-Z a-z 0-9 _ . @ -`);
    if (!(ROLES as readonly string[]).includes(role)) throw new ApiKeyFileError(`${where}: the role must be one of ${ROLES.join(', ')}`);
    if (keys.some((k) => k.name === name)) throw new ApiKeyFileError(`${where}: the name ${name} is used twice`);
    keys.push({ name, role: role as Role, matches: hashMatcher(hash, where) });
  });
  return keys;
}

function hashMatcher([scheme, ...parts]: string[], where: string): (presented: string) => boolean {
  if (scheme === 'sha256' && parts.length === 1 && /^[0-9a-f]{64}$/.test(parts[0]!)) {
    const expected = Buffer.from(parts[0]!, 'hex');
    return (presented) => timingSafeEqual(sha256(presented), expected);
  }
  if (scheme === 'scrypt' && parts.length === 2) {
    const [salt, expected] = parts.map((p) => Buffer.from(p!, 'base64'));
    if (salt!.length >= 16 && expected!.length >= 32)
      return (presented) => timingSafeEqual(scryptSync(presented, salt!, expected!.length), expected!);
  }
  throw new ApiKeyFileError(`${where}: the hash must be sha256:<64 hex digits> or scrypt:<salt base64>:<hash base64>`);
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The operator's keys: API_KEYS_FILE's lines, then API_KEYS'. No keys: nobody can write. */
export function loadApiKeys(file: string | undefined, inline: string | undefined): ApiKey[] {
  const keys: ApiKey[] = [];
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ApiKeyFileError(`API_KEYS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    keys.push(...parseApiKeys(text, file));
  }
  if (inline) keys.push(...parseApiKeys(inline, 'API_KEYS'));
  const names = keys.map((k) => k.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ApiKeyFileError(`the key name ${twice} is in both API_KEYS_FILE and API_KEYS`);
  return keys;
}

/**
 * The key a presented secret is, or undefined. Every key is compared (no early exit), so the time
 * taken does not tell which line, if any, matched.
 */
export function findKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  let found: ApiKey | undefined;
  for (const key of keys) if (key.matches(presented) && !found) found = key;
  return found;
}

/** A new key and the line that configures it: `npm run apikey`. */
export function newApiKey(name: string, role: Role): { key: string; line: string } {
  if (!NAME.test(name)) throw new ApiKeyFileError('--name must be 1-64 of A-Z a-z 0-9 _ . @ -');
  const key = `ckb_${randomBytes(32).toString('base64url')}`;
  return { key, line: `${name}:${role}:sha256:${sha256(key).toString('hex')}` };
}
