import type { Redis } from 'ioredis';
import type { Keys } from '../../server/store/keys';

/**
 * Every key of a tenant with its value, in one round trip per step, to compare before and after a request. The
 * keys of the work that runs on timers move with the clock, not with requests, and are left out (the alert
 * evaluator, the delivery worker, the minutes a channel spends closed or unstaffed, the history folder), as are
 * the health counters (receivers', connectors'), which count refused requests too.
 */
export async function tenantDump(redis: Redis, k: Keys): Promise<Record<string, unknown>> {
  const alerting = new Set([k.alerts, k.alertLog, k.leader, k.outbox, k.acks, k.silences, k.outboxRetry, k.deadLetters, k.historyLeader]);
  const counted = [k.receiverHealth(''), k.connectorHealth(''), k.connectorRefusals(''), k.channelMinutes(''), k.history(''), k.historyParts('')];
  const keys = (await redis.keys(`${k.prefix}*`)).filter((key) => !alerting.has(key) && !counted.some((p) => key.startsWith(p))).sort();
  const typing = redis.pipeline();
  for (const key of keys) typing.type(key);
  const types = (await typing.exec())!.map(([, t]) => t as string);
  const reading = redis.pipeline();
  keys.forEach((key, i) => {
    const t = types[i];
    if (t === 'hash') reading.hgetall(key);
    else if (t === 'zset') reading.zrange(key, 0, -1, 'WITHSCORES');
    else if (t === 'set') reading.smembers(key);
    else if (t === 'list') reading.lrange(key, 0, -1);
    else reading.get(key);
  });
  const values = (await reading.exec())!.map(([, v]) => (Array.isArray(v) ? [...v].sort() : v));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]]));
}
