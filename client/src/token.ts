/**
 * The wall's viewer token. A wall link carries it once (`/wall?token=...`); it is kept in localStorage and
 * taken out of the address bar, so a TV never needs a login after a reboot and the token is not left on
 * screen or in the history.
 */

export const TOKEN_STORAGE_KEY = 'peakwatch.viewerToken';
export const TOKEN_PARAM = 'token';

export interface TokenEnv {
  href: string;
  /** Null where storage is unavailable; it may also throw (private windows, quotas). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Replaces the address without a reload (history.replaceState). */
  replaceUrl: (url: string) => void;
}

/** The token from the link (stored, and removed from the address) or, without one, the stored token. */
export function resolveToken(env: TokenEnv): string | null {
  const url = new URL(env.href);
  const fromLink = url.searchParams.get(TOKEN_PARAM);
  if (fromLink !== null) {
    url.searchParams.delete(TOKEN_PARAM);
    env.replaceUrl(`${url.pathname}${url.search}${url.hash}`);
    const token = fromLink.trim();
    if (token) {
      try {
        env.storage?.setItem(TOKEN_STORAGE_KEY, token);
      } catch {
        // Not kept across a reboot, but this session still works.
      }
      return token;
    }
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    return null;
  }
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
