import type { Alert } from './alerts';
import { LIVE_VIEWS, type LiveView } from './pages';
import type { Snapshot } from './snapshot';

/** Socket.IO event names, declared once for both ends. */
export const SOCKET_EVENTS = {
  snapshot: 'snapshot',
  update: 'update',
  alert: 'alert',
} as const;

/**
 * Views a socket may join, one room each: the pages with a live feed (shared/pages.ts). Every room gets the same
 * updates and alert events; the rooms say which pages are connected.
 */
export const VIEWS = LIVE_VIEWS;
export type View = LiveView;

/** An `update`: the parts of the snapshot that changed (or all of it). Always carries `at`. */
export type SnapshotUpdate = Partial<Snapshot> & { at: number };

export interface AlertEvent {
  kind: 'fired' | 'resolved' | 'acked' | 'silenced';
  alert: Alert;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  update: (update: SnapshotUpdate) => void;
  alert: (event: AlertEvent) => void;
}

export type Ack<T> = (reply: { ok: true; data: T } | { ok: false; error: string }) => void;

export interface ClientToServerEvents {
  /** Asks for a whole snapshot now (e.g. after the tab was hidden). */
  'snapshot:get': (ack: Ack<Snapshot>) => void;
}

/** Handshake `auth` payload: the viewer (or higher) token, and the view whose room to join. */
export interface HandshakeAuth {
  token: string;
  view?: View;
}

export interface SocketData {
  role: 'viewer' | 'lead' | 'admin';
  view: View;
}

/** Applies an `update` to the snapshot a client holds: changed channels replace theirs, other parts replace. */
export function applyUpdate(current: Snapshot, update: SnapshotUpdate): Snapshot {
  const { channels, ...rest } = update;
  return { ...current, ...rest, channels: channels ? { ...current.channels, ...channels } : current.channels };
}
