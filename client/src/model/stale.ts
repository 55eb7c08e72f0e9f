/** When the wall's data must be called stale. Pure: the caller passes the clock. */

/** No `snapshot` or `update` for this long: stale, even if the socket still says it is connected. */
export const STALE_AFTER_MS = 10_000;
/**
 * A dropped socket is stale after this short grace, so a server restart that reconnects at once does not
 * flash the whole screen, while a real outage shows within seconds.
 */
export const DISCONNECT_GRACE_MS = 3_000;

export interface Freshness {
  /** When this page started (screen clock, epoch ms). */
  startedAt: number;
  /** When the last `snapshot` or `update` arrived (screen clock); null before the first. */
  lastDataAt: number | null;
  /** When the socket dropped; null while connected. */
  disconnectedAt: number | null;
}

export interface Staleness {
  /** The time of the last data (or the page's start, without any). */
  since: number;
  /** False when no data ever arrived. */
  hadData: boolean;
  /** Why: the socket is down, or it is up but silent. */
  reason: 'disconnected' | 'silent';
}

/** Null while the data is fresh; else since when it is stale and why. */
export function staleness(f: Freshness, now: number): Staleness | null {
  const since = f.lastDataAt ?? f.startedAt;
  const hadData = f.lastDataAt !== null;
  if (f.disconnectedAt !== null && (now - f.disconnectedAt >= DISCONNECT_GRACE_MS || now - since >= STALE_AFTER_MS)) {
    return { since, hadData, reason: 'disconnected' };
  }
  if (now - since >= STALE_AFTER_MS) return { since, hadData, reason: 'silent' };
  return null;
}
