/**
 * Whether events still arrive, as the wall says it: a dead integration must not look like a calm day. Measured
 * against the server's clock (the caller passes it: the screen's clock plus the estimated offset), so a TV with
 * a wrong clock still calls a silence by its real length. Pure.
 */
import { type FeedState, feedState } from '@shared/feed';
import type { Snapshot } from '@shared/snapshot';

export type { FeedState };

/** The feed of every event (orders too) and of each channel, at `now` (server clock, epoch ms). */
export interface FeedStates {
  all: FeedState;
  channels: Record<string, FeedState>;
}

export function feedStates(s: Snapshot, now: number): FeedStates {
  const after = s.silenceAfterSeconds;
  return {
    all: feedState(s.lastEventAt, after, now),
    channels: Object.fromEntries(Object.entries(s.channels).map(([ch, c]) => [ch, feedState(c.lastEventAt, after, now)])),
  };
}

/** What the wall's top line says about the connection and the feed: the socket first, then the events. */
export function connectionText(live: boolean, feed: FeedState | null): { text: string; tone: 'live' | 'down' | 'silent' } {
  if (!live) return { text: '○ RECONNECTING', tone: 'down' };
  if (feed === 'never') return { text: '○ NO EVENTS YET', tone: 'silent' };
  if (feed === 'silent') return { text: '○ NO EVENTS', tone: 'silent' };
  return { text: '● LIVE', tone: 'live' };
}
