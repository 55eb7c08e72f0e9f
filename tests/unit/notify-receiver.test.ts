import { describe, expect, it } from 'vitest';
import { RECEIVER_TYPES } from '../../shared/alerts';
import { retryAfterMs, postJson } from '../../server/notify/post';
import { DeliveryError, isRetryableStatus, type Receiver } from '../../server/notify/receiver';
import { createRegistry, receivers } from '../../server/notify/registry';
import { signPayload, verifySignature } from '../../server/notify/webhook';
import { T0, receiverConfig } from '../helpers/notifications';

const noop = async () => {};

describe('receiver registry', () => {
  it('refuses two receivers with the same type name', () => {
    const a: Receiver = { type: 'webhook', send: noop };
    const b: Receiver = { type: 'webhook', send: noop };
    expect(() => createRegistry([a, b])).toThrow(/"webhook" is registered twice/);
  });

  it('hands back the receiver registered under a type, and refuses an unregistered one', () => {
    const a: Receiver = { type: 'slack', send: noop };
    const reg = createRegistry([a]);
    expect(reg.get('slack')).toBe(a);
    expect(reg.has('webhook')).toBe(false);
    expect(() => reg.get('webhook')).toThrow(/no receiver type "webhook"/);
  });

  it('registers exactly the receiver types a config may name', () => {
    expect([...receivers.types()].sort()).toEqual([...RECEIVER_TYPES].sort());
    for (const t of RECEIVER_TYPES) expect(receivers.get(t).type).toBe(t);
  });
});

describe('delivery errors', () => {
  it('retries server errors, timeouts and rate limits, not other client errors', () => {
    for (const s of [500, 502, 503, 504, 408, 429]) expect(isRetryableStatus(s), String(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 410, 413, 422, 301, 302]) expect(isRetryableStatus(s), String(s)).toBe(false);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('120', T0)).toBe(120_000);
    expect(retryAfterMs(new Date(T0 + 30_000).toUTCString(), T0)).toBe(30_000);
    expect(retryAfterMs('soon', T0)).toBeNull();
    expect(retryAfterMs(null, T0)).toBeNull();
  });

  it('carries the Retry-After of a 429 and the status', async () => {
    const fakeFetch = (async () => new Response('slow down', { status: 429, headers: { 'Retry-After': '7' } })) as typeof fetch;
    const err = await postJson(receiverConfig({ type: 'webhook', url: 'http://example.test/hook' }), { url: 'http://example.test/hook', body: '{}' },
      { now: () => T0, fetch: fakeFetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7_000, reply: 'slow down' });
    expect((err as Error).message).not.toContain('slow down');
  });

  it('sends credentials in the URL as Basic auth, not in the URL', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      seen = { url: String(input), auth: new Headers(init?.headers).get('authorization') };
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const url = 'https://am%40ops:p%3Ass@alerts.example.test/';
    await postJson(receiverConfig({ type: 'alertmanager', url }), { url, body: '[]' }, { now: () => T0, fetch: fakeFetch });
    expect(seen?.url).toBe('https://alerts.example.test/');
    expect(seen?.auth).toBe(`Basic ${Buffer.from('am@ops:p:ss').toString('base64')}`);
  });
});

describe('webhook signatures', () => {
  const secret = 'correct horse battery';
  const body = '{"status":"firing","alert":{"value":0.72}}';
  const ts = 1_800_000_000;
  const sig = signPayload(secret, ts, body);

  it('accepts the signature made for that body and timestamp', () => {
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(secret, String(ts), body, sig, ts + 10)).toBe(true);
    expect(verifySignature(secret, ts, Buffer.from(body), sig, ts)).toBe(true);
  });

  it('is HMAC-SHA256 over "<timestamp>.<body>", as documented for receivers (openssl dgst -hmac)', () => {
    expect(signPayload('secret-key', 1_800_000_000, '{"a":1}'))
      .toBe('sha256=85f8606de3307e77475d1b510bd9b103e465c3ef64d720e4b7436235ce8e4a84');
  });

  it('rejects a changed body, a changed timestamp or another secret', () => {
    expect(verifySignature(secret, ts, body.replace('0.72', '0.92'), sig, ts)).toBe(false);
    expect(verifySignature(secret, ts + 1, body, sig, ts)).toBe(false);
    expect(verifySignature('another secret', ts, body, sig, ts)).toBe(false);
  });

  it('rejects a timestamp outside the tolerance, either way', () => {
    expect(verifySignature(secret, ts, body, sig, ts + 300)).toBe(true);
    expect(verifySignature(secret, ts, body, sig, ts + 301)).toBe(false);
    expect(verifySignature(secret, ts, body, sig, ts - 301)).toBe(false);
    expect(verifySignature(secret, ts, body, sig, ts + 50, 30)).toBe(false);
  });

  it('rejects malformed or missing headers and timestamps', () => {
    expect(verifySignature(secret, ts, body, sig.slice('sha256='.length), ts)).toBe(false);
    expect(verifySignature(secret, ts, body, `sha1=${sig.slice(7, 47)}`, ts)).toBe(false);
    expect(verifySignature(secret, ts, body, `${sig}00`, ts)).toBe(false);
    expect(verifySignature(secret, ts, body, null, ts)).toBe(false);
    expect(verifySignature(secret, undefined, body, sig, ts)).toBe(false);
    expect(verifySignature(secret, '1.8e9', body, sig, ts)).toBe(false);
  });
});
