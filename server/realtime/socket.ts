import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../../shared/socket';
import { VIEWS } from '../../shared/socket';
import type { Snapshot } from '../../shared/snapshot';
import { type Credentials, identify } from '../http/auth';
import type { SocketRefusal } from '../http/rate-limit';

export type PeakServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type PeakSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  creds: Credentials;
  /** Origins allowed besides the server's own (PEAKWATCH_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** The freshest snapshot: the broadcaster's, or one computed now. */
  snapshot: () => Promise<Snapshot>;
  /** Rate limits of the handshake by client address and token (rate-limit.ts); none: all admitted. */
  admit?: (address: string, token: string | null) => Promise<SocketRefusal>;
  /** The client's address of the handshake request (behind trusted proxies, from X-Forwarded-For); default: the peer's. */
  clientAddress?: (req: IncomingMessage) => string;
  /** Carries broadcasts between instances and keeps sessions for recovery (adapter.ts); none: this instance only. */
  adapter?: ServerOptions['adapter'];
  /** How long a dropped socket may come back and get the broadcasts it missed; needs `adapter` to span instances. */
  recoveryWindowMs?: number;
}

const handshakeSchema = z.object({ token: z.string().min(1).max(512), view: z.enum(VIEWS).default('wall') });

/** True when the browser's Origin is the server's own host or an allowed origin; no Origin: not a browser. */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Socket.IO on the HTTP server: the handshake must carry a viewer (or higher) token in `auth.token`; each
 * socket joins the room of its view and gets a whole `snapshot` at once (so a reconnect never shows old
 * numbers); `update`s are emitted to the rooms by the broadcaster, alert events to every instance's rooms.
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): PeakServer {
  const io: PeakServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    allowRequest: (req, cb) => cb(originAllowed(req, deps.allowedOrigins) ? null : 'origin not allowed', originAllowed(req, deps.allowedOrigins)),
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    // A socket back within the window keeps its rooms and gets the broadcasts (alert events) it missed; the
    // handshake checks run again (a revoked token stays out), and it gets a whole snapshot as any connection.
    ...(deps.recoveryWindowMs ? { connectionStateRecovery: { maxDisconnectionDuration: deps.recoveryWindowMs, skipMiddlewares: false } } : {}),
  });
  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : null;
    if (!deps.admit) return next();
    const address = deps.clientAddress?.(socket.request) ?? socket.handshake.address;
    deps.admit(address, token).then(
      (refusal) => next(refusal ? new Error(`${refusal} from this address: retry in a minute`) : undefined),
      () => next(),
    );
  });
  io.use((socket, next) => {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error('auth.token is required (the viewer token); auth.view must be one of ' + VIEWS.join(', ')));
    const who = identify(parsed.data.token, deps.creds);
    if (!who) return next(new Error('unauthorized: the token is not valid'));
    socket.data = { role: who.role, view: parsed.data.view };
    next();
  });
  const greet = greeter(io);
  io.on('connection', (socket) => {
    // The handshake (headers, address, auth) is read; the upgrade request would otherwise stay in memory for
    // as long as the socket, a few KB for every screen.
    (socket.conn as { request: unknown }).request = null;
    deps.snapshot().then((s) => greet(s, socket), () => socket.disconnect(true));
    socket.on('snapshot:get', (ack) => {
      if (typeof ack !== 'function') return;
      deps.snapshot().then((s) => ack({ ok: true, data: s }), () => ack({ ok: false, error: 'snapshot unavailable' }));
    });
  });
  return io;
}

/**
 * Sends a whole snapshot to sockets that just connected, and only then lets them into their view's room, so every
 * update they get applies on top of it (one computed before the snapshot would be older than it). The sockets that
 * got the same snapshot in one turn of the event loop (a wall of screens reconnecting) share one `emit`: it is
 * serialised once, not once per socket. Through `io.local`, not `socket.emit`: with connection state recovery on,
 * a socket's own emits go through the adapter's Redis stream (to be replayed), and a snapshot has no business there.
 */
function greeter(io: PeakServer) {
  const waiting = new Map<Snapshot, PeakSocket[]>();
  return (snapshot: Snapshot, socket: PeakSocket) => {
    const sockets = waiting.get(snapshot);
    if (sockets) return void sockets.push(socket);
    waiting.set(snapshot, [socket]);
    setImmediate(() => {
      const connected = waiting.get(snapshot)!.filter((s) => s.connected);
      waiting.delete(snapshot);
      if (!connected.length) return;
      io.local.to(connected.map((s) => s.id)).emit('snapshot', snapshot);
      for (const s of connected) void s.join(s.data.view);
    });
  };
}
