import { describe, expect, it } from 'vitest';
import { LEAD_TOKEN_STORAGE_KEY, TOKEN_STORAGE_KEY, type TokenEnv, resolveToken } from '../../client/src/token';

function env(href: string, stored: Record<string, string> = {}) {
  const store = { ...stored };
  const replaced: string[] = [];
  const e: TokenEnv = {
    href,
    storage: { getItem: (k) => store[k] ?? null, setItem: (k, v) => { store[k] = v; } },
    replaceUrl: (u) => replaced.push(u),
  };
  return { e, store, replaced };
}

const leads = (e: TokenEnv) => resolveToken(e, LEAD_TOKEN_STORAGE_KEY, [TOKEN_STORAGE_KEY]);

describe("the leads' view token", () => {
  it("keeps a lead link's token under its own key, beside the wall's, and removes it from the address", () => {
    const { e, store, replaced } = env('http://pw.lan/leads?token=lead-1', { [TOKEN_STORAGE_KEY]: 'viewer-1' });
    expect(leads(e)).toBe('lead-1');
    expect(store).toEqual({ [TOKEN_STORAGE_KEY]: 'viewer-1', [LEAD_TOKEN_STORAGE_KEY]: 'lead-1' });
    expect(replaced).toEqual(['/leads']);
  });

  it('uses the stored lead token before the wall viewer token', () => {
    expect(leads(env('http://pw.lan/leads', { [TOKEN_STORAGE_KEY]: 'viewer-1', [LEAD_TOKEN_STORAGE_KEY]: 'lead-1' }).e)).toBe('lead-1');
  });

  it("falls back to the wall's viewer token (read only) without a lead token, and copies it nowhere", () => {
    const { e, store } = env('http://pw.lan/leads', { [TOKEN_STORAGE_KEY]: 'viewer-1' });
    expect(leads(e)).toBe('viewer-1');
    expect(store[LEAD_TOKEN_STORAGE_KEY]).toBeUndefined();
    expect(leads(env('http://pw.lan/leads').e)).toBeNull();
  });

  it("leaves the wall's token alone: the wall still reads only its own key", () => {
    const { e } = env('http://pw.lan/wall', { [LEAD_TOKEN_STORAGE_KEY]: 'lead-1' });
    expect(resolveToken(e)).toBeNull();
  });
});
