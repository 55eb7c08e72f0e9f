import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { CHANNEL_NAME, DEFAULT_CHANNELS } from '../../shared/channels';
import { MAX_QUEUES, MAX_REASONS } from '../../shared/cardinality';
import { SILENCE_AFTER_S } from '../../shared/feed';
import { HISTORY_DAYS } from '../../shared/history';
import { REPEAT_WINDOW_H } from '../../shared/metrics';
import { type ReceiverAllow, parseReceiverAllow } from '../../shared/receiver-url';
import { isValidTimeZone } from '../../shared/time';

/** A configuration problem: the server prints its one-line message and exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const token = (name: string) => z.string().trim().min(16, `${name} must be at least 16 characters`).optional();

/**
 * A whole-number setting from `min` to `max`: text that is not one (empty, `1e3`, `0x50`, `80.5`) and a number
 * out of range get the same message, naming the allowed range (`PORT must be a whole number from 0 to 65535`).
 * Digits only: `z.coerce` alone reads "" (an empty `PORT=`) as 0 and accepts "1e3" or "0x50".
 */
function wholeNumber(name: string, min: number, max: number, fallback: number, unit?: string) {
  const message = `${name} must be a whole number from ${min} to ${max}${unit ? ` (${unit})` : ''}`;
  return z.string().trim().regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message)).default(fallback);
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: wholeNumber('PORT', 0, 65_535, 8080),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://').optional(),
  REDIS_SENTINELS: z.string().optional(),
  REDIS_SENTINEL_NAME: z.string().trim().regex(/^\S{1,128}$/, 'REDIS_SENTINEL_NAME must be a master name without spaces (e.g. mymaster)').optional(),
  REDIS_SENTINEL_PASSWORD: z.string().min(1, 'REDIS_SENTINEL_PASSWORD must not be empty (unset it when the sentinels need none)').optional(),
  PEAKWATCH_INGEST_KEYS: z.string().optional(),
  PEAKWATCH_VIEWER_TOKEN: token('PEAKWATCH_VIEWER_TOKEN'),
  PEAKWATCH_LEAD_TOKEN: token('PEAKWATCH_LEAD_TOKEN'),
  PEAKWATCH_ADMIN_TOKEN: token('PEAKWATCH_ADMIN_TOKEN'),
  PEAKWATCH_LEAD_TOKENS: z.string().optional(),
  PEAKWATCH_TRUST_PROXY: z.string().optional(),
  PEAKWATCH_TZ: z.string().default('UTC'),
  PEAKWATCH_CHANNELS: z.string().optional(),
  PEAKWATCH_TENANT: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'PEAKWATCH_TENANT must be 1-64 letters, digits, "_", "." or "-"').default('default'),
  PEAKWATCH_DATA_DIR: z.string().default('./data'),
  PEAKWATCH_ALLOWED_ORIGINS: z.string().optional(),
  PEAKWATCH_RECEIVER_ALLOW: z.string().optional(),
  PEAKWATCH_WIDGET_KEYS: z.string().optional(),
  PEAKWATCH_WIDGET_ORIGINS: z.string().optional(),
  PEAKWATCH_RATE_WAIT: wholeNumber('PEAKWATCH_RATE_WAIT', 1, 100_000, 20, 'wait requests per second per client address'),
  PEAKWATCH_DEMO_NOTE: z.string().trim().max(80, 'PEAKWATCH_DEMO_NOTE must be at most 80 characters (it is one line in the wall\'s header)').optional(),
  PEAKWATCH_RATE_INGEST: wholeNumber('PEAKWATCH_RATE_INGEST', 1, 100_000, 100, 'requests per second per ingest key'),
  PEAKWATCH_RATE_API: wholeNumber('PEAKWATCH_RATE_API', 1, 100_000, 50, 'requests per second per client'),
  PEAKWATCH_RATE_SOCKETS: wholeNumber('PEAKWATCH_RATE_SOCKETS', 1, 100_000, 120, 'socket connections per client per minute'),
  PEAKWATCH_RATE_AUTH_FAILURES: wholeNumber('PEAKWATCH_RATE_AUTH_FAILURES', 1, 10_000, 20, 'per client per minute'),
  PEAKWATCH_DUPLICATE_WINDOW_S: wholeNumber('PEAKWATCH_DUPLICATE_WINDOW_S', 60, 8 * 86_400, 172_800, 'seconds: 1 minute to 8 days'),
  PEAKWATCH_HISTORY_DAYS: wholeNumber('PEAKWATCH_HISTORY_DAYS', HISTORY_DAYS.min, HISTORY_DAYS.max, HISTORY_DAYS.default, 'days of daily history kept'),
  PEAKWATCH_SILENCE_AFTER_S: wholeNumber('PEAKWATCH_SILENCE_AFTER_S', SILENCE_AFTER_S.min, SILENCE_AFTER_S.max, SILENCE_AFTER_S.default, 'seconds: 1 minute to 24 hours'),
  PEAKWATCH_MAX_QUEUES: wholeNumber('PEAKWATCH_MAX_QUEUES', MAX_QUEUES.min, MAX_QUEUES.max, MAX_QUEUES.default, 'queues per channel'),
  PEAKWATCH_MAX_REASONS: wholeNumber('PEAKWATCH_MAX_REASONS', MAX_REASONS.min, MAX_REASONS.max, MAX_REASONS.default, 'reasons'),
  PEAKWATCH_REPEAT_WINDOW_H: wholeNumber('PEAKWATCH_REPEAT_WINDOW_H', REPEAT_WINDOW_H.min, REPEAT_WINDOW_H.max, REPEAT_WINDOW_H.default, 'hours before a contact in which another of its customer makes it a repeat'),
  PEAKWATCH_PUBLIC_URL: z.string().trim().regex(/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/, 'PEAKWATCH_PUBLIC_URL must be the origin the sources call, like https://peakwatch.example.com (no query)')
    .transform((v) => v.replace(/\/+$/, '')).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Roles of the bearer tokens, lowest first: each may do what the ones before it may. */
