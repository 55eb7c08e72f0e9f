import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { io as connectSocket } from 'socket.io-client';
import { connect } from '../helpers/redis';
import { INGEST_KEY, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid } from '../helpers/events';
import { tenantDump } from '../helpers/tenant-dump';
import { INTERNAL_URLS, METADATA_URLS } from '../helpers/internal-urls';

/**
 * OWASP API Security Top 10 (2023), one block per item that applies to Peakwatch, against a real server on the
 * run's Redis. Other tests go deeper on some (rate-limit, ingest-contract, fuzz, alerts); this file is the
 * checklist. Not applicable: API6 (sensitive business flows: no purchase, sign-up or booking flow to automate)
 * and API9 (improper inventory: one versioned API, `/api/v1`, no other version or debug host is served;
 * the unknown-route check below stands for it). API10 (unsafe consumption of APIs: what receivers answer) is in
 * notify-webhook.test.ts: a time limit over the whole exchange (a body that never ends too), no redirects
 * followed, 4xx not retried, only the start of a reply kept (for the admin). API7 on the wire (every address a
 * receiver's name resolves to, checked on the connection) is in notify-egress.test.ts.
 */

let redis: Redis;
const servers: TestServer[] = [];
beforeAll(() => { redis = connect(); });
afterAll(async () => { for (const s of servers) await s.close(); redis.disconnect(); });

async function server(opts: Partial<Parameters<typeof startTestServer>[1]> = {}) {
  const s = await startTestServer(redis, { now: Date.now(), ...opts });
  servers.push(s);
  return s;
}

/** A server whose alert evaluator is stopped, so that only the requests under test write to Redis. */
async function quietServer(opts: Partial<Parameters<typeof startTestServer>[1]> = {}) {
  const s = await server(opts);
  await s.application.evaluator.stop();
  return s;
}

