import type { Redis } from 'ioredis';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { checkEvent, type PeakEvent } from '../../shared/events';
import type { Snapshot } from '../../shared/snapshot';
import { defaultTargets } from '../../shared/targets';
import { computeSnapshot } from '../../server/metrics/snapshot';
import type { Store } from '../../server/store/store';
import { testStore } from './redis';

export const CHANNELS = [...DEFAULT_CHANNELS];
const TARGETS = defaultTargets(CHANNELS);

/** Raw events validated as the API would, at `now`. */
export function parsed(raws: readonly Record<string, unknown>[], now: number): PeakEvent[] {
  return raws.map((r) => {
    const c = checkEvent(r, { channels: new Set(CHANNELS), now });
    if (!c.ok) throw new Error(`${JSON.stringify(r)}: ${c.error}`);
    return c.event;
  });
}

/** A store on a fresh tenant with the default targets. */
export async function freshStore(redis: Redis, now: number): Promise<Store> {
  const store = testStore(redis, () => now);
  await store.setTargets(TARGETS);
  return store;
}

/**
 * The snapshot with per-queue figures, without when events were last received and how many names the registries
 * hold: a retraction withdraws what an event did to the figures, not the fact that the feed delivered it (its
 * queue and reason names stay registered for the retention, as names of any delivered event do).
 */
export async function figures(store: Store, now: number): Promise<Omit<Snapshot, 'lastEventAt'>> {
  const s = await computeSnapshot({ store, channels: CHANNELS, timeZone: 'Europe/Berlin', clock: () => now, targets: async () => TARGETS }, { queues: true });
  const { lastEventAt: _, ...rest } = s;
  for (const ch of Object.values(rest.channels)) ch.lastEventAt = null;
  if (rest.cardinality) {
    for (const fold of [...Object.values(rest.cardinality.queues), rest.cardinality.reasons]) fold.names = 0;
  }
  return rest;
}

/** The figures of a fresh tenant fed only `events`. */
export async function figuresOf(redis: Redis, events: readonly PeakEvent[], now: number) {
  const store = await freshStore(redis, now);
  if (events.length) await store.applyEvents(events);
  return figures(store, now);
}
