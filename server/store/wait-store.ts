import { BUCKET_FIELDS as F, channelField } from './bucket-fields';
import { minuteOf } from './keys';
import { type Store, StoreUnavailableError } from './store';

/** A customer's place, from the live waiting sets (wait-position-1.lua). Places are 1-based; null: not waiting. */
export interface WaitPlace {
  /** Waiting in the queue asked for (the channel's without one), and the contact's place there. */
  waiting: number;
  position: number | null;
  /** Waiting in the whole channel, and the contact's place among them (the agents serve the channel). */
  channelWaiting: number;
  channelPosition: number | null;
  /** When the channel's longest-waiting contact queued (epoch ms); null when none waits. */
  oldestWaitingSince: number | null;
}

/** Figures of the last minutes of a channel, summed from its minute buckets. */
export interface RecentFigures {
  seconds: number;
  answered: number;
  /** Sum of the waits of the answered contacts, ms. */
  waitMs: number;
  abandoned: number;
  /** Answered contacts resolved, and the sum of their handle times (ms). */
  handled: number;
  handleMs: number;
}

const RECENT_FIELDS = [F.answered, F.waitMs, F.abandoned, F.handled, F.handleMs] as const;

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new StoreUnavailableError(err);
  }
}

/** The contact's place in `queue` (the channel without one) and in the channel: one script call, O(log n) per queue. */
export async function readWaitPlace(store: Store, channel: string, queue: string | undefined, contactId: string | undefined): Promise<WaitPlace> {
  const { keys } = store;
  const [waiting, place, channelWaiting, channelPlace, oldest] = await call(() =>
    store.redis.waitPosition(keys.tenant, keys.prefix, channel, queue === undefined ? '0' : '1', queue ?? '', contactId ?? ''));
  return { waiting: waiting!, position: place || null, channelWaiting: channelWaiting!, channelPosition: channelPlace || null, oldestWaitingSince: oldest || null };
}

/** Sums the channel's minute buckets of the last `minutes` minutes (the current one included). */
export async function readRecentFigures(store: Store, channel: string, now: number, minutes: number): Promise<RecentFigures> {
  const last = minuteOf(now);
  const pipeline = store.redis.pipeline();
  for (let m = last - minutes + 1; m <= last; m++) pipeline.hmget(store.keys.minute(m), ...RECENT_FIELDS.map((f) => channelField(channel, f)));
  const res = await call(() => pipeline.exec());
  const sums = [0, 0, 0, 0, 0];
  for (const [err, values] of res ?? []) {
    if (err) throw new StoreUnavailableError(err);
    (values as (string | null)[]).forEach((v, i) => { sums[i]! += Number(v ?? 0); });
  }
  // The current minute is partial: the window is as long as the time it covers.
  const seconds = (minutes - 1) * 60 + (now % 60_000) / 1000;
  return { seconds, answered: sums[0]!, waitMs: sums[1]!, abandoned: sums[2]!, handled: sums[3]!, handleMs: sums[4]! };
}