export const ROLES = ['viewer', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A lead token with the name its acks, silences and notes record (PEAKWATCH_LEAD_TOKENS). */
export interface NamedToken {
  name: string;
  token: string;
}

/** Express's `trust proxy` setting: trust all or none, a hop count, or the proxies' addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

const LEAD_NAME = /^[a-z0-9._-]{1,32}$/;

/** `name:token,name:token`; throws ConfigError naming PEAKWATCH_LEAD_TOKENS and the entry at fault. */
function parseLeadTokens(value: string | undefined): NamedToken[] {
  const leads = list(value).map((entry, i) => {
    const at = entry.indexOf(':');
    const name = entry.slice(0, Math.max(0, at)).trim();
    const secret = entry.slice(at + 1).trim();
    if (at < 0 || !LEAD_NAME.test(name)) {
      throw new ConfigError(`PEAKWATCH_LEAD_TOKENS: entry ${i + 1} must be name:token with a name of 1-32 characters a-z, 0-9, ".", "_" or "-"`);
    }
    if (name === 'lead' || name === 'admin') throw new ConfigError(`PEAKWATCH_LEAD_TOKENS: "${name}" is what unnamed tokens record: choose a person's name`);
    if (secret.length < 16) throw new ConfigError(`PEAKWATCH_LEAD_TOKENS: the token of "${name}" must be at least 16 characters`);
    return { name, token: secret };
  });
  const names = leads.map((l) => l.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new ConfigError(`PEAKWATCH_LEAD_TOKENS: "${twice}" is listed twice`);
  if (new Set(leads.map((l) => l.token)).size !== leads.length) throw new ConfigError('PEAKWATCH_LEAD_TOKENS: two names share one token');
  return leads;
}

/** As Express reads `trust proxy`: true/false, a hop count, or comma-separated addresses, CIDRs or loopback/linklocal/uniquelocal. */
function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = list(v);
  try {
    proxyaddr.compile(entries);
  } catch (err) {
    throw new ConfigError(`PEAKWATCH_TRUST_PROXY: ${(err as Error).message} (use true, false, a hop count, or addresses/CIDRs such as 10.0.0.0/8,loopback)`);
  }
  return entries;
}

export interface RedisSentinelConfig {
  sentinels: { host: string; port: number }[];
  /** The master's name as the sentinels know it (`sentinel monitor <name> …`). */
  name: string;
  password: string | undefined;
}

/** `host:port,host:port` (an IPv6 host in brackets: `[::1]:26379`); throws ConfigError naming REDIS_SENTINELS. */
function parseSentinels(value: string): RedisSentinelConfig['sentinels'] {
  const entries = list(value);
  if (entries.length === 0) throw new ConfigError('REDIS_SENTINELS must list sentinels as host:port, comma-separated (e.g. 10.0.0.1:26379,10.0.0.2:26379)');
  return entries.map((entry) => {
    const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:\[\]\/@]+)):(\d{1,5})$/.exec(entry);
    const port = Number(m?.[3]);
    if (!m || port < 1 || port > 65535) throw new ConfigError(`REDIS_SENTINELS: "${entry}" is not host:port (e.g. 10.0.0.1:26379)`);
    return { host: (m[1] ?? m[2])!, port };
  });
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset (and no sentinels): start an embedded redis-server. */
  redisUrl: string | undefined;
  /** Redis Sentinel (REDIS_SENTINELS): the master is found through these; null without. */
  redisSentinel: RedisSentinelConfig | null;
  /** Empty in development until generated at boot. */
  ingestKeys: string[];
  tokens: Partial<Record<Role, string>>;
  /** Named lead tokens; empty without PEAKWATCH_LEAD_TOKENS. */
  leadTokens: NamedToken[];
  /** Which proxies' X-Forwarded-For to believe, for the client's address the rate limits count by. */
  trustProxy: TrustProxy;
  timeZone: string;
  channels: string[];
  tenant: string;
  dataDir: string;
  logLevel: string;
  /** Browser origins allowed besides the server's own (Socket.IO and CORS). */
  allowedOrigins: string[];
  rateLimits: { ingestPerSecond: number; apiPerSecond: number; authFailuresPerMinute: number; socketConnectsPerMinute: number; waitPerSecond: number };
  /** Keys of the customer widget (`GET /api/v1/wait` only); empty in development until generated at boot. */
  widgetKeys: string[];
  /** Origins of the shop pages whose widget may call `GET /api/v1/wait` (CORS). */
  widgetOrigins: string[];
  /** How long an event id is recognised as a duplicate, and a closed contact kept in Redis (ms). */
  duplicateWindowMs: number;
  /** Internal hosts and address ranges receivers may point at (an Alertmanager on the private network). */
  receiverAllow: ReceiverAllow;
  /** A line every view shows while the data is simulated (PEAKWATCH_DEMO_NOTE); null for real data. */
  demoNote: string | null;
  /** Seconds without an applied event after which the wall reads NO EVENTS, and the default silence rule fires. */
  silenceAfterSeconds: number;
  /** Days of daily history kept (PEAKWATCH_HISTORY_DAYS). */
  historyDays: number;
  /** Distinct queues per channel and reasons per tenant kept within the bucket retention; more fold into `(other)`. */
  maxNames: { queues: number; reasons: number };
  /** A contact is a repeat when its customer had another contact queued at most this long before (ms). */
  repeatWindowMs: number;
  /** The URL the contact systems call this server by (PEAKWATCH_PUBLIC_URL; Twilio signs it); null: not configured. */
  publicUrl: string | null;
}

