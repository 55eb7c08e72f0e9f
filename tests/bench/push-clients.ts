/**
 * One load-generating process of the push benchmark (forked by push.ts; not run by hand): holds its share of the
 * wall's Socket.IO clients and notes when each update arrives, so the parent's latency figure is the server's, not
 * one process parsing every client's updates.
 *
 * Messages: parent → {start}, {base}, {acks}, {close}; child → {connected}, {result}. Times are absolute
 * (timeOrigin + now, in ms), so they compare across processes.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket';

export type ToClients =
  | { type: 'start'; url: string; token: string; clients: number }
  | { type: 'base'; orders: number }
  | { type: 'acks'; acks: number[] }
  | { type: 'close' };

export type FromClients =
  | { type: 'connected'; ms: number }
  | { type: 'result'; latencies: number[]; updates: number; bytes: number; cpuSeconds: number };

/** Clients that may be connecting at once, per process: a storm of thousands at once only measures the storm. */
const CONNECTING = 100;

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromClients) => process.send!(m);

let sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
let baseOrders = -1;
/** arrivals[b]: when batch b reached each client (absolute ms). */
const arrivals: number[][] = [];
let updates = 0;
let bytes = 0;

function connect(url: string, token: string, clients: number) {
  const t0 = now();
  let started = 0;
  let connected = 0;
  const open = () => {
    while (started < clients && started - connected < CONNECTING) {
      started++;
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token, view: 'wall' }, transports: ['websocket'], forceNew: true });
      let seen = 0;
      let first = true;
      const onOrders = (orders: number | undefined) => {
        if (orders === undefined || baseOrders < 0) return;
        const t = now();
        for (const upTo = orders - baseOrders; seen < upTo; seen++) (arrivals[seen] ??= []).push(t);
      };
      s.on('snapshot', (snap) => {
        onOrders(snap.totals.windows.today.orders);
        if (!first) return;
        first = false;
        if (++connected === clients) send({ type: 'connected', ms: now() - t0 });
        open();
      });
      s.on('update', (u) => { updates++; onOrders(u.totals?.windows.today.orders); });
      // As the wall does: the server closed it (e.g. its snapshot failed on a loaded machine), or refused it: dial again.
      const redial = () => setTimeout(() => { if (!s.connected) s.connect(); }, 200 + Math.random() * 800);
      s.on('disconnect', (reason) => { if (reason === 'io server disconnect') redial(); });
      s.on('connect_error', () => { if (!s.active) redial(); });
      s.io.engine?.on('packet', (p: { data?: unknown }) => { if (typeof p.data === 'string') bytes += p.data.length; });
      sockets.push(s);
    }
  };
  open();
}

/** CPU used when the load began: the result reports what the load phase cost this generator. */
let loadCpu: NodeJS.CpuUsage | undefined;

process.on('message', (m: ToClients) => {
  if (m.type === 'start') connect(m.url, m.token, m.clients);
  else if (m.type === 'base') { baseOrders = m.orders; loadCpu = process.cpuUsage(); }
  else if (m.type === 'acks') {
    // An update can beat the POST's answer to the parent: that delivery took no time after it.
    const latencies: number[] = [];
    m.acks.forEach((ack, b) => { for (const t of arrivals[b] ?? []) latencies.push(Math.max(0, t - ack)); });
    const cpu = process.cpuUsage(loadCpu);
    send({ type: 'result', latencies, updates, bytes, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  } else if (m.type === 'close') {
    for (const s of sockets) s.disconnect();
    sockets = [];
    process.disconnect();
  }
});
