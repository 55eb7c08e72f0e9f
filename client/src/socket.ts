/** The views' typed Socket.IO connection: one plain module, wrapped by `useSnapshot`. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents, View } from '@shared/socket';

export { SOCKET_EVENTS } from '@shared/socket';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** socket.io-client's own lifecycle events and the request the wall sends, named once. */
export const CONNECTION_EVENTS = {
  connect: 'connect',
  disconnect: 'disconnect',
  connectError: 'connect_error',
} as const;
export const SNAPSHOT_REQUEST = 'snapshot:get' as const;

/** socket.io-client's reason when the server itself closed the socket (it then does not reconnect alone). */
export const SERVER_DISCONNECT = 'io server disconnect';

/** Retries after the server refused the handshake: slow, the link must be fixed (or the token restored). */
export const REFUSED_RETRY_MS = 30_000;

/**
 * Connects to the server the page came from, joining `view`'s room. Reconnects forever on its own, backing
 * off from 1 s to 5 s, so a TV recovers from any outage without anyone touching it.
 */
export function connectView(token: string, view: View, origin: string = window.location.origin): WallSocket {
  const auth: HandshakeAuth = { token, view };
  return io(origin, {
    auth,
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 5_000,
    timeout: 10_000,
  });
}

/** True when a `connect_error` is the server refusing the token (rather than the network failing). */
export function isRefusedToken(err: Error): boolean {
  return /unauthorized|auth\.token/i.test(err.message);
}
