import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { getHistory, historyServers } from '../helpers/history';
import { ev } from '../helpers/events';
import { connect } from '../helpers/redis';

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());
const servers = historyServers(() => redis);
afterEach(() => servers.closeAll());

it('the daily history keeps the repeat counts, so a period\'s repeat rate is its summed repeats over its summed customer arrivals', async () => {
  const s = await servers.start('2026-11-27T10:00:00+01:00', 'Europe/Berlin');
  const withCustomer = (e: Record<string, unknown>, customerId: string) => ({ ...e, customerId });
  expect((await s.post([
    withCustomer(ev.queued('h1', '2026-11-27T08:00:00+01:00'), 'ann'),
    withCustomer(ev.queued('h2', '2026-11-27T09:00:00+01:00'), 'ann'), // a repeat
    withCustomer(ev.queued('h3', '2026-11-27T09:10:00+01:00'), 'bob'),
    ev.queued('h4', '2026-11-27T09:20:00+01:00'), // no customer
  ])).body.accepted).toBe(4);
  s.clock.set(Date.parse('2026-11-28T00:30:00+01:00'));
  expect(await s.application.folder.foldDue()).toEqual(['2026-11-27']);
  const day = (await getHistory(s, 'from=2026-11-27&to=2026-11-27')).periods[0]!;
  expect(day.channels.chat).toMatchObject({ arrivals: 4, repeatRate: 1 / 3 });
});
