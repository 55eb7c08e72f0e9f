import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Redis } from 'ioredis';
import type { HttpApp } from '../../server/app';
import { startApplication, type Application, type ApplicationDeps } from '../../server/application';

type ApplicationDepsAlerting = ApplicationDeps['alerting'];
type RateLimits = import('../../server/http/rate-limit').RateLimits;
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { parseReceiverAllow } from '../../shared/receiver-url';
import { LOCAL_RECEIVERS } from './receiver';
import type { Snapshot } from '../../shared/snapshot';
import { defaultTargets } from '../../shared/targets';
import { tenantKeys } from '../../server/store/keys';
import { Store } from '../../server/store/store';
import { uniqueTenant } from './redis';

/** A clock the test moves by hand; `running`, it also runs at real speed from where it was set. */
class TestClock {
  private setAt = Date.now();
  constructor(public ms: number, private readonly running = false) {}
  now = () => (this.running ? this.ms + (Date.now() - this.setAt) : this.ms);
  set(ms: number) { this.ms = ms; this.setAt = Date.now(); }
  advance(ms: number) { this.ms += ms; }
}

export const TOKENS = { viewer: 'viewer-token-0123456789', lead: 'lead-token-0123456789ab', admin: 'admin-token-0123456789a' };
export const INGEST_KEY = 'ingest-key-0123456789abcd';
/** The customer widget's key (PEAKWATCH_WIDGET_KEYS). */
export const WIDGET_KEY = 'widget-key-0123456789abcd';
/** Named lead tokens (PEAKWATCH_LEAD_TOKENS): what a lead does with one is recorded under its name. */
export const LEAD_TOKENS = { sam: 'sam-lead-token-0123456789', ana: 'ana-lead-token-0123456789' };

export interface TestServer {
  url: string;
  store: Store;
  clock: TestClock;
  built: HttpApp;
  application: Application;
  server: Server;
  /** POSTs a body to /api/v1/events with the ingest key (or the given auth header). */
  post(body: unknown, init?: { auth?: string | null; raw?: boolean; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  snapshot(query?: string): Promise<Snapshot>;
  close(): Promise<void>;
}

/** A real HTTP server on a free port, on a fresh tenant of the run's Redis, with a test clock. */
export interface TestServerOptions {
  now: number;
  /** The clock runs at real speed from `now` (as a browser's clock does, which the wall compares with it). */
  running?: boolean;
  timeZone?: string;
  channels?: string[];
  /** Share another server's tenant (a second instance on the same Redis). */
  tenant?: string;
  broadcast?: { minIntervalMs?: number; heartbeatMs?: number };
  alerting?: ApplicationDepsAlerting;
  allowedOrigins?: string[];
  /** Rate limits; none unless a test is about them. */
  rateLimits?: RateLimits;
  /** Listen on this port (e.g. a server that comes back where another stopped); default: a free one. */
  port?: number;
  /** PEAKWATCH_RECEIVER_ALLOW; default `127.0.0.1`, where the tests' receivers listen. */
  receiverAllow?: string;
  /** The demo's marker (PEAKWATCH_DEMO_NOTE). */
  demoNote?: string;
  /** Which proxies' X-Forwarded-For to believe (PEAKWATCH_TRUST_PROXY); default: none. */
  trustProxy?: import('../../server/config/config').TrustProxy;
  /** PEAKWATCH_SILENCE_AFTER_S; default the server's. */
  silenceAfterSeconds?: number;
  /** The history folder's timing; PEAKWATCH_HISTORY_DAYS. */
  folding?: ApplicationDeps['folding'];
  historyDays?: number;
  /** PEAKWATCH_MAX_QUEUES and PEAKWATCH_MAX_REASONS; default the server's. */
  maxNames?: { queues?: number; reasons?: number };
  /** PEAKWATCH_WIDGET_ORIGINS. */
  widgetOrigins?: string[];
  /** PEAKWATCH_PUBLIC_URL; default none. */
  publicUrl?: string;
}

export async function startTestServer(redis: Redis, opts: TestServerOptions): Promise<TestServer> {
  const clock = new TestClock(opts.now, opts.running);
  const channels = opts.channels ?? [...DEFAULT_CHANNELS];
  const store = new Store(redis, tenantKeys(opts.tenant ?? uniqueTenant()), clock.now, { maxQueues: opts.maxNames?.queues, maxReasons: opts.maxNames?.reasons });
  if (!opts.tenant || !(await store.getTargets())) await store.setTargets(defaultTargets(channels));
  const server = createServer();
  const subscriber = redis.duplicate();
  const application = await startApplication(server, {
    store, channels, timeZone: opts.timeZone ?? 'UTC', clock: clock.now,
    creds: { tokens: TOKENS, ingestKeys: [INGEST_KEY, 'second-ingest-key-0123456'], namedLeads: Object.entries(LEAD_TOKENS).map(([name, token]) => ({ name, token })), widgetKeys: [WIDGET_KEY] },
    logger: pino({ level: 'silent' }),
    subscriber,
    broadcast: opts.broadcast,
    alerting: opts.alerting,
    rateLimits: opts.rateLimits ?? false,
    allowedOrigins: opts.allowedOrigins,
    receiverAllow: parseReceiverAllow(opts.receiverAllow ?? LOCAL_RECEIVERS),
    demoNote: opts.demoNote,
    trustProxy: opts.trustProxy,
    silenceAfterSeconds: opts.silenceAfterSeconds,
    folding: opts.folding,
    historyDays: opts.historyDays,
    widgetOrigins: opts.widgetOrigins,
    // The wait route reads a channel's figures afresh each time: tests change them between requests.
    waitFiguresMs: 0,
    publicUrl: opts.publicUrl ?? null,
  });
  const built = application.built;
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, store, clock, built, application, server,
    async post(body, init = {}) {
      const auth = init.auth === undefined ? `Bearer ${INGEST_KEY}` : init.auth;
      const res = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}), ...init.headers },
        body: init.raw ? (body as string) : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async snapshot(query = '') {
      const res = await fetch(`${url}/api/v1/snapshot${query}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
      if (res.status !== 200) throw new Error(`snapshot ${res.status}: ${await res.text()}`);
      return (await res.json()) as Snapshot;
    },
    async close() {
      // Drop keep-alive connections first: a browser's reconnects would otherwise hold the close open.
      server.closeAllConnections();
      await application.close();
      subscriber.disconnect();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
