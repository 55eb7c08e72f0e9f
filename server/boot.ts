import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
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
  generated: Partial<Record<Role | 'ingest', string>>;
}

/** Longest a Redis command may take before the request that needs it is answered 503 (retry). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

const newToken = () => randomBytes(18).toString('base64url');

/**
 * Connects to Redis (starting the embedded one when no REDIS_URL is set), stores default targets on first
 * start, and settles the credentials: configured ones, or in development generated once and kept in Redis
 * so every instance and every restart agree.
 */
export async function connectBackend(config: Config, log: Logger): Promise<Backend> {
  const embedded = config.redisUrl ? null : await startEmbeddedRedis({ dataDir: config.dataDir });
  if (embedded) log.info({ url: embedded.url, dataDir: config.dataDir }, 'embedded redis-server started');
  const url = config.redisUrl ?? embedded!.url;
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2, enableOfflineQueue: true, connectionName: 'peakwatch',
    // While Redis is down a command waits in the offline queue until the third failed reconnect, and the
    // reconnect back-off grows to 2 s: requests would hang ever longer (6 s after a few seconds down, more
    // when connecting itself times out). Past this, the command fails and the request gets a 503 at once.
    // Copied by `duplicate()`: the subscriber's and the outbox reader's commands (XREADGROUP blocks 200 ms) too.
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  try {
    await redis.ping();
  } catch (err) {
    await embedded?.stop();
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(err as Error).message}`);
  }
  const store = new Store(redis, tenantKeys(config.tenant));
  if (!(await store.getTargets())) await store.setTargets(defaultTargets(config.channels));
  else await store.setTargets((await store.getTargets())!); // thresholds hash follows the stored targets

  const generated: Backend['generated'] = {};
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'lead', 'admin'] as const) {
    tokens[role] = config.tokens[role] ?? (generated[role] = await store.devToken(role, newToken));
  }
  const ingestKeys = config.ingestKeys.length ? config.ingestKeys : [(generated.ingest = await store.devToken('ingest', newToken))];
  return { redis, store, creds: { tokens, ingestKeys }, embedded, generated };
}
