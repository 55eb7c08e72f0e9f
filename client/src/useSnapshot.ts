import { useEffect, useReducer, useRef } from 'react';
import { type AlertEvent, type SnapshotUpdate, type View, applyUpdate } from '@shared/socket';
import type { Snapshot } from '@shared/snapshot';
import { type ClockEstimate, NO_SKEW, sampleClock } from './model/clock';
import { STALE_AFTER_MS } from './model/stale';
import {
  CONNECTION_EVENTS, REFUSED_RETRY_MS, SERVER_DISCONNECT, SNAPSHOT_REQUEST, SOCKET_EVENTS,
  connectView, isRefusedToken,
} from './socket';

/** Silence after which the wall asks for a snapshot itself: past the 5 s heartbeat, before the 10 s stale mark. */
const ASK_AFTER_MS = STALE_AFTER_MS - 3_000;

export interface WallFeed {
  snapshot: Snapshot | null;
  /** Screen clock (epoch ms): page start, last data, socket drop (null while connected). */
  startedAt: number;
  lastDataAt: number | null;
  disconnectedAt: number | null;
  /** The server's message when it refused the token; null otherwise. */
  refused: string | null;
  /** Counts the whole snapshots pushed on each connect and reconnect: trends refetch when it moves. */
  epoch: number;
  /** The server's clock against the screen's, from the data's `at` (ages of server times use it). */
  clock: ClockEstimate;
}

type Action =
  | { type: 'snapshot'; snapshot: Snapshot; at: number; pushed: boolean }
  | { type: 'update'; update: SnapshotUpdate; at: number }
  | { type: 'connected' }
  | { type: 'disconnected'; at: number }
  | { type: 'refused'; message: string; at: number };

function reduce(state: WallFeed, a: Action): WallFeed {
  switch (a.type) {
    case 'snapshot':
      return {
        ...state, snapshot: a.snapshot, lastDataAt: a.at, disconnectedAt: null, refused: null,
        epoch: a.pushed ? state.epoch + 1 : state.epoch, clock: sampleClock(state.clock, a.snapshot.at, a.at),
      };
    case 'update':
      // An update without a base cannot be merged; the whole snapshot that follows every connect will come.
      return state.snapshot
        ? { ...state, snapshot: applyUpdate(state.snapshot, a.update), lastDataAt: a.at, clock: sampleClock(state.clock, a.update.at, a.at) }
        : state;
    case 'connected':
      return { ...state, disconnectedAt: null, refused: null };
    case 'disconnected':
      return state.disconnectedAt === null ? { ...state, disconnectedAt: a.at } : state;
    case 'refused':
      return { ...state, refused: a.message, disconnectedAt: state.disconnectedAt ?? a.at };
  }
}

export interface FeedOptions {
  /** The room to join (default: the wall's). */
  view?: View;
  /** Called with every live `alert` event (fired, resolved, acked, silenced). */
  onAlert?: (event: AlertEvent) => void;
}

/**
 * The live snapshot for a view: a whole `snapshot` on every (re)connect, `update`s merged in between,
 * and the times the view needs to say when its data is stale. Null token: no connection.
 */
export function useSnapshot(token: string | null, { view = 'wall', onAlert }: FeedOptions = {}): WallFeed {
  const [state, dispatch] = useReducer(reduce, null, () => ({
    snapshot: null, startedAt: Date.now(), lastDataAt: null, disconnectedAt: Date.now(), refused: null, epoch: 0, clock: NO_SKEW,
  }));
  // The latest callback, without reconnecting when the caller passes a new one on each render.
  const alertHandler = useRef(onAlert);
  useEffect(() => { alertHandler.current = onAlert; });

  useEffect(() => {
    if (!token) return;
    const socket = connectView(token, view);
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastData = Date.now();
    const later = (ms: number) => {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), ms);
    };

    socket.on(SOCKET_EVENTS.snapshot, (snapshot) => {
      lastData = Date.now();
      dispatch({ type: 'snapshot', snapshot, at: lastData, pushed: true });
    });
    socket.on(SOCKET_EVENTS.update, (update) => {
      lastData = Date.now();
      dispatch({ type: 'update', update, at: lastData });
    });
    socket.on(SOCKET_EVENTS.alert, (event) => alertHandler.current?.(event));
    socket.on(CONNECTION_EVENTS.connect, () => dispatch({ type: 'connected' }));
    socket.on(CONNECTION_EVENTS.disconnect, (reason) => {
      dispatch({ type: 'disconnected', at: Date.now() });
      // A server that closes its sockets (shutting down) is not redialled by socket.io-client itself.
      if (reason === SERVER_DISCONNECT) later(1_000);
    });
    socket.on(CONNECTION_EVENTS.connectError, (err) => {
      if (isRefusedToken(err)) dispatch({ type: 'refused', message: err.message, at: Date.now() });
      else dispatch({ type: 'disconnected', at: Date.now() });
      // `active` is false when the server's middleware refused us: the client would then wait forever.
      if (!socket.active) later(isRefusedToken(err) ? REFUSED_RETRY_MS : 5_000);
    });

    // Connected but silent (the server's heartbeat is 5 s): ask for the whole snapshot before the data
    // turns stale, so a stuck broadcaster does not blank a wall whose server still answers.
    let asking = false;
    const watchdog = setInterval(() => {
      if (asking || !socket.connected || Date.now() - lastData < ASK_AFTER_MS) return;
      asking = true;
      socket.timeout(2_000).emit(SNAPSHOT_REQUEST, (err, reply) => {
        asking = false;
        if (err || !reply.ok) return;
        lastData = Date.now();
        dispatch({ type: 'snapshot', snapshot: reply.data, at: lastData, pushed: false });
      });
    }, 1_000);

    return () => {
      clearTimeout(retry);
      clearInterval(watchdog);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, view]);

  return state;
}
