import type { Server as HttpServer } from 'node:http';
import type { Redis } from 'ioredis';
import { VIEWS } from '../shared/socket';
import { type HttpAppDeps, createHttpApp } from './app';
import { Evaluator } from './alerts/evaluator';
import { HistoryFolder } from './history/fold';
import { createEgress } from './notify/egress';
import { type BackoffOptions, DeliveryWorker } from './notify/outbox-worker';
import { receivers as receiverRegistry } from './notify/registry';
import { RECOVERY_WINDOW_MS, redisStreamsAdapter } from './realtime/adapter';
import { Broadcaster } from './realtime/broadcaster';
import { createRealtime, type PeakServer } from './realtime/socket';
import { minuteStates } from './metrics/channel-minutes';

export interface ApplicationDeps extends Omit<HttpAppDeps, 'onApplied' | 'announce'> {
  /** A Redis connection of its own for pub/sub (the dirty signal from every instance). Socket.IO's adapter makes its own. */
  subscriber: Redis;
  broadcast?: { minIntervalMs?: number; heartbeatMs?: number };
  alerting?: { intervalMs?: number; leaseMs?: number; backoff?: BackoffOptions; timeoutMs?: number };
  /** The history folder's timing (tests); defaults: look every minute, fold a live day again hourly. */
  folding?: { intervalMs?: number; leaseMs?: number; refoldEveryMs?: number };
}

export interface Application {
  io: PeakServer;
  broadcaster: Broadcaster;
  evaluator: Evaluator;
  worker: DeliveryWorker;
  folder: HistoryFolder;
  built: ReturnType<typeof createHttpApp>;
  close(): Promise<void>;
}

/** How old the broadcaster's snapshot may be to serve a socket that just connected. */
const FRESH_MS = 1_000;

/**
 * The whole server, started on an HTTP server from injected parts: the HTTP app (createHttpApp) plus
 * Socket.IO, the alert evaluator, the delivery worker, and the broadcaster that turns "the state changed"
 * (from this instance's ingest, or any other's through Redis pub/sub) into coalesced `update`s to every
 * view's room. Runs until `close()`.
 */
export async function startApplication(httpServer: HttpServer, deps: ApplicationDeps): Promise<Application> {
  let broadcaster: Broadcaster;
  let io: PeakServer;
  const publishDirty = coalesce(() => deps.store.publishDirty()
    .catch((err: unknown) => deps.logger.warn({ err: (err as Error).message }, 'dirty signal not published')));
  const built = createHttpApp({
    ...deps,
    onApplied: () => {
      broadcaster.markDirty();
      publishDirty();
    },
    // An alert event (from the leader's evaluation, or a lead's ack or silence on any instance) reaches every
    // instance's sockets through the adapter; every instance's snapshot follows on the dirty signal.
    announce: (event) => {
      io.to([...VIEWS]).emit('alert', event);
      broadcaster.markDirty();
      publishDirty();
    },
  });
  httpServer.on('request', built.handler);
  io = createRealtime(httpServer, {
    creds: deps.creds,
    allowedOrigins: deps.allowedOrigins ?? [],
    // Not one computation per socket: a wall of screens connecting at once (or while events stream in, when the
    // broadcaster's snapshot is never fresh) waits for the broadcaster's next one, sent after its update.
    snapshot: async () => broadcaster.fresh(FRESH_MS) ?? broadcaster.next(),
    admit: built.admitSocket,
    clientAddress: built.clientAddress,
    adapter: redisStreamsAdapter(deps.store.redis, deps.store.keys, deps.logger),
    recoveryWindowMs: RECOVERY_WINDOW_MS,
  });
  const evaluator = new Evaluator({
    alerts: built.alerts, snapshot: () => built.snapshot(), rules: built.rules, targets: built.targets.get, receivers: built.receivers,
    connectors: () => built.connectors.silences(),
    logger: deps.logger, clock: deps.clock, ...deps.alerting,
    onEvaluated: (snapshot) => built.channelStore.recordMinute(minuteStates(snapshot), snapshot.at),
  });
  broadcaster = new Broadcaster({
    compute: () => built.snapshot(),
    emit: (update, snapshot) => {
      // Each instance computes the updates of its own sockets: they do not travel between instances.
      io.local.to([...VIEWS]).emit('update', update);
      evaluator.onSnapshot(snapshot);
    },
    onError: (err) => deps.logger.warn({ err: (err as Error).message }, 'snapshot for broadcast failed'),
    ...deps.broadcast,
  });
  await deps.store.subscribeDirty(deps.subscriber, () => broadcaster.markDirty());
  // Set once per tenant: a feed that never sent an event is silent since the first server started.
  await deps.store.markWatching((deps.clock ?? Date.now)());
  await deps.store.migrateLegacyQueues(deps.channels);
  // The outbox reader blocks on a connection of its own; while Redis is down its reconnects fail quietly
  // (the main connection's errors are logged already).
  const blocking = deps.store.redis.duplicate();
  blocking.on('error', (err) => deps.logger.debug({ err: err.message }, 'outbox reader: redis connection error'));
  const worker = new DeliveryWorker({
    alerts: built.alerts, blocking, consumer: evaluator.instanceId,
    receivers: built.receivers, sender: receiverRegistry, logger: deps.logger, now: deps.clock,
    backoff: deps.alerting?.backoff, timeoutMs: deps.alerting?.timeoutMs, egress: createEgress(deps.receiverAllow),
  });
  const folder = new HistoryFolder({
    store: deps.store, history: built.history, timeZone: deps.timeZone, logger: deps.logger, clock: deps.clock,
    instanceId: evaluator.instanceId, ...deps.folding,
  });
  broadcaster.start();
  evaluator.start();
  folder.start();
  await worker.start();
  return {
    io, broadcaster, evaluator, worker, folder, built,
    async close() {
      broadcaster.stop();
      await evaluator.stop();
      await folder.stop();
      await worker.stop();
      io.disconnectSockets(true);
      await new Promise<void>((ok) => io.close(() => ok()));
    },
  };
}

/**
 * `send` at most once at a time: calls while one is under way make one more after it (it starts after them, so
 * it tells what they did). Requests applied together publish one dirty signal, not one each.
 */
export function coalesce(send: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = () => {
    running = true;
    again = false;
    void send().finally(() => {
      running = false;
      if (again) run();
    });
  };
  return () => {
    if (running) again = true;
    else run();
  };
}
