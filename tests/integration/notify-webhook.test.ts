import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../server/notify/receiver';
import { verifySignature, webhook } from '../../server/notify/webhook';
import { T0, firingAlert, notification, receiverConfig, resolvedAlert } from '../helpers/notifications';
import { localEgress } from '../helpers/receiver';

/**
 * The webhook receiver against a real HTTP server on a free loopback port: what arrives on the wire (raw
 * bytes and headers), and how each way a receiver can fail comes back.
 */

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }

const SECRET = 'wh-secret-for-tests';
let server: Server;
let base: string;
let received: Received[] = [];
const ok = (_req: IncomingMessage, res: ServerResponse) => { res.writeHead(204).end(); };
let respond: (req: IncomingMessage, res: ServerResponse) => void = ok;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  received = [];
  respond = ok;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const now = T0 + 65_000;
const egress = localEgress();
afterAll(() => egress.close());
const ctx = { now: () => now, timeoutMs: 2_000, egress };
const nowSeconds = Math.floor(now / 1000);

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('webhook receiver', () => {
  it('posts the alert as JSON with a timestamp and a signature over the exact bytes', async () => {
    respond = ok;
    const n = notification('firing', firingAlert({ description: 'Café queue ☕ > target' }), T0 + 60_000, 'n-1');
    await webhook.send(receiverConfig({ type: 'webhook', url: `${base}/hooks/pw?team=ops`, secret: SECRET }), n, ctx);

    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/hooks/pw?team=ops');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-peakwatch-timestamp']).toBe(String(nowSeconds));
    const sig = r.headers['x-peakwatch-signature'];
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, r.headers['x-peakwatch-timestamp'] as string, r.body, sig as string, nowSeconds)).toBe(true);

    expect(JSON.parse(r.body.toString('utf8'))).toEqual({
      version: 1,
      id: 'n-1',
      status: 'firing',
      kind: 'firing',
      at: new Date(T0 + 60_000).toISOString(),
      summary: 'chat: Service level (15 min) 72%, below 80% by 8 pts',
      alert: {
        id: 'chat-sl:chat',
        rule: 'chat-sl',
        channel: 'chat',
        metric: 'serviceLevel',
        window: '15m',
        op: '<',
        threshold: 0.8,
        value: 0.72,
        severity: 'critical',
        description: 'Café queue ☕ > target',
        startedAt: new Date(T0).toISOString(),
        firedAt: new Date(T0 + 60_000).toISOString(),
        resolvedAt: null,
        escalatedAt: null,
        ackedAt: null,
        ackedBy: null,
        silencedUntil: null,
      },
    });
  });

  it('has a signature that fails for a tampered body, another secret or an old timestamp', async () => {
    await webhook.send(receiverConfig({ type: 'webhook', url: base, secret: SECRET }), notification('firing', firingAlert(), T0), ctx);
    const r = received[0]!;
    const ts = r.headers['x-peakwatch-timestamp'] as string;
    const sig = r.headers['x-peakwatch-signature'] as string;
    const tampered = Buffer.from(r.body.toString('utf8').replace('"value":0.72', '"value":0.92'));
    expect(tampered.equals(r.body)).toBe(false);
    expect(verifySignature(SECRET, ts, tampered, sig, nowSeconds)).toBe(false);
    expect(verifySignature('not-the-secret', ts, r.body, sig, nowSeconds)).toBe(false);
    expect(verifySignature(SECRET, ts, r.body, sig, nowSeconds + 301)).toBe(false);
    expect(verifySignature(SECRET, ts, r.body, sig, nowSeconds + 299)).toBe(true);
  });

  it('sends no signature header when the receiver has no secret', async () => {
    await webhook.send(receiverConfig({ type: 'webhook', url: base }), notification('firing', firingAlert(), T0), ctx);
    expect(received[0]!.headers).not.toHaveProperty('x-peakwatch-signature');
    expect(received[0]!.headers['x-peakwatch-timestamp']).toBe(String(nowSeconds));
  });

  it('marks repeats and escalations as firing and resolves as resolved', async () => {
    const cfg = receiverConfig({ type: 'webhook', url: base });
    await webhook.send(cfg, notification('repeat', firingAlert(), T0 + 1_800_000), ctx);
    await webhook.send(cfg, notification('escalation', firingAlert(), T0 + 900_000), ctx);
    await webhook.send(cfg, notification('resolved', resolvedAlert(T0 + 700_000), T0 + 700_000), ctx);
    const bodies = received.map((r) => JSON.parse(r.body.toString('utf8')) as { status: string; kind: string; alert: { resolvedAt: string | null } });
    expect(bodies.map((b) => [b.status, b.kind])).toEqual([['firing', 'repeat'], ['firing', 'escalation'], ['resolved', 'resolved']]);
    expect(bodies[2]!.alert.resolvedAt).toBe(new Date(T0 + 700_000).toISOString());
  });

  it('fails with a retryable error on a 500', async () => {
    respond = (_req, res) => { res.writeHead(500, { 'Content-Type': 'text/plain' }).end('database is down'); };
    const err = await failure(webhook.send(receiverConfig({ type: 'webhook', url: base }), notification('firing', firingAlert(), T0), ctx));
    expect(err).toMatchObject({ retryable: true, status: 500, reply: 'database is down' });
    // The message is what the leads read: the status, never what the receiver's server said.
    expect(err.message).toMatch(/answered HTTP 500$/);
    expect(err.message).not.toContain('database');
  });

  it("keeps only the start of a receiver's reply, for the admin (a 1 MiB page is neither read nor kept)", async () => {
    respond = (_req, res) => { res.writeHead(502, { 'Content-Type': 'text/html' }).end(`<html>${'<p>proxy error</p>\n'.repeat(60_000)}</html>`); };
    const err = await failure(webhook.send(receiverConfig({ type: 'webhook', url: base }), notification('firing', firingAlert(), T0), ctx));
    expect(err).toMatchObject({ retryable: true, status: 502 });
    expect(err.reply).toMatch(/^<html><p>proxy error<\/p> <p>proxy error<\/p>.*…$/);
    expect(err.reply!.length).toBe(201);
    expect(err.message).not.toContain('proxy error');
  });

  it('fails for good on a 400', async () => {
    respond = (_req, res) => { res.writeHead(400).end('bad payload'); };
    const err = await failure(webhook.send(receiverConfig({ type: 'webhook', url: base }), notification('firing', firingAlert(), T0), ctx));
    expect(err).toMatchObject({ retryable: false, status: 400 });
  });

  it('does not follow a redirect with the signed payload', async () => {
    respond = (req, res) => {
      if (req.url === '/moved') res.writeHead(302, { Location: '/elsewhere' }).end();
      else res.writeHead(204).end();
    };
    const err = await failure(webhook.send(receiverConfig({ type: 'webhook', url: `${base}/moved`, secret: SECRET }), notification('firing', firingAlert(), T0), ctx));
    expect(err).toMatchObject({ retryable: false, status: 302 });
    expect(received.map((r) => r.url)).toEqual(['/moved']);
  });

  it('fails with a retryable error when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const err = await failure(webhook.send(receiverConfig({ type: 'webhook', url: `http://127.0.0.1:${port}/` }), notification('firing', firingAlert(), T0), ctx));
    expect(err).toMatchObject({ retryable: true, status: null });
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('gives up after the time limit with a retryable error', async () => {
    respond = () => { /* never answers */ };
    const started = Date.now();
    const err = await failure(webhook.send(receiverConfig({ type: 'webhook', url: base }), notification('firing', firingAlert(), T0), { ...ctx, timeoutMs: 250 }));
    const took = Date.now() - started;
    expect(err).toMatchObject({ retryable: true, status: null });
    expect(err.message).toContain('within 250 ms');
    expect(took).toBeGreaterThanOrEqual(240);
    expect(took).toBeLessThan(2_000);
    expect(received).toHaveLength(1);
  });

  it('times out a reply whose body never finishes', async () => {
    respond = (_req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.write('partial'); };
    const err = await failure(webhook.send(receiverConfig({ type: 'webhook', url: base }), notification('firing', firingAlert(), T0), { ...ctx, timeoutMs: 250 }));
    expect(err).toMatchObject({ retryable: true, status: null });
  });
});
