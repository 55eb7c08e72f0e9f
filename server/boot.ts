import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, Role } from './config/config';
import type { Credentials } from './http/auth';
import { tenantKeys } from './store/keys';
import { type EmbeddedRedis, startEmbeddedRedis } from './store/embedded';
import { Store } from './store/store';
import { defaultTargets } from '../shared/targets';

export interface Backend {
  redis: Redis;
  store: Store;
  creds: Credentials;
  embedded: EmbeddedRedis | null;
  /** Tokens that were generated (development): printed once at start. */
  generated: Partial<Record<Role | 'ingest' | 'widget', string>>;
}

/** Longest a Redis command may take before the request that needs it is answered 503 (retry). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

const newToken = () => randomBytes(18).toString('base64url');

/**
 * Connects to Redis (REDIS_URL, or the master Redis Sentinel names; the embedded one when neither is set), stores default targets on first
 * start, and settles the credentials: configured ones, or in development generated once and kept in Redis
 * so every instance and every restart agree.
 */
export async function connectBackend(config: Config, log: Logger): Promise<Backend> {
  const sentinel = config.redisSentinel;
  const embedded = config.redisUrl || sentinel ? null : await startEmbeddedRedis({ dataDir: config.dataDir });
  if (embedded) log.info({ url: embedded.url, dataDir: config.dataDir }, 'embedded redis-server started');
  const options: RedisOptions = {
    maxRetriesPerRequest: 2, enableOfflineQueue: true, connectionName: 'peakwatch',
    // While Redis is down a command waits in the offline queue until the third failed reconnect, and the
    // reconnect back-off grows to 2 s: requests would hang ever longer (6 s after a few seconds down, more
    // when connecting itself times out). Past this, the command fails and the request gets a 503 at once.
    // Copied by `duplicate()`: the subscriber's and the outbox reader's commands (XREADGROUP blocks 200 ms) too.
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  };
  const url = config.redisUrl ?? embedded?.url;
  const where = sentinel
    ? `master "${sentinel.name}" through Redis Sentinel ${sentinel.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`
    : `Redis at ${url!.replace(/\/\/[^@]*@/, '//***@')}`;
  const redis = sentinel
    ? new Redis({
      ...options,
      // ioredis asks the sentinels for the master's address at every (re)connect; `duplicate()` copies all this.
      sentinels: sentinel.sentinels, name: sentinel.name, sentinelPassword: sentinel.password,
      // After a failover the old master keeps accepting writes until Sentinel turns it into a replica (seconds
      // later), and what it accepts then is lost: on Sentinel's +switch-master, drop the connection at once
      // and reconnect to the new master.
      failoverDetector: true,
      // A write that reached a master turned replica was refused (not applied): reconnect, through Sentinel,
      // to the new master. The command itself fails (503, the client retries it).
      reconnectOnError: (err) => err.message.startsWith('READONLY'),
    })
    : new Redis(url!, options);
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  try {
    await redis.ping();
  } catch (err) {
    await embedded?.stop();
    redis.disconnect();
    throw new Error(`cannot reach ${where}: ${(err as Error).message}`);
  }
  const store = new Store(redis, tenantKeys(config.tenant), Date.now, {
    duplicateWindowMs: config.duplicateWindowMs, maxQueues: config.maxNames.queues, maxReasons: config.maxNames.reasons,
    repeatWindowMs: config.repeatWindowMs,
  });
  await store.customers.get(); // the customer-id secret: read (or created, once) at start
  if (!(await store.getTargets())) await store.setTargets(defaultTargets(config.channels));
  else await store.setTargets((await store.getTargets())!); // thresholds hash follows the stored targets

  const generated: Backend['generated'] = {};
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of ['viewer', 'lead', 'admin'] as const) {
    // Named lead tokens alone are enough: no unnamed lead token is made up beside them.
    if (role === 'lead' && !config.tokens.lead && config.leadTokens.length) continue;
    tokens[role] = config.tokens[role] ?? (generated[role] = await store.devToken(role, newToken));
  }
  const ingestKeys = config.ingestKeys.length ? config.ingestKeys : [(generated.ingest = await store.devToken('ingest', newToken))];
  // In production without PEAKWATCH_WIDGET_KEYS no widget key exists: the wait route is closed.
  const widgetKeys = config.widgetKeys.length || config.env === 'production' ? config.widgetKeys : [(generated.widget = await store.devToken('widget', newToken))];
  return { redis, store, creds: { tokens, namedLeads: config.leadTokens, ingestKeys, widgetKeys }, embedded, generated };
}
