import type { Redis } from 'ioredis';
import type { PeakEvent } from '../../shared/events';
import { BUCKET_FIELDS } from '../../server/store/bucket-fields';
import { minuteOf, tenantKeys } from '../../server/store/keys';
import { Store } from '../../server/store/store';
import { uniqueTenant } from './redis';

const COUNTERS = [BUCKET_FIELDS.repeats, BUCKET_FIELDS.customerArrivals] as const;

/** A store on a fresh tenant with the given repeat window. */
export const repeatStore = (redis: Redis, now: number, repeatWindowMs: number) =>
  new Store(redis, tenantKeys(uniqueTenant('rp')), () => now, { repeatWindowMs });

/**
 * The repeat counters in the tenant's minute buckets, channel and queue level: "<minute>|<ch>|[<queue>|]<field>" →
 * count, zeros left out.
 */
export async function repeatCounters(redis: Redis, store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const kind of ['m', 'mq']) {
    const keys = await redis.keys(`${store.keys.prefix}${kind}:*`);
    for (const key of keys) {
      const minute = key.slice(key.lastIndexOf(':') + 1);
      for (const [field, v] of Object.entries(await redis.hgetall(key))) {
        if (COUNTERS.some((c) => field.endsWith(`|${c}`)) && Number(v) !== 0) out[`${minute}|${field}`] = Number(v);
      }
    }
  }
  return out;
}

/**
 * The reference model: the repeat counters `events` must give with window `windowMs`. A contact's queued time is
 * the earliest of its contact.queued events, its channel and queue the smallest its events carry, its customer
 * the one its contact.queued events carry (one per contact here). A contact is a repeat when the one before it
 * (by queued time, then contact id) of the same customer was queued at most `windowMs` before.
 */
export function referenceCounters(events: readonly PeakEvent[], windowMs: number): Record<string, number> {
  type C = { q?: number; ch?: string; qu?: string; cu?: string };
  const contacts = new Map<string, C>();
  const min = <T extends string | number>(a: T | undefined, b: T | undefined) => (a === undefined ? b : b === undefined || a <= b ? a : b);
  for (const e of events) {
    if (!e.type.startsWith('contact.') || !('contactId' in e) || e.contactId === undefined) continue;
    const c = contacts.get(e.contactId) ?? {};
    c.ch = min(c.ch, e.channel);
    c.qu = min(c.qu, 'queue' in e ? e.queue : undefined);
    if (e.type === 'contact.queued') {
      c.q = min(c.q, e.at);
      c.cu = min(c.cu, e.customerId);
    }
    contacts.set(e.contactId, c);
  }
  const withCustomer = [...contacts].filter(([, c]) => c.q !== undefined && c.cu !== undefined)
    .sort(([a, x], [b, y]) => x.q! - y.q! || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, number> = {};
  const add = (k: string) => { out[k] = (out[k] ?? 0) + 1; };
  const last = new Map<string, number>();
  for (const [, c] of withCustomer) {
    const before = last.get(c.cu!);
    last.set(c.cu!, c.q!);
    const m = minuteOf(c.q!);
    const places = [`${m}|${c.ch}|`, ...(c.qu ? [`${m}|${c.ch}|${c.qu}|`] : [])];
    for (const p of places) {
      add(p + BUCKET_FIELDS.customerArrivals);
      if (before !== undefined && c.q! - before <= windowMs) add(p + BUCKET_FIELDS.repeats);
    }
  }
  return out;
}
