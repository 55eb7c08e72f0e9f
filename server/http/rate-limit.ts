import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RequestHandler } from 'express';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { bearer } from './auth';

/** Requests allowed, per second unless said otherwise. */
export interface RateLimits {
  /** Per ingest key and per client IP, on POST /api/v1/events. */
  ingestPerSecond: number;
  /** Per client IP, on every other API route. */
  apiPerSecond: number;
  /** Failed authentications per client IP per minute, after which that IP is refused for a minute. */
  authFailuresPerMinute: number;
  /** Socket.IO connections per client IP per minute (a connection flood is refused at the handshake). */
  socketConnectsPerMinute?: number;
  /** Length of the counting window of the per-second limits (default 1 s; longer for steadier tests). */
  windowSeconds?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { ingestPerSecond: 100, apiPerSecond: 50, authFailuresPerMinute: 20, socketConnectsPerMinute: 120 };

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

function tooMany(res: Parameters<RequestHandler>[1], r: RateLimiterRes, what: string) {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(r.msBeforeNext / 1000))));
  res.status(429).json({ error: `too many ${what}; retry after the time in Retry-After` });
}

/**
 * Rate limits kept in Redis (under the tenant's hash tag), so every instance counts together. When Redis
 * cannot answer, requests pass: the route's own use of Redis then answers 503.
 */
export function createRateLimits(redis: Redis, prefix: string, limits: RateLimits) {
  const make = (name: string, points: number, duration: number, blockDuration = 0) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}rl:${name}`, points, duration, blockDuration });
  const w = limits.windowSeconds ?? 1;
  const ingestKey = make('ingest-key', limits.ingestPerSecond * w, w);
  const ingestIp = make('ingest-ip', limits.ingestPerSecond * w, w);
  const api = make('api', limits.apiPerSecond * w, w);
  const authFailures = make('auth-fail', limits.authFailuresPerMinute, 60, 60);
  const socketConnects = make('socket', limits.socketConnectsPerMinute ?? DEFAULT_RATE_LIMITS.socketConnectsPerMinute!, 60);

  const guard = (check: (req: Parameters<RequestHandler>[0]) => Promise<unknown>, what: string): RequestHandler => async (req, res, next) => {
    // Redis not connected: pass at once, not after the command time-out (2 s, then the route's own 2 s).
    if (redis.status !== 'ready') return next();
    try {
      await check(req);
      next();
    } catch (r) {
      if (r instanceof RateLimiterRes) tooMany(res, r, what);
      else next(); // Redis unavailable: let the route answer
    }
  };

  return {
    /** Whether a socket from this address may connect now (true while Redis cannot answer). */
    async admitSocket(ip: string): Promise<boolean> {
      if (redis.status !== 'ready') return true;
      try {
        await socketConnects.consume(ip);
        return true;
      } catch (r) {
        return !(r instanceof RateLimiterRes);
      }
    },
    /** Refuses an IP that failed to authenticate too often, and counts each 401 it gets. */
    authFailures: (async (req, res, next) => {
      const ip = req.ip ?? 'unknown';
      if (redis.status !== 'ready') return next(); // as in `guard`
      try {
        const seen = await authFailures.get(ip);
        if (seen && seen.consumedPoints > limits.authFailuresPerMinute) return tooMany(res, seen, 'failed authentications from this address');
      } catch { /* Redis unavailable: pass */ }
      res.on('finish', () => { if (res.statusCode === 401) authFailures.consume(ip).catch(() => undefined); });
      next();
    }) as RequestHandler,
    ingest: guard(async (req) => {
      const token = bearer(req.headers.authorization);
      await Promise.all([ingestIp.consume(req.ip ?? 'unknown'), ...(token ? [ingestKey.consume(hash(token))] : [])]);
    }, 'ingest requests'),
    api: guard((req) => api.consume(req.ip ?? 'unknown'), 'requests'),
  };
}
