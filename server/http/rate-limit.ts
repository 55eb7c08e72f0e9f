import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RequestHandler } from 'express';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { bearer } from './auth';

/** Requests allowed, per second unless said otherwise. */
export interface RateLimits {
  /** Per ingest key and per client IP, on POST /api/v1/events. */
  ingestPerSecond: number;
  /** Per client IP and token, on every other API route. */
  apiPerSecond: number;
  /**
   * Failed authentications (HTTP 401s, socket handshakes with a wrong token) per client IP per minute, after which
   * that IP is refused for a minute, unless it shows a valid token.
   */
  authFailuresPerMinute: number;
  /** Socket.IO connections per client IP and token per minute (a connection flood is refused at the handshake). */
  socketConnectsPerMinute?: number;
  /** Per client address on `GET /api/v1/wait` (widgets poll every 10 s; customers behind one address share it). */
  waitPerSecond?: number;
  /** Length of the counting window of the per-second limits (default 1 s; longer for steadier tests). */
  windowSeconds?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { ingestPerSecond: 100, apiPerSecond: 50, authFailuresPerMinute: 20, socketConnectsPerMinute: 120, waitPerSecond: 20 };

/** Why a socket handshake is refused by the limits, or null when it may go on. */
export type SocketRefusal = 'too many connections' | 'too many failed authentications' | null;

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

/** A request refused by a limit: answered 429 with this Retry-After and error. */
export interface Refusal {
  retryAfterSeconds: number;
  error: string;
}

const refusalOf = (r: RateLimiterRes, what: string): Refusal =>
  ({ retryAfterSeconds: Math.max(1, Math.ceil(r.msBeforeNext / 1000)), error: `too many ${what}; retry after the time in Retry-After` });

function tooMany(res: Parameters<RequestHandler>[1], r: RateLimiterRes, what: string) {
  const { retryAfterSeconds, error } = refusalOf(r, what);
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(429).json({ error });
}

/**
 * How long an address found well under the failed-authentication limit (at most half of it used) is not looked
 * up again (ms). Failures are
 * counted in Redis, each one; only the check of an address is reused: a failure on this instance ends the reuse
 * at once, one on another instance is seen within this time. Requests without a credential (webhooks, signed by
 * their source) then cost no Redis read each.
 */
export const AUTH_FAILURE_CHECK_MS = 1_000;

/** Addresses kept as under the limit at most: past it, the oldest are looked up again. */
const CHECKED_ADDRESSES = 10_000;

/**
 * Rate limits kept in Redis (under the tenant's hash tag), so every instance counts together. When Redis
 * cannot answer, requests pass: the route's own use of Redis then answers 503.
 *
 * A request or handshake with a valid credential (`isCredential`) is never refused for what others did from its
 * address: it counts against limits of its own token. Without one, it counts as a failed authentication of its
 * address (HTTP on a 401, a socket at once), and an address over that limit is refused for a minute.
 */
export function createRateLimits(redis: Redis, prefix: string, limits: RateLimits, isCredential: (token: string | null) => boolean, clock: () => number = Date.now) {
  const make = (name: string, points: number, duration: number, blockDuration = 0) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}rl:${name}`, points, duration, blockDuration });
  const w = limits.windowSeconds ?? 1;
  const ingestKey = make('ingest-key', limits.ingestPerSecond * w, w);
  const ingestIp = make('ingest-ip', limits.ingestPerSecond * w, w);
  const api = make('api', limits.apiPerSecond * w, w);
  const authFailures = make('auth-fail', limits.authFailuresPerMinute, 60, 60);
  const wait = make('wait', (limits.waitPerSecond ?? DEFAULT_RATE_LIMITS.waitPerSecond!) * w, w);
  const socketConnects = make('socket', limits.socketConnectsPerMinute ?? DEFAULT_RATE_LIMITS.socketConnectsPerMinute!, 60);

  /** Addresses found under the failure limit, and until when (AUTH_FAILURE_CHECK_MS), oldest first. */
  const under = new Map<string, number>();
  /** The address's block, when it failed too often (null while Redis cannot answer). */
  const failedTooOften = async (ip: string): Promise<RateLimiterRes | null> => {
    const until = under.get(ip);
    if (until !== undefined && until > clock()) return null;
    if (redis.status !== 'ready') return null;
    try {
      const seen = await authFailures.get(ip);
      if (seen && seen.consumedPoints > limits.authFailuresPerMinute) return seen;
      under.delete(ip);
      // Near the limit every request reads it again.
      if ((seen?.consumedPoints ?? 0) * 2 > limits.authFailuresPerMinute) return null;
      if (under.size >= CHECKED_ADDRESSES) under.delete(under.keys().next().value!);
      under.set(ip, clock() + AUTH_FAILURE_CHECK_MS);
      return null;
    } catch {
      return null;
    }
  };
  const countFailure = (ip: string) => {
    under.delete(ip);
    return authFailures.consume(ip).then(() => undefined, () => undefined);
  };

  /** Runs `check` for requests with a valid credential (the ones without are the failure counter's). */
  const guard = (check: (req: Parameters<RequestHandler>[0], token: string) => Promise<unknown>, what: string): RequestHandler => async (req, res, next) => {
    // Redis not connected: pass at once, not after the command time-out (2 s, then the route's own 2 s).
    if (redis.status !== 'ready' || !res.locals.credential) return next();
    try {
      await check(req, res.locals.credential as string);
      next();
    } catch (r) {
      if (r instanceof RateLimiterRes) tooMany(res, r, what);
      else next(); // Redis unavailable: let the route answer
    }
  };

  return {
    /** Whether a socket handshake from this address with this token may go on (yes while Redis cannot answer). */
    async admitSocket(ip: string, token: string | null): Promise<SocketRefusal> {
      if (!isCredential(token)) {
        if (await failedTooOften(ip)) return 'too many failed authentications';
        await countFailure(ip);
        return null; // the handshake's own check refuses it, saying why
      }
      if (redis.status !== 'ready') return null;
      try {
        await socketConnects.consume(`${ip}|${hash(token!)}`);
        return null;
      } catch (r) {
        return r instanceof RateLimiterRes ? 'too many connections' : null;
      }
    },
    /**
     * Marks a request with a valid credential (`res.locals.credential`); refuses one without from an address that
     * failed too often, and counts each 401 it gets.
     */
    authFailures: (async (req, res, next) => {
      const token = bearer(req.headers.authorization);
      if (isCredential(token)) {
        res.locals.credential = token;
        return next();
      }
      const ip = req.ip ?? 'unknown';
      const blocked = await failedTooOften(ip);
      if (blocked) return tooMany(res, blocked, 'failed authentications from this address');
      res.on('finish', () => { if (res.statusCode === 401) void countFailure(ip); });
      next();
    }) as RequestHandler,
    ingest: guard((req, token) => Promise.all([ingestIp.consume(req.ip ?? 'unknown'), ingestKey.consume(hash(token))]), 'ingest requests'),
    api: guard((req, token) => api.consume(`${req.ip ?? 'unknown'}|${hash(token)}`), 'requests'),
    /** `GET /api/v1/wait`: per client address, whatever the key (a widget key is public); null: the request may go on. */
    async wait(ip: string): Promise<Refusal | null> {
      if (redis.status !== 'ready') return null;
      try {
        await wait.consume(ip);
        return null;
      } catch (r) {
        return r instanceof RateLimiterRes ? refusalOf(r, 'wait requests from this address') : null;
      }
    },
  };
}
