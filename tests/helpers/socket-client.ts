import { io, type Socket } from 'socket.io-client';
import type { Snapshot } from '../../shared/snapshot';
import { applyUpdate, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/socket';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A wall-like Socket.IO client: what it shows, and how it got there. */
export interface WallClient {
  socket: Client;
  /** The client's current picture: the last whole snapshot with every update since applied. */
  state(): Snapshot | null;
  /** Whole snapshots received (one per connect or reconnect). */
  snapshots: number;
  updates: number;
  connects: number;
  disconnects: string[];
  close(): void;
}

/**
 * Connects as the wall does (client/src/socket.ts, useSnapshot.ts): reconnects forever on its own, and dials
 * again itself when the server closed the socket (socket.io-client does not). Delays are short for tests.
 */
export function wallClient(base: string, token: string): WallClient {
  const socket: Client = io(base, {
    auth: { token, view: 'wall' }, transports: ['websocket'], forceNew: true,
    reconnection: true, reconnectionAttempts: Infinity, reconnectionDelay: 100, reconnectionDelayMax: 500, timeout: 5_000,
  });
  let current: Snapshot | null = null;
  let closed = false;
  let redial: NodeJS.Timeout | undefined;
  const c: WallClient = {
    socket,
    state: () => current,
    snapshots: 0,
    updates: 0,
    connects: 0,
    disconnects: [],
    close() {
      closed = true;
      clearTimeout(redial);
      socket.disconnect();
    },
  };
  const dialAgain = () => {
    clearTimeout(redial);
    redial = setTimeout(() => { if (!closed && !socket.connected) socket.connect(); }, 200);
  };
  socket.on('connect', () => { c.connects++; });
  socket.on('snapshot', (s) => { current = s; c.snapshots++; });
  socket.on('update', (u) => { if (current) current = applyUpdate(current, u); c.updates++; });
  socket.on('disconnect', (reason) => {
    c.disconnects.push(reason);
    if (reason === 'io server disconnect') dialAgain();
  });
  // Refused by the middleware (e.g. the snapshot failed): `active` is false and nothing would dial again.
  socket.on('connect_error', () => { if (!socket.active) dialAgain(); });
  return c;
}
