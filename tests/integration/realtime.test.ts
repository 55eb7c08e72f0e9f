import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { Snapshot } from '../../shared/snapshot';
import { applyUpdate, type ClientToServerEvents, type ServerToClientEvents, type SnapshotUpdate } from '../../shared/socket';
import { connect } from '../helpers/redis';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { ev } from '../helpers/events';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const NOW = Date.parse('2026-11-27T12:00:30Z');
let redis: Redis;
const open: (Client | TestServer)[] = [];
beforeAll(() => { redis = connect(); });
afterAll(async () => {
  for (const o of open.reverse()) 'disconnect' in o ? o.disconnect() : await o.close();
  redis.disconnect();
});

async function server(opts: Partial<Parameters<typeof startTestServer>[1]> = {}) {
  const s = await startTestServer(redis, { now: NOW, ...opts });
  open.push(s);
  return s;
}

/** A real socket.io-client; resolves with it and its first snapshot. */
function client(url: string, auth: object, extra: Record<string, unknown> = {}): Promise<{ socket: Client; first: Snapshot }> {
  const socket: Client = connectSocket(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...extra });
  open.push(socket);
  return new Promise((ok, fail) => {
    socket.once('snapshot', (s) => ok({ socket, first: s }));
    socket.once('connect_error', fail);
  });
}

/** Collects updates; `until` resolves when one satisfies the predicate. */
function updates(socket: Client) {
  const seen: { at: number; update: SnapshotUpdate }[] = [];
  socket.on('update', (u) => seen.push({ at: performance.now(), update: u }));
  return {
    seen,
    until: (pred: (u: SnapshotUpdate) => boolean, ms = 5000) => new Promise<SnapshotUpdate>((ok, fail) => {
      const hit = seen.find((s) => pred(s.update));
      if (hit) return ok(hit.update);
      const t = setTimeout(() => fail(new Error('no matching update')), ms);
      socket.on('update', (u) => { if (pred(u)) { clearTimeout(t); ok(u); } });
    }),
  };
}

const waiting = (u: SnapshotUpdate, ch = 'chat') => u.channels?.[ch]?.waiting;

describe('Socket.IO push', () => {
  it('refuses a handshake without a token or with a wrong one, naming what is missing', async () => {
    const s = await server();
    await expect(client(s.url, {})).rejects.toThrow(/auth.token is required/);
    await expect(client(s.url, { token: 'not-a-valid-token-at-all' })).rejects.toThrow(/unauthorized/);
    await expect(client(s.url, { token: TOKENS.viewer, view: 'kitchen' })).rejects.toThrow(/auth.view must be one of/);
  });

  it('refuses a browser from a foreign origin', async () => {
    const s = await server();
    await expect(client(s.url, { token: TOKENS.viewer }, { extraHeaders: { origin: 'https://evil.example' }, transports: ['polling'] }))
      .rejects.toThrow();
    const ok = await client(s.url, { token: TOKENS.viewer }, { extraHeaders: { origin: s.url }, transports: ['polling'] });
    expect(ok.first.channels.chat).toBeDefined();
  });

  it('sends the whole snapshot on connect, then an update after events are ingested', async () => {
    const s = await server();
    // The broadcaster's first recompute sends the whole snapshot; wait for it, so the update below is a diff.
    await expect.poll(() => s.application.broadcaster.latest() !== null).toBe(true);
    await s.post([ev.queued('w1', '2026-11-27T11:59:00Z')]);
    const { socket, first } = await client(s.url, { token: TOKENS.viewer, view: 'wall' });
    expect(first.channels.chat!.waiting).toBe(1);
    const u = updates(socket);
    await s.post([ev.queued('w2', '2026-11-27T11:59:30Z'), ev.queued('w3', '2026-11-27T11:59:40Z')]);
    const update = await u.until((x) => waiting(x) === 3);
    expect(update.channels!.voice).toBeUndefined(); // only what changed
    expect(applyUpdate(first, update).channels.chat!.windows['15m'].arrivals).toBe(3);
  });

  it('coalesces a stream of ingests into at most one update per 100 ms, and the last one is current', async () => {
    const s = await server();
    const { socket } = await client(s.url, { token: TOKENS.viewer });
    const u = updates(socket);
    const t0 = performance.now();
    for (let i = 0; i < 40; i++) {
      await s.post([ev.queued(`burst-${i}`, '2026-11-27T11:59:50Z')]);
      await new Promise((ok) => setTimeout(ok, 10));
    }
    const elapsed = performance.now() - t0;
    await u.until((x) => waiting(x) === 40);
    const during = u.seen.filter((x) => x.update.channels?.chat);
    expect(during.length).toBeGreaterThanOrEqual(2); // it pushes while events stream, not only at the end
    expect(during.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2); // 40 ingests, far fewer updates
    // Fewer updates than ingests: some were coalesced, however slowly a loaded machine posts them (the bound above
    // scales with the time they took; the exact pacing is unit-tested with fake timers).
    expect(during.length).toBeLessThan(40);
  });

  it('sends an update at least every heartbeat even without events', async () => {
    const s = await server({ broadcast: { heartbeatMs: 300 } });
    const { socket } = await client(s.url, { token: TOKENS.viewer });
    const u = updates(socket);
    await new Promise((ok) => setTimeout(ok, 1000));
    expect(u.seen.length).toBeGreaterThanOrEqual(2);
    expect(u.seen.every((x) => typeof x.update.at === 'number')).toBe(true);
  });

  it('after a reconnect the client gets a whole, current snapshot', async () => {
    const s = await server();
    const { socket, first } = await client(s.url, { token: TOKENS.viewer }, { reconnection: true, reconnectionDelay: 50 });
    expect(first.channels.chat!.waiting).toBe(0);
    socket.io.engine.close(); // the transport drops, as on a network blip
    await s.post([ev.queued('r1', '2026-11-27T11:59:00Z')]);
    const again = await new Promise<Snapshot>((ok) => socket.once('snapshot', ok));
    expect(again.channels.chat!.waiting).toBe(1);
  });

  it('two server instances on one Redis: a client of B sees events posted to A', async () => {
    const a = await server();
    const b = await server({ tenant: a.store.keys.prefix.match(/\{(.+)\}/)![1] });
    const { socket } = await client(b.url, { token: TOKENS.viewer });
    const u = updates(socket);
    await a.post([ev.queued('x1', '2026-11-27T11:59:00Z'), ev.queued('x2', '2026-11-27T11:59:10Z')]);
    const update = await u.until((x) => waiting(x) === 2, 3000);
    expect(update.channels!.chat!.oldestWaitingSince).toBe(Date.parse('2026-11-27T11:59:00Z'));
  });

  it('drops a socket that sends a message over 16 KiB, and the server keeps serving others', async () => {
    const s = await server();
    const { socket } = await client(s.url, { token: TOKENS.viewer });
    const closed = new Promise<string>((ok) => socket.once('disconnect', ok));
    (socket as unknown as { emit(ev: string, data: string): void }).emit('snapshot:get', 'x'.repeat(64 * 1024));
    expect(await closed).toMatch(/transport (close|error)/);
    const other = await client(s.url, { token: TOKENS.viewer });
    expect(other.first.channels.chat).toBeDefined();
  });

  it('answers snapshot:get with the reply shape { ok, data }', async () => {
    const s = await server();
    const { socket } = await client(s.url, { token: TOKENS.viewer });
    const reply = await new Promise<{ ok: boolean; data?: Snapshot }>((ok) => socket.emit('snapshot:get', ok));
    expect(reply.ok).toBe(true);
    expect(reply.data!.channels.chat).toBeDefined();
  });
});
