import { describe, expect, it, vi } from 'vitest';

// Spy on the comparison itself: the keys module must compare hashes with timingSafeEqual, every
// key each time, and never with === on secrets.
const compared = vi.hoisted(() => ({ calls: [] as [Buffer, Buffer][] }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: Buffer, b: Buffer) => {
      compared.calls.push([a, b]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { findKey, newApiKey, parseApiKeys, loadApiKeys } = await import('../../src/auth/keys.js');
const { Auth } = await import('../../src/auth/authorize.js');
const { scryptSync } = await import('node:crypto');

describe('API keys', () => {
  const alice = newApiKey('alice', 'editor');
  const root = newApiKey('root', 'admin');
  const keys = parseApiKeys(`# operators' keys\n${alice.line}\n\n${root.line}\n`, 'keys.txt');

  it('are stored as name:role:sha256 lines, never the key itself', () => {
    expect(alice.key).toMatch(/^ckb_[A-Za-z0-9_-]{43}$/);
    expect(alice.line).toMatch(/^alice:editor:sha256:[0-9a-f]{64}$/);
    expect(alice.line).not.toContain(alice.key.slice(4));
    expect(keys.map((k) => [k.name, k.role])).toEqual([
      ['alice', 'editor'],
      ['root', 'admin'],
    ]);
  });

  it('are compared in constant time, every configured key each time', () => {
    compared.calls.length = 0;
    expect(findKey(keys, alice.key)?.name).toBe('alice');
    expect(compared.calls).toHaveLength(2);
    for (const [a, b] of compared.calls) expect(a.length).toBe(b.length);
    compared.calls.length = 0;
    expect(findKey(keys, 'ckb_wrong')).toBeUndefined();
    expect(compared.calls).toHaveLength(2);
  });

  it('may be scrypt hashes of chosen keys', () => {
    const salt = Buffer.alloc(16, 7);
    const hash = scryptSync('a long passphrase of mine', salt, 32);
    const [key] = parseApiKeys(`bob:reader:scrypt:${salt.toString('base64')}:${hash.toString('base64')}`, 'API_KEYS');
    expect(key!.matches('a long passphrase of mine')).toBe(true);
    expect(key!.matches('a long passphrase of min')).toBe(false);
  });

  it('refuse a bad line, naming it', () => {
    expect(() => parseApiKeys('alice:owner:sha256:00', 'keys.txt')).toThrow(
      'keys.txt line 1: the role must be one of reader, editor, admin',
    );
    expect(() => parseApiKeys(`x:editor:md5:abc`, 'keys.txt')).toThrow(
      'keys.txt line 1: the hash must be sha256:<64 hex digits> or scrypt:<salt base64>:<hash base64>',
    );
    expect(() => parseApiKeys(`${alice.line}\n${alice.line}`, 'keys.txt')).toThrow('keys.txt line 2: the name alice is used twice');
    expect(() => loadApiKeys('/nonexistent/keys', undefined)).toThrow('API_KEYS_FILE: cannot read /nonexistent/keys (ENOENT)');
  });

  it('authorize(request, role): the caller, UNAUTHENTICATED or FORBIDDEN', () => {
    const auth = new Auth(keys);
    expect(auth.authorize({ headers: { authorization: `Bearer ${root.key}` } }, 'admin')).toEqual({ name: 'root', role: 'admin' });
    expect(auth.authorize({ headers: { 'x-api-key': alice.key } }, 'editor')).toEqual({ name: 'alice', role: 'editor' });
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return [(error as { extensions: { code: string } }).extensions.code, (error as Error).message];
      }
      return undefined;
    };
    expect(codeOf(() => auth.authorize({ headers: {} }, 'editor'))).toEqual([
      'UNAUTHENTICATED',
      'Authentication required: this needs the editor role; send an API key as Authorization: Bearer <key> or X-API-Key: <key>.',
    ]);
    expect(codeOf(() => auth.authorize({ headers: { authorization: 'Bearer ckb_nope' } }, 'editor'))?.[0]).toBe('UNAUTHENTICATED');
    expect(codeOf(() => auth.authorize({ headers: { 'x-api-key': alice.key } }, 'admin'))).toEqual([
      'FORBIDDEN',
      'Forbidden: this needs the admin role; the key alice has the editor role.',
    ]);
  });
});
