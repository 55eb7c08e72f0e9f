import { channelSettingsOf } from '../shared/channel-state';
import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener } from 'node:http';
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ReceiverConfig, Rule } from '../shared/alerts';
import type { ReceiverAllow } from '../shared/receiver-url';
import { SILENCE_AFTER_S } from '../shared/feed';
import { PAGE_PATHS } from '../shared/pages';
import type { Snapshot } from '../shared/snapshot';
import type { AlertEvent } from '../shared/socket';
import { defaultTargets, type Targets } from '../shared/targets';
import { defaultRules } from './alerts/default-rules';
import { alertRouter } from './http/alert-routes';
import { annotationRouter } from './http/annotation-routes';
import { channelRouter } from './http/channel-routes';
import { displayRouter } from './http/display-routes';
import { DisplayStore } from './store/display-store';
import { ChannelStore } from './store/channel-store';
import { connectorRouter } from './http/connector-routes';
import { ConnectorStore } from './store/connector-store';
import { DEFAULT_RATE_LIMITS, type RateLimits, type SocketRefusal, createRateLimits } from './http/rate-limit';
import { clientAddress, compileTrust } from './http/client-address';
import { AnnotationStore } from './store/annotation-store';
import { readinessRouter } from './http/readiness-routes';
import { historyRouter } from './http/history-routes';
import { HistoryStore } from './store/history-store';
import { HISTORY_DAYS } from '../shared/history';
import { AlertStore } from './store/alert-store';
import { type Credentials, isCredential } from './http/auth';
import type { TrustProxy } from './config/config';
import { errorHandler, notFound } from './http/errors';
import { openApiRouter } from './http/openapi';
import { apiRouter, opsRouter } from './http/routes';
import { serveWidget } from './http/widget-script';
import { WAIT_PATH, waitRoute } from './http/wait-routes';
import { securityHeaders, withFastRoutes } from './http/fast-path';
import { WaitService } from './wait/wait-service';
import { createMetrics, type AppMetrics } from './metrics/prometheus';
import { computeSnapshot } from './metrics/snapshot';
import type { Store } from './store/store';

export interface HttpAppDeps {
  store: Store;
  channels: readonly string[];
  timeZone: string;
  creds: Credentials;
  logger: Logger;
  clock?: () => number;
  /** Told after an ingest applied events (the broadcaster listens). */
  onApplied?: (accepted: number) => void;
  /** Where alert events go once written (the alert store's `announce`); none: nowhere. */
  announce?: (event: AlertEvent) => void;
  /** Browser origins allowed besides the server's own (CORS, as for Socket.IO). */
  allowedOrigins?: readonly string[];
  /** Rate limits kept in Redis; `false`: none (tests that are not about them). */
  rateLimits?: RateLimits | false;
  /** Internal hosts and ranges receivers may point at (PEAKWATCH_RECEIVER_ALLOW); default none. */
  receiverAllow?: ReceiverAllow;
  /** Marks the snapshot as a demo's (simulated data); null or unset for real data. */
  demoNote?: string | null;
  /** Which proxies' X-Forwarded-For tells the client's address (PEAKWATCH_TRUST_PROXY); default: none. */
  trustProxy?: TrustProxy;
  /** Origins of shop pages whose customer widget may call `GET /api/v1/wait` (PEAKWATCH_WIDGET_ORIGINS). */
  widgetOrigins?: readonly string[];
  /** How long the wait route reuses a channel's shared figures, ms; default CHANNEL_FIGURES_MS. */
  waitFiguresMs?: number;
  /** Seconds without an event before a feed reads NO EVENTS (PEAKWATCH_SILENCE_AFTER_S); default SILENCE_AFTER_S.default. */
  silenceAfterSeconds?: number;
  /** Days of daily history kept (PEAKWATCH_HISTORY_DAYS); default HISTORY_DAYS.default. */
  historyDays?: number;
  /** The URL the contact systems call this server by (PEAKWATCH_PUBLIC_URL); default none. */
  publicUrl?: string | null;
}

export interface HttpApp {
  app: Express;
  /** The server's request listener: `app`, with its most-called routes answered ahead of Express (fast-path.ts). */
  handler: RequestListener;
  metrics: AppMetrics;
  snapshot(opts?: { queues?: boolean }): Promise<Snapshot>;
  targets: { get(): Promise<Targets>; set(t: Targets): Promise<void> };
  alerts: AlertStore;
  /** The channels' opening hours and closes, and the minutes each was closed or unstaffed during its hours. */
  channelStore: ChannelStore;
  history: HistoryStore;
  connectors: ConnectorStore;
  /** Stored rules, or the default rules (following the current targets, routed to every receiver). */
  rules(): Promise<Rule[]>;
  receivers(): Promise<ReceiverConfig[]>;
  /** The socket handshake's rate limits (connections, failed authentications), when rate limits are on. */
  admitSocket?: (ip: string, token: string | null) => Promise<SocketRefusal>;
  /** The client's address of a request, by the same trust in proxies as the HTTP API's. */
  clientAddress: (req: IncomingMessage) => string;
}

/**
 * The HTTP side only, from injected parts: the Express app and the stores and snapshot it serves. No sockets,
 * broadcaster or background work (startApplication adds them), no port.
 */
