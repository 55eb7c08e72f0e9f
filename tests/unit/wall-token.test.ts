import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, type TokenEnv, resolveToken } from '../../client/src/token';

function env(href: string, stored: Record<string, string> = {}, opts: { throwing?: boolean } = {}) {
  const store = { ...stored };
  const replaced: string[] = [];
  const e: TokenEnv = {
    href,
    storage: {
      getItem: (k) => { if (opts.throwing) throw new Error('denied'); return store[k] ?? null; },
      setItem: (k, v) => { if (opts.throwing) throw new Error('denied'); store[k] = v; },
    },
    replaceUrl: (u) => replaced.push(u),
  };
  return { e, store, replaced };
}

describe('the wall token', () => {
  it('takes the token from the link, keeps it, and removes it from the address', () => {
    const { e, store, replaced } = env('http://tv.local:8080/wall?token=abc123');
    expect(resolveToken(e)).toBe('abc123');
    expect(store[TOKEN_STORAGE_KEY]).toBe('abc123');
    expect(replaced).toEqual(['/wall']);
  });

  it('keeps other query parameters and the hash when it removes the token', () => {
    const { e, replaced } = env('http://tv.local/wall?x=1&token=abc&y=2#top');
    resolveToken(e);
    expect(replaced).toEqual(['/wall?x=1&y=2#top']);
  });

  it('uses the stored token after a reboot, without touching the address', () => {
    const { e, replaced } = env('http://tv.local/wall', { [TOKEN_STORAGE_KEY]: 'kept' });
    expect(resolveToken(e)).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('lets a new link replace the stored token', () => {
    const { e, store } = env('http://tv.local/?token=new', { [TOKEN_STORAGE_KEY]: 'old' });
    expect(resolveToken(e)).toBe('new');
    expect(store[TOKEN_STORAGE_KEY]).toBe('new');
  });

  it('has no token without a link or a stored one, and ignores an empty token', () => {
    expect(resolveToken(env('http://tv.local/wall').e)).toBeNull();
    const empty = env('http://tv.local/wall?token=');
    expect(resolveToken(empty.e)).toBeNull();
    expect(empty.replaced).toEqual(['/wall']);
  });

  it('still uses the link token when storage is unavailable', () => {
    expect(resolveToken(env('http://tv.local/wall?token=abc', {}, { throwing: true }).e)).toBe('abc');
    expect(resolveToken({ href: 'http://tv.local/wall', storage: null, replaceUrl: () => {} })).toBeNull();
  });
});