/**
 * Reads and validates the environment once, at boot. Throws ConfigError whose message is one line that
 * names the variable to fix.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? '');
    throw new ConfigError(issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL !== undefined && e.REDIS_SENTINELS !== undefined) throw new ConfigError('REDIS_URL and REDIS_SENTINELS are both set: use one (REDIS_SENTINELS finds the master through Redis Sentinel)');
  if (e.REDIS_SENTINELS === undefined && (e.REDIS_SENTINEL_NAME !== undefined || e.REDIS_SENTINEL_PASSWORD !== undefined)) {
    throw new ConfigError(`${e.REDIS_SENTINEL_NAME !== undefined ? 'REDIS_SENTINEL_NAME' : 'REDIS_SENTINEL_PASSWORD'} is set without REDIS_SENTINELS`);
  }
  const redisSentinel = e.REDIS_SENTINELS === undefined ? null
    : { sentinels: parseSentinels(e.REDIS_SENTINELS), name: e.REDIS_SENTINEL_NAME ?? 'mymaster', password: e.REDIS_SENTINEL_PASSWORD };
  if (!isValidTimeZone(e.PEAKWATCH_TZ)) throw new ConfigError(`PEAKWATCH_TZ "${e.PEAKWATCH_TZ}" is not an IANA time zone (e.g. Europe/Berlin)`);
  const channels = e.PEAKWATCH_CHANNELS ? list(e.PEAKWATCH_CHANNELS) : [...DEFAULT_CHANNELS];
  const bad = channels.find((c) => !CHANNEL_NAME.test(c));
  if (bad !== undefined || channels.length === 0) {
    throw new ConfigError(`PEAKWATCH_CHANNELS: "${bad ?? ''}" is not a channel name (lower-case letters, digits, "-"; comma-separated)`);
  }
  const allowedOrigins = list(e.PEAKWATCH_ALLOWED_ORIGINS);
  const badOrigin = allowedOrigins.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (badOrigin !== undefined) throw new ConfigError(`PEAKWATCH_ALLOWED_ORIGINS: "${badOrigin}" is not an origin like https://wall.example.com`);
  const widgetOrigins = list(e.PEAKWATCH_WIDGET_ORIGINS);
  const badWidgetOrigin = widgetOrigins.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (badWidgetOrigin !== undefined) throw new ConfigError(`PEAKWATCH_WIDGET_ORIGINS: "${badWidgetOrigin}" is not an origin like https://shop.example.com`);
  const widgetKeys = list(e.PEAKWATCH_WIDGET_KEYS);
  if (widgetKeys.some((k) => k.length < 16)) throw new ConfigError('PEAKWATCH_WIDGET_KEYS: every key must be at least 16 characters');
  if (new Set(channels).size !== channels.length) throw new ConfigError('PEAKWATCH_CHANNELS: a channel is listed twice');
  let receiverAllow: ReceiverAllow;
  try {
    receiverAllow = parseReceiverAllow(e.PEAKWATCH_RECEIVER_ALLOW ?? '');
  } catch (err) {
    throw new ConfigError(`PEAKWATCH_RECEIVER_ALLOW: ${(err as Error).message}`);
  }
  const ingestKeys = list(e.PEAKWATCH_INGEST_KEYS);
  const shortKey = ingestKeys.find((k) => k.length < 16);
  if (shortKey !== undefined) throw new ConfigError('PEAKWATCH_INGEST_KEYS: every key must be at least 16 characters');
  const tokens: Config['tokens'] = { viewer: e.PEAKWATCH_VIEWER_TOKEN, lead: e.PEAKWATCH_LEAD_TOKEN, admin: e.PEAKWATCH_ADMIN_TOKEN };
  const leadTokens = parseLeadTokens(e.PEAKWATCH_LEAD_TOKENS);
  const shared = leadTokens.find((l) => Object.values(tokens).includes(l.token));
  if (shared) throw new ConfigError(`PEAKWATCH_LEAD_TOKENS: the token of "${shared.name}" is also a PEAKWATCH_*_TOKEN: give each its own`);
  const trustProxy = parseTrustProxy(e.PEAKWATCH_TRUST_PROXY);
  if (e.NODE_ENV === 'production') {
    const missing = [
      ...(ingestKeys.length ? [] : ['PEAKWATCH_INGEST_KEYS']),
      ...(['viewer', 'lead', 'admin'] as const).filter((r) => !tokens[r] && !(r === 'lead' && leadTokens.length))
        .map((r) => (r === 'lead' ? 'PEAKWATCH_LEAD_TOKEN (or PEAKWATCH_LEAD_TOKENS)' : `PEAKWATCH_${r.toUpperCase()}_TOKEN`)),
    ];
    if (missing.length) throw new ConfigError(`NODE_ENV=production requires ${missing.join(', ')}`);
  }
  return {
    env: e.NODE_ENV, port: e.PORT, host: e.HOST, redisUrl: e.REDIS_URL, redisSentinel, ingestKeys, tokens, leadTokens, trustProxy,
    timeZone: e.PEAKWATCH_TZ, channels, tenant: e.PEAKWATCH_TENANT, dataDir: e.PEAKWATCH_DATA_DIR, logLevel: e.LOG_LEVEL, allowedOrigins,
    duplicateWindowMs: e.PEAKWATCH_DUPLICATE_WINDOW_S * 1000, receiverAllow, demoNote: e.PEAKWATCH_DEMO_NOTE || null,
    silenceAfterSeconds: e.PEAKWATCH_SILENCE_AFTER_S, historyDays: e.PEAKWATCH_HISTORY_DAYS, widgetKeys, widgetOrigins,
    publicUrl: e.PEAKWATCH_PUBLIC_URL ?? null, repeatWindowMs: e.PEAKWATCH_REPEAT_WINDOW_H * 3_600_000,
    maxNames: { queues: e.PEAKWATCH_MAX_QUEUES, reasons: e.PEAKWATCH_MAX_REASONS },
    rateLimits: {
      ingestPerSecond: e.PEAKWATCH_RATE_INGEST, apiPerSecond: e.PEAKWATCH_RATE_API, authFailuresPerMinute: e.PEAKWATCH_RATE_AUTH_FAILURES,
      socketConnectsPerMinute: e.PEAKWATCH_RATE_SOCKETS, waitPerSecond: e.PEAKWATCH_RATE_WAIT,
    },
  };
}
