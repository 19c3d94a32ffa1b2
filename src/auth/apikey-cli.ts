import { parseArgs } from 'node:util';
import { ApiKeyFileError, newApiKey, ROLE_RIGHTS, ROLES, type Role } from './keys.js';

const USAGE = `usage: npm run apikey -- --name NAME --role ${ROLES.join('|')}`;

/**
 * `npm run apikey -- --name X --role editor`: makes a new key, prints it once (it is stored nowhere)
 * and the line to add to API_KEYS_FILE, which holds only its hash. Exit 2 on a bad command line.
 */
function main(): number {
  let values: { name?: string; role?: string };
  try {
    ({ values } = parseArgs({ options: { name: { type: 'string' }, role: { type: 'string' } }, strict: true }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (!values.name) return usage('--name is required');
  if (!(ROLES as readonly string[]).includes(values.role ?? '')) return usage(`--role must be one of ${ROLES.join(', ')}`);
  const role = values.role as Role;
  try {
    const { key, line } = newApiKey(values.name, role);
    console.log(`key (shown once; give it to ${values.name}, it is stored nowhere): ${key}`);
    console.log(`add this line to the file API_KEYS_FILE names, then restart the server:`);
    console.log(line);
    console.log(`the ${role} role may: ${ROLE_RIGHTS[role]}`);
    return 0;
  } catch (error) {
    if (error instanceof ApiKeyFileError) return usage(error.message);
    throw error;
  }
}

function usage(message: string): number {
  console.error(`apikey: ${message}`);
  console.error(USAGE);
  return 2;
}

process.exit(main());
