import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { Alert } from '../../shared/alerts';
import type { AlertEvent } from '../../shared/socket';
import { AlertStore } from '../../server/store/alert-store';
import { tenantKeys } from '../../server/store/keys';
import { connect, uniqueTenant } from '../helpers/redis';

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

it('announces each event of a saved evaluation through the announce it was built with, after writing it', async () => {
  const keys = tenantKeys(uniqueTenant());
  const heard: { event: AlertEvent; stored: string | null }[] = [];
  const alerts = new AlertStore(redis, keys, {
    announce: (event) => { void redis.hget(keys.alerts, event.alert.id).then((stored) => heard.push({ event, stored })); },
  });
  const alert = { id: 'chat-queue:chat', state: 'firing', severity: 'critical' } as Alert;
  await alerts.saveEvaluation({ alerts: [alert], transitions: [], deliveries: [], clearAcks: [], events: [{ kind: 'fired', alert }], now: Date.now() });
  alerts.announce({ kind: 'acked', alert });
  await redis.ping();
  expect(heard.map((h) => h.event.kind)).toEqual(['fired', 'acked']);
  expect(JSON.parse(heard[0]!.stored!)).toEqual(alert);
});

it('the leader lock is held by one instance at a time, renewed by its holder, free after it resigns', async () => {
  const alerts = new AlertStore(redis, tenantKeys(uniqueTenant()));
  expect(await alerts.takeLeaderLock('a', 5_000)).toBe(true);
  expect(await alerts.takeLeaderLock('b', 5_000)).toBe(false);
  expect(await alerts.takeLeaderLock('a', 5_000)).toBe(true);
  await alerts.resign('a');
  expect(await alerts.takeLeaderLock('b', 5_000)).toBe(true);
});