export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const clock = deps.clock ?? Date.now;
  const { store } = deps;
  const targets = {
    async get(): Promise<Targets> {
      return (await store.getTargets()) ?? defaultTargets(deps.channels);
    },
    set: (t: Targets) => store.setTargets(t),
  };
  const alerts = new AlertStore(store.redis, store.keys, { announce: deps.announce });
  const annotations = new AnnotationStore(store.redis, store.keys);
  const channelStore = new ChannelStore(store, deps.channels, deps.timeZone);
  const displayStore = new DisplayStore(store);
  const history = new HistoryStore(store.redis, store.keys, deps.historyDays ?? HISTORY_DAYS.default);
  const connectors = new ConnectorStore(store.redis, store.keys);
  const silenceAfterSeconds = deps.silenceAfterSeconds ?? SILENCE_AFTER_S.default;
  const rules = async () => (await alerts.getRules()) ?? defaultRules(await targets.get(), deps.channels, ['*'], { silenceAfterSeconds });
  const receivers = async () => (await alerts.getReceivers()) ?? [];
  const snapshot = (opts?: { queues?: boolean }) =>
    computeSnapshot({ store, channels: deps.channels, timeZone: deps.timeZone, clock, targets: targets.get, alerts: () => alerts.activeAlerts(),
      annotations: (from: number, to: number) => annotations.between(from, to), channelSettings: (batch) => channelStore.read(batch),
      display: (batch) => displayStore.read(batch), demoNote: deps.demoNote, silenceAfterSeconds }, opts);
  const metrics = createMetrics(() => snapshot());

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const trust = compileTrust(deps.trustProxy ?? false);
  app.set('trust proxy', trust);
  app.use(securityHeaders);
  app.use(opsRouter(store, metrics));
  const limits = deps.rateLimits === false ? null
    : createRateLimits(store.redis, store.keys.prefix, deps.rateLimits ?? DEFAULT_RATE_LIMITS, (t) => isCredential(t, deps.creds));
  // The customers' route first: its own CORS, rate limit and key, none of the rest of the API's.
  const wait = waitRoute({
    service: new WaitService({
      store, timeZone: deps.timeZone, clock, targets: targets.get, figuresMs: deps.waitFiguresMs,
      channelSettings: async (ch) => channelSettingsOf(await channelStore.read(), ch),
    }),
    creds: deps.creds, channels: new Set(deps.channels), widgetOrigins: deps.widgetOrigins ?? [], limit: limits ? (ip) => limits.wait(ip) : null,
    clientAddress: (req) => clientAddress(req, trust), logger: deps.logger,
  });
  app.use('/api/v1', wait.router);
  serveWidget(app);
  // CORS to match Socket.IO's origin allowlist: other pages may call the API only from an allowed origin.
  app.use('/api/v1', openApiRouter());
  app.use('/api/v1', cors({ origin: [...(deps.allowedOrigins ?? [])], allowedHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  let admitSocket: HttpApp['admitSocket'];
  if (limits) {
    admitSocket = (ip, token) => limits.admitSocket(ip, token);
    app.use('/api/v1', limits.authFailures);
    app.use('/api/v1', (req, res, next) => (req.path === '/events' ? limits.ingest : limits.api)(req, res, next));
  }
  app.use('/api/v1', apiRouter({
    store, channels: new Set(deps.channels), clock, creds: deps.creds, metrics, snapshot, targets, onApplied: deps.onApplied,
  }));
  app.use('/api/v1', connectorRouter({
    store, channels: new Set(deps.channels), clock, creds: deps.creds, metrics, onApplied: deps.onApplied, connectors, publicUrl: deps.publicUrl ?? null,
  }));
  app.use('/api/v1', annotationRouter({ annotations, creds: deps.creds, channels: new Set(deps.channels), clock, onChanged: () => deps.onApplied?.(0) }));
  app.use('/api/v1', channelRouter({ channelStore, creds: deps.creds, channels: new Set(deps.channels), clock, onChanged: () => deps.onApplied?.(0) }));
  app.use('/api/v1', displayRouter({ displayStore, creds: deps.creds, onChanged: () => deps.onApplied?.(0) }));
  app.use('/api/v1', alertRouter({ alerts, creds: deps.creds, channels: new Set(deps.channels), clock, rules, receivers, receiverAllow: deps.receiverAllow }));
  app.use('/api/v1', readinessRouter({ store, channelStore, creds: deps.creds, channels: deps.channels, timeZone: deps.timeZone, clock, snapshot }));
  app.use('/api/v1', historyRouter({ store, history, creds: deps.creds, channels: deps.channels, timeZone: deps.timeZone, clock }));
  serveClient(app);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  const handler = withFastRoutes(app, new Map([[`GET ${WAIT_PATH}`, wait.serve]]));
  return { app, handler, metrics, snapshot, targets, alerts, channelStore, history, connectors, rules, receivers, admitSocket, clientAddress: (req) => clientAddress(req, trust) };
}

/** The built client (client/dist), with the pages' paths answered by its index.html. */
const CLIENT_DIST = fileURLToPath(new URL('../client/dist/', import.meta.url));

function serveClient(app: Express): void {
  app.use('/assets', express.static(`${CLIENT_DIST}assets`, { immutable: true, maxAge: '1y', index: false }));
  app.get([...PAGE_PATHS], (_req, res) => {
    const index = `${CLIENT_DIST}index.html`;
    if (existsSync(index)) res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
    else res.status(503).type('text/plain').send('The wall display is not built: run `npm run build` (npm start does it for you).\n');
  });
  app.use(express.static(CLIENT_DIST, { index: false }));
}
