/**
 * The views' tokens. A link carries one once (`/wall?token=...`, `/leads?token=...`); it is kept in
 * localStorage and taken out of the address bar, so a TV never needs a login after a reboot and the token is
 * not left on screen or in the history. Each view keeps its own key, so one browser can hold the wall's
 * viewer token and a lead's token side by side.
 */

/** The wall's viewer token. */
export const TOKEN_STORAGE_KEY = 'peakwatch.viewerToken';
/** The leads' view token (a lead token to act; a viewer token reads only). */
export const LEAD_TOKEN_STORAGE_KEY = 'peakwatch.leadToken';
export const TOKEN_PARAM = 'token';

export interface TokenEnv {
  href: string;
  /** Null where storage is unavailable; it may also throw (private windows, quotas). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Replaces the address without a reload (history.replaceState). */
  replaceUrl: (url: string) => void;
}

/**
 * The token from the link (stored under `key`, and removed from the address) or, without one, the token
 * stored under `key`, else under the first of `fallbackKeys` that holds one (not copied to `key`).
 */
export function resolveToken(env: TokenEnv, key: string = TOKEN_STORAGE_KEY, fallbackKeys: readonly string[] = []): string | null {
  const url = new URL(env.href);
  const fromLink = url.searchParams.get(TOKEN_PARAM);
  if (fromLink !== null) {
    url.searchParams.delete(TOKEN_PARAM);
    env.replaceUrl(`${url.pathname}${url.search}${url.hash}`);
    const token = fromLink.trim();
    if (token) {
      try {
        env.storage?.setItem(key, token);
      } catch {
        // Not kept across a reboot, but this session still works.
      }
      return token;
    }
  }
  for (const k of [key, ...fallbackKeys]) {
    try {
      const stored = env.storage?.getItem(k);
      if (stored) return stored;
    } catch {
      return null;
    }
  }
  return null;
}

/** The browser's environment for `resolveToken`. */
export function browserTokenEnv(): TokenEnv {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  return { href: window.location.href, storage, replaceUrl: (url) => window.history.replaceState(window.history.state, '', url) };
}
