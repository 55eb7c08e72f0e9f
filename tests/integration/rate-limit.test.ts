import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connect } from '../helpers/redis';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid } from '../helpers/events';
import { io as connectSocket } from 'socket.io-client';

let redis: Redis;
const servers: TestServer[] = [];
beforeAll(() => { redis = connect(); });
afterAll(async () => { for (const s of servers) await s.close(); redis.disconnect(); });

// 30 requests per 10 s window would be 3/s; a 10 s window keeps the counts in one window however slow the run.
const limits = { ingestPerSecond: 0.3, apiPerSecond: 0.4, authFailuresPerMinute: 3, windowSeconds: 10 };
async function server(tenant?: string) {
  const s = await startTestServer(redis, { now: Date.now(), rateLimits: limits, tenant });
  servers.push(s);
  return s;
}
const orders = () => [{ id: eid(), type: 'orders.placed', at: Date.now(), count: 1 }];

describe('rate limits kept in Redis', () => {
  it('an ingest key over its rate gets 429 with Retry-After, and its refused batch changes nothing', async () => {
    const s = await server();
    s.clock.set(Date.now());
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.post(orders())).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const r = await fetch(`${s.url}/api/v1/events`, { method: 'POST', headers: { authorization: 'Bearer ingest-key-0123456789abcd', 'content-type': 'application/json' }, body: JSON.stringify(orders()) });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await r.json()).error).toMatch(/too many ingest requests/);
    expect((await s.snapshot()).totals.windows.today.orders).toBe(3);
  });

  it('instances share the counts: two servers on one tenant refuse together', async () => {
    const a = await server();
    const b = await server(a.store.keys.prefix.match(/\{(.+)\}/)![1]);
    a.clock.set(Date.now());
    b.clock.set(Date.now());
    const got = [(await a.post(orders())).status, (await b.post(orders())).status, (await a.post(orders())).status, (await b.post(orders())).status];
    expect(got).toEqual([200, 200, 200, 429]);
  });

  it('an address that fails to authenticate too often is refused for a while, even with a good token', async () => {
    const s = await server();
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${s.url}/api/v1/targets`, { headers: { authorization: 'Bearer guess-guess-guess-guess' } });
      expect(r.status).toBe(401);
    }
    const blocked = await fetch(`${s.url}/api/v1/targets`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(1);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin, and gives no CORS header to any other', async () => {
    const s = await startTestServer(redis, { now: Date.now(), allowedOrigins: ['https://wall.example.com'] });
    servers.push(s);
    const preflight = (origin: string) => fetch(`${s.url}/api/v1/snapshot`, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    const ok = await preflight('https://wall.example.com');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://wall.example.com');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${s.url}/api/v1/snapshot`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${TOKENS.viewer}` } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('connection flood', () => {
  it('an address opening sockets too fast is refused at the handshake, and the sockets it has keep working', async () => {
    const s = await startTestServer(redis, { now: Date.now(), rateLimits: { ...limits, socketConnectsPerMinute: 5 } });
    servers.push(s);
    const results: string[] = [];
    const sockets: ReturnType<typeof connectSocket>[] = [];
    for (let i = 0; i < 7; i++) {
      const socket = connectSocket(s.url, { auth: { token: TOKENS.viewer }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      results.push(await new Promise<string>((ok) => {
        socket.once('snapshot', () => ok('ok'));
        socket.once('connect_error', (e) => ok(e.message));
      }));
    }
    expect(results.slice(0, 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(results.slice(5)).toEqual([expect.stringMatching(/too many connections/), expect.stringMatching(/too many connections/)]);
    const reply = await new Promise<{ ok: boolean }>((ok) => sockets[0]!.emit('snapshot:get', ok));
    expect(reply.ok).toBe(true);
    for (const x of sockets) x.disconnect();
  });
});
