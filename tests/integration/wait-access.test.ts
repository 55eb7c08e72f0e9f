import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiJson } from '../../server/http/openapi';
import { TOKENS, WIDGET_KEY, startTestServer, type TestServer } from '../helpers/app';
import { connect } from '../helpers/redis';

const SHOP = 'https://shop.example.com';
let redis: Redis;
let srv: TestServer;

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: Date.now(), widgetOrigins: [SHOP], allowedOrigins: ['https://wall.example.com'] });
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

type Doc = { paths: Record<string, Record<string, { security?: unknown[] }>> };

describe('the widget key', () => {
  it('reads /api/v1/wait as a bearer token or as ?key=', async () => {
    expect((await fetch(`${srv.url}/api/v1/wait?channel=chat`, { headers: { authorization: `Bearer ${WIDGET_KEY}` } })).status).toBe(200);
    expect((await fetch(`${srv.url}/api/v1/wait?channel=chat&key=${WIDGET_KEY}`)).status).toBe(200);
  });

  it('is required there: no key, a wrong key or another role\'s token get 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer widget-key-wrong-0123456' }, { authorization: `Bearer ${TOKENS.admin}` }] as Record<string, string>[]) {
      const res = await fetch(`${srv.url}/api/v1/wait?channel=chat`, { headers });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/widget key/);
    }
  });

  it('opens no other route of the API: every operation that needs a credential refuses it', async () => {
    const doc = JSON.parse(openApiJson()) as Doc;
    const tried: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (path === '/api/v1/wait' || !op.security?.length) continue;
        const url = srv.url + path.replace(/\{\w+\}/g, 'x');
        for (const auth of [{ authorization: `Bearer ${WIDGET_KEY}` }, {}] as Record<string, string>[]) {
          const res = await fetch(`${url}?key=${WIDGET_KEY}`, {
            method: method.toUpperCase(), headers: { 'content-type': 'application/json', ...auth }, body: method === 'get' ? undefined : '{}',
          });
          expect([401, 403], `${method.toUpperCase()} ${path}`).toContain(res.status);
        }
        tried.push(`${method} ${path}`);
      }
    }
    expect(tried.length).toBeGreaterThan(15);
    expect(tried).toContain('post /api/v1/events');
    expect(tried).toContain('get /api/v1/snapshot');
  });
});

describe('the wait route\'s headers', () => {
  it('are the security headers every route sends (it is answered ahead of Express), with no-store and JSON', async () => {
    const wait = await fetch(`${srv.url}/api/v1/wait?channel=chat&key=${WIDGET_KEY}`);
    const health = await fetch(`${srv.url}/healthz`);
    const security = ['content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'referrer-policy',
      'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];
    for (const h of security) {
      expect(health.headers.get(h), h).not.toBeNull();
      expect(wait.headers.get(h), h).toBe(health.headers.get(h));
    }
    expect(wait.headers.get('x-powered-by')).toBeNull();
    expect(wait.headers.get('cache-control')).toBe('no-store');
    expect(wait.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const unknown = await fetch(`${srv.url}/api/v1/wait?channel=nope&key=${WIDGET_KEY}`);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await unknown.json()).error).toMatch(/unknown channel "nope"/);
  });
});

describe('CORS of the wait route', () => {
  it('allows the widget origins, on this route only', async () => {
    const res = await fetch(`${srv.url}/api/v1/wait?channel=chat&key=${WIDGET_KEY}`, { headers: { origin: SHOP } });
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    const pre = await fetch(`${srv.url}/api/v1/wait?channel=chat`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const snapshot = await fetch(`${srv.url}/api/v1/snapshot`, { headers: { origin: SHOP, authorization: `Bearer ${TOKENS.viewer}` } });
    expect(snapshot.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses other origins, the wall\'s included (no Access-Control-Allow-Origin)', async () => {
    for (const origin of ['https://evil.example.net', 'https://wall.example.com']) {
      const res = await fetch(`${srv.url}/api/v1/wait?channel=chat&key=${WIDGET_KEY}`, { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('serves /widget.js to pages of any origin (Cross-Origin-Resource-Policy: cross-origin)', async () => {
    const res = await fetch(`${srv.url}/widget.js`);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });
});

describe('the wait route\'s own rate limit', () => {
  it('answers 429 with Retry-After past its rate per address, whatever the key, and leaves the rest of the API alone', async () => {
    const s = await startTestServer(redis, { now: Date.now(), rateLimits: { ingestPerSecond: 10, apiPerSecond: 10, authFailuresPerMinute: 100, waitPerSecond: 0.5, windowSeconds: 10 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${s.url}/api/v1/wait?channel=chat&key=${WIDGET_KEY}`)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const res = await fetch(`${s.url}/api/v1/wait?channel=chat`, { headers: { authorization: 'Bearer another-key-0123456789abc' } });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await res.json()).error).toMatch(/too many wait requests/);
      expect((await fetch(`${s.url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
