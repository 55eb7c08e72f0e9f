import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Keys } from '../store/keys';

/** How long a dropped socket's rooms and missed broadcasts are kept for it to recover (on any instance). */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

/**
 * Socket.IO's Redis streams adapter on the tenant's keys (its stream, pub/sub channels and recovery sessions
 * under the tenant's prefix and `{tenant}` hash tag, like every other key). It carries broadcasts between instances:
 * an alert event emitted on one instance reaches every instance's sockets, and a socket that drops for up to
 * RECOVERY_WINDOW_MS gets the broadcasts it missed when it comes back, to whichever instance.
 *
 * Snapshot updates do not travel through it: every instance computes them from Redis and emits them to its
 * own sockets (`io.local`), so an update is not sent once per instance.
 */
export function redisStreamsAdapter(redis: Redis, keys: Keys, log: Logger) {
  return createAdapter(guarded(redis, log), {
    streamName: keys.socketStream,
    channelPrefix: keys.socketStream,
    sessionKeyPrefix: keys.socketSession,
    // Alert events only (snapshots and updates stay local): far more than two minutes of them.
    maxLen: 1_000,
    // Below the connection's command timeout (boot.ts), so a blocking read is not cut off as a timeout.
    blockTimeInMs: 1_000,
    onlyPlaintext: true,
  });
}

/** Commands the adapter sends without handling a failure (fire and forget): a rejection would crash the process. */
const UNHANDLED = new Set(['set', 'publish', 'subscribe']);

/**
 * The adapter's view of a Redis connection: the same connection, whose fire-and-forget commands have their
 * failure logged instead of left unhandled (while Redis is down a dropped socket's session cannot be saved;
 * it then starts afresh with a whole snapshot, as without recovery). Its duplicates (the blocking stream
 * reader, the subscriber) get an error listener and the same guard.
 */
export function guarded(client: Redis, log: Logger): Redis {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'duplicate') {
        return () => {
          const copy = target.duplicate();
          copy.on('error', (err: Error) => log.debug({ err: err.message }, 'socket.io adapter: redis connection error'));
          return guarded(copy, log);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop === 'string' && UNHANDLED.has(prop)) {
        return (...args: unknown[]) => {
          const result = fn.apply(target, args);
          if (result instanceof Promise) result.catch((err: unknown) => log.warn({ err: (err as Error).message, command: prop }, 'socket.io adapter: redis command failed'));
          return result;
        };
      }
      return fn.bind(target);
    },
  });
}