async function call(s: TestServer, method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

const dump = (s: TestServer) => tenantDump(redis, s.store.keys);

/** An alert that fires at once on one queued chat contact; returns its id. */
async function firingAlert(s: TestServer): Promise<string> {
  expect((await call(s, 'PUT', '/api/v1/rules', TOKENS.admin, [{
    id: 'queue', metric: 'waiting', channel: 'chat', op: '>', threshold: 0, for: 0, clearFor: 0, severity: 'critical', routes: [],
  }])).status).toBe(200);
  s.clock.set(Date.now());
  await s.post([{ id: eid(), type: 'contact.queued', at: Date.now() - 1000, channel: 'chat', contactId: eid('c') }]);
  const id = 'queue:chat';
  await expect.poll(async () => (await call(s, 'GET', '/api/v1/alerts', TOKENS.viewer)).json.active.map((a: { id: string }) => a.id), { timeout: 5_000 }).toEqual([id]);
  return id;
}

describe('API1 broken object level authorization', () => {
  it("objects are reached only within the server's own tenant: another tenant's alert id is not found, and a crafted id touches no other key", async () => {
    const a = await server({ alerting: { intervalMs: 100 } });
    const b = await server({ alerting: { intervalMs: 100 } });
    const bAlert = await firingAlert(b);
    const bBefore = await dump(b);
    // Same id, through A (whose lead token is as good as B's here: the object is what must not be reachable).
    expect((await call(a, 'POST', `/api/v1/alerts/${encodeURIComponent(bAlert)}/ack`, TOKENS.lead, { note: 'x' })).status).toBe(404);
    expect((await call(a, 'POST', '/api/v1/silences', TOKENS.lead, { alertId: bAlert, minutes: 5, reason: 'x' })).status).toBe(404);
    for (const id of [`{${b.store.keys.prefix}}`, '../alerts', '*', `${b.store.keys.prefix}alerts`]) {
      expect((await call(a, 'POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`, TOKENS.lead, {})).status, id).toBe(404);
      expect((await call(a, 'DELETE', `/api/v1/annotations/${encodeURIComponent(id)}`, TOKENS.lead)).status, id).toBe(404);
    }
    const bAfter = await dump(b);
    expect(Object.keys(bAfter)).toEqual(Object.keys(bBefore));
    expect(bAfter[b.store.keys.acks]).toEqual(bBefore[b.store.keys.acks]);
    expect(bAfter[b.store.keys.silences]).toEqual(bBefore[b.store.keys.silences]);
  });
});

describe('API2 broken authentication', () => {
  it('no token, a wrong one, one of the wrong kind, or one in the query string: 401, and nothing is applied', async () => {
    const s = await quietServer();
    const before = await dump(s);
    const event = [{ id: eid(), type: 'orders.placed', at: Date.now(), count: 1 }];
    expect((await call(s, 'GET', '/api/v1/snapshot', null)).status).toBe(401);
    expect((await call(s, 'GET', '/api/v1/snapshot', 'x'.repeat(23))).status).toBe(401);
    expect((await call(s, 'GET', `/api/v1/snapshot?token=${TOKENS.viewer}`, null)).status).toBe(401); // the wall link's token is for the page only
    expect((await call(s, 'GET', '/api/v1/snapshot', INGEST_KEY)).status).toBe(401); // an ingest key reads nothing
    expect((await call(s, 'POST', '/api/v1/events', TOKENS.admin, event)).status).toBe(401); // a role token ingests nothing
    expect((await call(s, 'POST', '/api/v1/events', null, event, { authorization: `Basic ${Buffer.from(`x:${INGEST_KEY}`).toString('base64')}` })).status).toBe(401);
    expect(await dump(s)).toEqual(before);
  });

  it('guessing tokens gets an address refused for a while (brute force); a good token is still served', async () => {
    const s = await server({ rateLimits: { ingestPerSecond: 100, apiPerSecond: 100, authFailuresPerMinute: 3, windowSeconds: 10 } });
    for (let i = 0; i < 4; i++) expect((await call(s, 'GET', '/api/v1/targets', `guess-${i}-guess-guess-guess`)).status).toBe(401);
    const r = await call(s, 'GET', '/api/v1/targets', 'guess-9-guess-guess-guess');
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(s, 'GET', '/api/v1/targets', TOKENS.viewer)).status).toBe(200);
  });

  it('a socket handshake needs a token too', async () => {
    const s = await server();
    const err = await new Promise<string>((ok) => {
      const socket = connectSocket(s.url, { auth: { token: 'not-a-token-at-all-0000' }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.once('connect_error', (e) => { socket.disconnect(); ok(e.message); });
      socket.once('snapshot', () => { socket.disconnect(); ok('connected'); });
    });
    expect(err).toMatch(/unauthorized/);
  });
});

describe('API3 broken object property level authorization', () => {
  it('secrets are never returned; properties the schema does not name (mass assignment) are refused and change nothing', async () => {
    const s = await quietServer();
    expect((await call(s, 'PUT', '/api/v1/receivers', TOKENS.admin, [{ name: 'hook', type: 'webhook', url: 'https://hooks.example.com/x', secret: 'webhook-secret-1' }])).status).toBe(200);
    const listed = await call(s, 'GET', '/api/v1/receivers', TOKENS.admin);
    expect(listed.json).toEqual([{ name: 'hook', type: 'webhook', url: 'https://hooks.example.com/x', hasSecret: true }]);
    expect(listed.text).not.toContain('webhook-secret-1');
    const before = await dump(s);
    const targets = (await call(s, 'GET', '/api/v1/targets', TOKENS.viewer)).json;
    for (const extra of [{ role: 'admin' }, { isAdmin: true }, JSON.parse('{"__proto__": {"admin": true}}')]) {
      const r = await call(s, 'PUT', '/api/v1/targets', TOKENS.admin, { ...targets, ...extra });
      expect(r.status, JSON.stringify(extra)).toBe(400);
    }
    const withRole = await call(s, 'PUT', '/api/v1/receivers', TOKENS.admin, [{ name: 'hook', type: 'webhook', url: 'https://hooks.example.com/x', role: 'admin' }]);
    expect(withRole.status).toBe(400);
    expect(await call(s, 'POST', '/api/v1/annotations', TOKENS.lead, { text: 'x', start: Date.now(), by: 'me', id: 'chosen' })).toMatchObject({ status: 400 });
    expect(await dump(s)).toEqual(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('API4 unrestricted resource consumption', () => {
  it('bodies over 1 MiB, batches over 5,000 events, deeply nested JSON and oversized socket messages are refused; the server goes on', async () => {
    const s = await quietServer();
    const before = await dump(s);
    expect((await call(s, 'POST', '/api/v1/events', INGEST_KEY, `[${'"x",'.repeat(300_000)}"x"]`)).status).toBe(413);
    const many = Array.from({ length: 5_001 }, () => ({ id: eid(), type: 'orders.placed', at: Date.now(), count: 1 }));
    expect((await call(s, 'POST', '/api/v1/events', INGEST_KEY, many)).status).toBe(413);
    const deep = `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`; // one "event" 20,000 arrays deep
    const r = await call(s, 'POST', '/api/v1/events', INGEST_KEY, deep);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 0, rejected: [{ index: 0, error: expect.any(String) }] });
    expect(await dump(s)).toEqual(before);
    const socket = connectSocket(s.url, { auth: { token: TOKENS.viewer }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise((ok) => socket.once('snapshot', ok));
    const gone = new Promise<string>((ok) => socket.once('disconnect', ok));
    (socket as unknown as { emit(e: string, d: string): void }).emit('snapshot:get', 'x'.repeat(64 * 1024));
    expect(await gone).toBe('transport close');
    expect((await call(s, 'GET', '/api/v1/snapshot', TOKENS.viewer)).status).toBe(200);
  });
});

describe('API5 broken function level authorization', () => {
  it('each role reaches only its functions: viewer reads, lead acts on alerts and notes, admin configures', async () => {
    const s = await server({ alerting: { intervalMs: 100 } });
    const alertId = await firingAlert(s);
    const targets = (await call(s, 'GET', '/api/v1/targets', TOKENS.viewer)).json;
    const rules = (await call(s, 'GET', '/api/v1/rules', TOKENS.viewer)).json;
    const lead = [
      ['POST', `/api/v1/alerts/${alertId}/ack`, { note: 'n' }],
      ['POST', '/api/v1/silences', { alertId, minutes: 5, reason: 'r' }],
      ['POST', '/api/v1/annotations', { text: 'carrier down', start: Date.now() }],
      ['GET', '/api/v1/receivers/health', undefined],
    ] as const;
    const admin = [
      ['PUT', '/api/v1/targets', targets],
      ['PUT', '/api/v1/rules', rules],
      ['GET', '/api/v1/receivers', undefined],
      ['PUT', '/api/v1/receivers', []],
      ['PUT', '/api/v1/forecast', { intervals: [] }],
    ] as const;
    for (const [method, path, body] of [...lead, ...admin]) {
      expect((await call(s, method, path, TOKENS.viewer, body)).status, `viewer ${method} ${path}`).toBe(403);
    }
    for (const [method, path, body] of admin) {
      expect((await call(s, method, path, TOKENS.lead, body)).status, `lead ${method} ${path}`).toBe(403);
    }
    for (const [method, path, body] of lead) {
      expect((await call(s, method, path, TOKENS.lead, body)).status, `lead ${method} ${path}`).toBeLessThan(300);
    }
    for (const [method, path, body] of admin.slice(0, 3)) { // targets and rules put back as they were, receivers read
      expect((await call(s, method, path, TOKENS.admin, body)).status, `admin ${method} ${path}`).toBeLessThan(300);
    }
  });
});

describe('API7 server side request forgery', () => {
  it('a receiver URL must be http(s) and may not point at an internal address or name, nor a metadata service, however spelt', async () => {
    const s = await quietServer({ receiverAllow: '' });
    const before = await dump(s);
    const refused = ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_FLUSHALL', 'ftp://files.example.com/x', ...INTERNAL_URLS, ...METADATA_URLS];
    for (const url of refused) {
      const r = await call(s, 'PUT', '/api/v1/receivers', TOKENS.admin, [{ name: 'x', type: 'webhook', url }]);
      expect(r.status, url).toBe(400);
      expect(r.json.error, url).toMatch(/^receivers\[0\]\.url: /);
      expect(r.json.details, url).toEqual([expect.objectContaining({ field: 'receivers[0].url' })]);
    }
    expect(await dump(s)).toEqual(before);
    expect((await call(s, 'PUT', '/api/v1/receivers', TOKENS.admin, [{ name: 'hook', type: 'webhook', url: 'https://hooks.example.com/x' }])).status).toBe(200);
  });

  it('a receiver on the internal network (an Alertmanager) is possible where PEAKWATCH_RECEIVER_ALLOW admits it, a metadata service never', async () => {
    const s = await quietServer({ receiverAllow: '10.0.0.0/8,alertmanager' });
    for (const url of ['http://10.0.0.5:9093', 'http://alertmanager:9093/']) {
      expect((await call(s, 'PUT', '/api/v1/receivers', TOKENS.admin, [{ name: 'am', type: 'alertmanager', url }])).status, url).toBe(200);
    }
    expect((await call(s, 'PUT', '/api/v1/receivers', TOKENS.admin, [{ name: 'am', type: 'alertmanager', url: 'http://192.168.0.5:9093' }])).status).toBe(400);
    expect((await call(s, 'PUT', '/api/v1/receivers', TOKENS.admin, [{ name: 'am', type: 'alertmanager', url: 'http://169.254.169.254/' }])).status).toBe(400);
  });
});

describe('API8 security misconfiguration', () => {
  it('no framework banner, a strict CSP, no CORS for a foreign origin, JSON errors without stack traces', async () => {
    const s = await server();
    const page = await fetch(`${s.url}/wall`);
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const pre = await fetch(`${s.url}/api/v1/snapshot`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const bad = await call(s, 'POST', '/api/v1/events', INGEST_KEY, '{"not json');
    expect(bad.status).toBe(400);
    expect(bad.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|SyntaxError: Unexpected/);
    const unknown = await call(s, 'GET', '/api/v2/snapshot', TOKENS.viewer);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: expect.any(String) });
  });
});
