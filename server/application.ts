import type { Server as HttpServer } from 'node:http';
import type { Redis } from 'ioredis';
import { VIEWS } from '../shared/socket';
import { type AppDeps, createApp } from './app';
import { Broadcaster } from './realtime/broadcaster';
import { createRealtime, type PeakServer } from './realtime/socket';

export interface ApplicationDeps extends Omit<AppDeps, 'onApplied'> {
  /** A Redis connection of its own for pub/sub (the dirty signal from every instance). */
  subscriber: Redis;
  allowedOrigins?: readonly string[];
  broadcast?: { minIntervalMs?: number; heartbeatMs?: number };
}

export interface Application {
  io: PeakServer;
  broadcaster: Broadcaster;
  built: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** How old the broadcaster's snapshot may be to serve a socket that just connected. */
const FRESH_MS = 1_000;

/**
 * Wires everything on an HTTP server from injected parts: the Express app, Socket.IO, and the broadcaster
 * that turns "the state changed" (from this instance's ingest, or any other's through Redis pub/sub) into
 * coalesced `update`s to every view's room.
 */
export async function createApplication(httpServer: HttpServer, deps: ApplicationDeps): Promise<Application> {
  let broadcaster: Broadcaster;
  const built = createApp({
    ...deps,
    onApplied: () => {
      broadcaster.markDirty();
      deps.store.publishDirty().catch((err: unknown) => deps.logger.warn({ err: (err as Error).message }, 'dirty signal not published'));
    },
  });
  httpServer.on('request', built.app);
  const io = createRealtime(httpServer, {
    creds: deps.creds,
    allowedOrigins: deps.allowedOrigins ?? [],
    snapshot: async () => broadcaster.fresh(FRESH_MS) ?? built.snapshot(),
  });
  broadcaster = new Broadcaster({
    compute: () => built.snapshot(),
    emit: (update) => io.to([...VIEWS]).emit('update', update),
    onError: (err) => deps.logger.warn({ err: (err as Error).message }, 'snapshot for broadcast failed'),
    ...deps.broadcast,
  });
  await deps.store.subscribeDirty(deps.subscriber, () => broadcaster.markDirty());
  broadcaster.start();
  return {
    io, broadcaster, built,
    async close() {
      broadcaster.stop();
      io.disconnectSockets(true);
      await new Promise<void>((ok) => io.close(() => ok()));
    },
  };
}
