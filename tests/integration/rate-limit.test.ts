import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connect } from '../helpers/redis';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid } from '../helpers/events';
import { AUTH_FAILURE_CHECK_MS } from '../../server/http/rate-limit';
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

});

const BAD = 'guess-guess-guess-guess';
const get = (s: TestServer, token: string | null, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/api/v1/targets`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

/** A socket handshake's outcome: 'ok' (it got its snapshot) or the refusal's message. */
function handshake(s: TestServer, token: string, headers: Record<string, string> = {}): Promise<string> {
  const socket = connectSocket(s.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
  return new Promise<string>((ok) => {
    socket.once('snapshot', () => ok('ok'));
    socket.once('connect_error', (e) => ok(e.message));
  }).finally(() => socket.disconnect());
}

describe('failed authentications', () => {
  it('an address that failed too often is refused without a valid token, and still served with one', async () => {
    const s = await server();
    for (let i = 0; i < 4; i++) expect((await get(s, i % 2 ? BAD : null)).status).toBe(401);
    const refused = await get(s, BAD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
    expect((await refused.json()).error).toMatch(/too many failed authentications/);
    expect((await get(s, null)).status).toBe(429);
    // The valid ones: a viewer's read, a lead's whoami, an ingest batch, a socket.
    expect((await get(s, TOKENS.viewer)).status).toBe(200);
    expect((await fetch(`${s.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${TOKENS.lead}` } })).status).toBe(200);
    s.clock.set(Date.now());
    expect((await s.post(orders())).status).toBe(200);
    expect(await handshake(s, TOKENS.viewer)).toBe('ok');
  });

  it('another instance\'s failures refuse the address here too, at the latest AUTH_FAILURE_CHECK_MS later', async () => {
    const a = await server();
    const b = await server(a.store.keys.prefix.match(/\{(.+)\}/)![1]);
    const webhook = (s: TestServer) => fetch(`${s.url}/api/v1/connectors/nobody`, { method: 'POST', body: '{}' });
    expect((await webhook(a)).status).toBe(404); // no credential: the address is read, well under the limit
    for (let i = 0; i < 4; i++) expect((await get(b, BAD)).status).toBe(401);
    expect((await webhook(b)).status).toBe(429);
    await new Promise((ok) => setTimeout(ok, AUTH_FAILURE_CHECK_MS + 100));
    expect((await webhook(a)).status).toBe(429);
  });

  it('wrong socket tokens count as failures of their address, are refused in the end, and a right token still connects', async () => {
    const s = await server();
    const wrong = [];
    for (let i = 0; i < 6; i++) wrong.push(await handshake(s, `${BAD}-${i}`));
    expect(wrong.slice(0, 3)).toEqual(Array(3).fill(expect.stringMatching(/unauthorized/)));
    expect(wrong.slice(4)).toEqual(Array(2).fill(expect.stringMatching(/too many failed authentications/)));
    expect(await handshake(s, TOKENS.viewer)).toBe('ok');
    // One counter with HTTP: the address is refused over HTTP too, unless it shows a valid token.
    expect((await get(s, BAD)).status).toBe(429);
    expect((await get(s, TOKENS.viewer)).status).toBe(200);
  });

  it('HTTP failures count for socket handshakes of the same address', async () => {
    const s = await server();
    for (let i = 0; i < 4; i++) expect((await get(s, BAD)).status).toBe(401);
    expect(await handshake(s, BAD)).toMatch(/too many failed authentications/);
    expect(await handshake(s, TOKENS.viewer)).toBe('ok');
  });

  it('many handshakes with wrong tokens do not use up the connections of the right token', async () => {
    const s = await startTestServer(redis, { now: Date.now(), rateLimits: { ...limits, authFailuresPerMinute: 100, socketConnectsPerMinute: 5 } });
    servers.push(s);
    for (let i = 0; i < 8; i++) expect(await handshake(s, `${BAD}-${i}`)).toMatch(/unauthorized/);
    for (let i = 0; i < 5; i++) expect(await handshake(s, TOKENS.viewer)).toBe('ok');
    expect(await handshake(s, TOKENS.viewer)).toMatch(/too many connections/);
  });
});

describe('behind a reverse proxy (PEAKWATCH_TRUST_PROXY)', () => {
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it('trusted: each client behind the proxy has its own failure count, over HTTP and sockets', async () => {
    const s = await startTestServer(redis, { now: Date.now(), rateLimits: limits, trustProxy: ['loopback'] });
    servers.push(s);
    for (let i = 0; i < 4; i++) expect((await get(s, BAD, from('203.0.113.7'))).status).toBe(401);
    expect((await get(s, BAD, from('203.0.113.7'))).status).toBe(429);
    expect(await handshake(s, BAD, from('203.0.113.7'))).toMatch(/too many failed authentications/);
    // Another client through the same proxy is not refused.
    expect((await get(s, BAD, from('198.51.100.2'))).status).toBe(401);
    expect(await handshake(s, BAD, from('198.51.100.3'))).toMatch(/unauthorized/);
    // Failures of one client's sockets are its own too.
    for (let i = 0; i < 4; i++) await handshake(s, BAD, from('198.51.100.4'));
    expect((await get(s, BAD, from('198.51.100.4'))).status).toBe(429);
    expect((await get(s, BAD, from('198.51.100.5'))).status).toBe(401);
  });

  it('untrusted (the default): X-Forwarded-For is ignored, a client cannot pick a fresh address per guess', async () => {
    const s = await server();
    for (let i = 0; i < 4; i++) expect((await get(s, BAD, from(`203.0.113.${i}`))).status).toBe(401);
    expect((await get(s, BAD, from('203.0.113.99'))).status).toBe(429);
    expect(await handshake(s, BAD, from('198.51.100.1'))).toMatch(/too many failed authentications/);
  });

  it('a hop count trusts that many proxies: the address before them is the client', async () => {
    const s = await startTestServer(redis, { now: Date.now(), rateLimits: limits, trustProxy: 1 });
    servers.push(s);
    // A client-forged first entry is ignored: one hop trusted, so the client is the last address the proxy added.
    for (let i = 0; i < 4; i++) expect((await get(s, BAD, from(`10.9.9.${i}, 203.0.113.7`))).status).toBe(401);
    expect((await get(s, BAD, from('10.9.9.99, 203.0.113.7'))).status).toBe(429);
    expect(await handshake(s, BAD, from('10.9.9.98, 203.0.113.7'))).toMatch(/too many failed authentications/);
    expect((await get(s, BAD, from('203.0.113.8'))).status).toBe(401);
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
