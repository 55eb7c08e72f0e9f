import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { checkEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import { BUCKET_FIELDS as F, channelField } from '../../server/store/bucket-fields';
import { hourOf } from '../../server/store/keys';
import { connect, testStore } from '../helpers/redis';

/**
 * The in-target and short-abandon rules live in contact-1.lua (wait ≤ T, wait ≤ S, no short abandon without S);
 * these check them at their boundaries, to the millisecond, against the counters it writes.
 */
const NOW = Date.parse('2026-11-27T12:30:00Z');
const Q = Date.parse('2026-11-27T12:00:00Z');
let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

let seq = 0;
async function counters(contacts: { channel: string; leaves: 'answered' | 'abandoned'; waitMs: number }[], edit?: (t: ReturnType<typeof defaultTargets>) => void) {
  const store = testStore(redis, () => NOW);
  const targets = defaultTargets([...DEFAULT_CHANNELS]);
  edit?.(targets);
  await store.setTargets(targets);
  const events = contacts.flatMap((c, i) => [
    { id: `q${++seq}`, type: 'contact.queued', at: Q, channel: c.channel, contactId: `c${i}` },
    { id: `l${++seq}`, type: `contact.${c.leaves}`, at: Q + c.waitMs, channel: c.channel, contactId: `c${i}` },
  ]).map((raw) => {
    const c = checkEvent(raw, { channels: new Set(DEFAULT_CHANNELS), now: NOW });
    if (!c.ok) throw new Error(c.error);
    return c.event;
  });
  await store.applyEvents(events);
  const hour = await redis.hgetall(store.keys.hour(hourOf(Q)));
  return (channel: string, field: (typeof F)[keyof typeof F]) => Number(hour[channelField(channel, field)] ?? 0);
}

it('an answer with a wait of exactly T is in target; one millisecond more is not (chat T = 120 s, voice T = 20 s)', async () => {
  const get = await counters([
    { channel: 'chat', leaves: 'answered', waitMs: 120_000 }, { channel: 'chat', leaves: 'answered', waitMs: 120_001 },
    { channel: 'chat', leaves: 'answered', waitMs: 0 },
    { channel: 'voice', leaves: 'answered', waitMs: 20_000 }, { channel: 'voice', leaves: 'answered', waitMs: 20_001 },
  ]);
  expect([get('chat', F.answered), get('chat', F.answeredInTarget)]).toEqual([3, 2]);
  expect([get('voice', F.answered), get('voice', F.answeredInTarget)]).toEqual([2, 1]);
});

it('an abandon with a wait of exactly S is short; one millisecond more is not (chat S = 5 s)', async () => {
  const get = await counters([
    { channel: 'chat', leaves: 'abandoned', waitMs: 5_000 }, { channel: 'chat', leaves: 'abandoned', waitMs: 5_001 },
    { channel: 'chat', leaves: 'abandoned', waitMs: 0 },
  ]);
  expect([get('chat', F.abandoned), get('chat', F.shortAbandoned)]).toEqual([3, 2]);
});

it('without S (email) no abandon is short, not even an instant one; with S = 0 only a zero wait is', async () => {
  const get = await counters([
    { channel: 'email', leaves: 'abandoned', waitMs: 0 }, { channel: 'email', leaves: 'abandoned', waitMs: 1 },
    { channel: 'messaging', leaves: 'abandoned', waitMs: 0 }, { channel: 'messaging', leaves: 'abandoned', waitMs: 1 },
  ], (t) => { t.channels.messaging!.shortAbandonSeconds = 0; });
  expect([get('email', F.abandoned), get('email', F.shortAbandoned)]).toEqual([2, 0]);
  expect([get('messaging', F.abandoned), get('messaging', F.shortAbandoned)]).toEqual([2, 1]);
});
