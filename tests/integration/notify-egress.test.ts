import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Resolve, createEgress } from '../../server/notify/egress';
import { postJson } from '../../server/notify/post';
import { DeliveryError, type SendContext } from '../../server/notify/receiver';
import { NO_INTERNAL, parseReceiverAllow } from '../../shared/receiver-url';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { INTERNAL_URLS, METADATA_URLS } from '../helpers/internal-urls';
import { T0, firingAlert, notification, receiverConfig } from '../helpers/notifications';
import { FAILURE_REPLY, startReceiver } from '../helpers/receiver';
import { connect } from '../helpers/redis';

/**
 * Where a delivery may go, on the wire: a real receiver on a loopback port that records every request, and
 * deliveries that try to reach it by every spelling of its address, or by names a test resolver answers with
 * it (the connection's own lookup is what is checked). Then what the receivers' health shows to whom.
 */

let redis: Redis;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let port: string;
const servers: TestServer[] = [];
const egresses: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  redis = connect();
  rx = await startReceiver();
  port = new URL(rx.url).port;
});
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const e of egresses) await e.close();
  await rx.close();
  redis.disconnect();
});

/** A resolver for names only this test knows; it records what it was asked. */
function testResolver(names: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve: Resolve = async (hostname) => {
    asked.push(hostname);
    const all = names[hostname];
    if (!all) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return all.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { asked, resolve };
}

function egress(allow: string, resolve?: Resolve) {
  const e = createEgress(parseReceiverAllow(allow), resolve);
  egresses.push(e);
  return e;
}

const send = (url: string, ctx: Omit<SendContext, 'now'>) =>
  postJson(receiverConfig({ type: 'webhook', url }), { url, body: '{}' }, { now: () => T0, timeoutMs: 2_000, ...ctx }).then(() => null, (e: unknown) => e);

describe('sending: refused before any request', () => {
  it('refuses every internal and metadata URL, however spelt, without a request', async () => {
    let requests = 0;
    const fetch = (async () => { requests++; return new Response(null, { status: 204 }); }) as typeof globalThis.fetch;
    for (const url of [...INTERNAL_URLS, ...METADATA_URLS]) {
      const err = await send(url, { fetch, egress: egress('') });
      expect(err, url).toBeInstanceOf(DeliveryError);
      expect(err, url).toMatchObject({ retryable: false, status: null, message: expect.stringMatching(/was not sent to: its URL must not point at an internal address/) });
    }
    expect(requests).toBe(0);
  });

  it('does not reach a loopback receiver by any spelling of its address', async () => {
    const spellings = ['127.0.0.1', '127.1', '2130706433', '0x7f000001', '0177.0.0.1', '[::ffff:7f00:1]', '[::ffff:127.0.0.1]', 'localhost', 'LOCALHOST.'];
    for (const host of spellings) {
      const err = await send(`http://${host}:${port}/hook`, {});
      expect(err, host).toMatchObject({ retryable: false, status: null });
    }
    expect(rx.got).toEqual([]);
  });
});

describe('sending: every address a name resolves to is checked, on the connection', () => {
  const names = {
    'evil.test': ['127.0.0.1'],
    'mixed.test': ['93.184.216.34', '127.0.0.1'],
    'mapped.test': ['::ffff:127.0.0.1'],
    'meta.test': ['169.254.169.254'],
    'hooks.corp.internal': ['127.0.0.1'],
  };

  it('refuses a name that resolves to loopback (or to it among public addresses) for good, and sends nothing', async () => {
    const r = testResolver(names);
    for (const host of ['evil.test', 'mixed.test', 'mapped.test']) {
      const err = await send(`http://${host}:${port}/hook`, { egress: egress('', r.resolve) });
      expect(err, host).toBeInstanceOf(DeliveryError);
      expect(err, host).toMatchObject({ retryable: false, status: null });
      expect((err as Error).message, host).toContain(`was not sent to: ${host} resolves to an internal address: 127.0.0.1 is loopback`);
    }
    expect(r.asked).toEqual(['evil.test', 'mixed.test', 'mapped.test']);
    expect(rx.got).toEqual([]);
  });

  it('delivers to a name or range PEAKWATCH_RECEIVER_ALLOW admits, but never to a metadata address', async () => {
    const r = testResolver(names);
    expect(await send(`http://evil.test:${port}/a`, { egress: egress('127.0.0.0/8', r.resolve) })).toBeNull();
    expect(await send(`http://hooks.corp.internal:${port}/b`, { egress: egress('hooks.corp.internal', r.resolve) })).toBeNull();
    expect(await send(`http://127.0.0.1:${port}/c`, { egress: egress('127.0.0.1') })).toBeNull();
    expect(rx.got.map((g) => g.body)).toEqual(['{}', '{}', '{}']);
    const meta = await send(`http://meta.test:${port}/d`, { egress: egress('0.0.0.0/0,meta.test', r.resolve) });
    expect((meta as Error).message).toContain('meta.test resolves to an internal address: 169.254.169.254 is a cloud metadata service');
    expect(rx.got).toHaveLength(3);
    rx.got.length = 0;
  });

  it('reports a name that does not resolve as retryable', async () => {
    const err = await send('http://nowhere.test/hook', { egress: egress('', testResolver(names).resolve) });
    expect(err).toMatchObject({ retryable: true, status: null, message: expect.stringContaining('could not be reached: ENOTFOUND') });
  });
});

describe('the server', () => {
  it('refuses an internal receiver URL at PUT naming the field, and does not deliver to one stored before', async () => {
    const s = await startTestServer(redis, { now: T0, receiverAllow: '' });
    servers.push(s);
    await s.application.evaluator.stop();
    const put = await fetch(`${s.url}/api/v1/receivers`, {
      method: 'PUT', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'hook', type: 'webhook', url: rx.url }]),
    });
    expect(put.status).toBe(400);
    expect(await put.json()).toMatchObject({ error: expect.stringMatching(/^receivers\[0\]\.url: must not point at an internal address: 127\.0\.0\.1 is loopback/) });
    // Stored while the deployment admitted it, then the allow list changed: delivery refuses it too.
    await s.built.alerts.setReceivers([{ name: 'hook', type: 'webhook', url: rx.url }]);
    await s.application.worker.deliver({ receiver: 'hook', notification: notification('firing', firingAlert(), T0), attempt: 0 });
    const [dead] = await s.built.alerts.deadLetters(1);
    expect(dead).toMatchObject({ receiver: 'hook', attempt: 1, error: expect.stringContaining('was not sent to: its URL must not point at an internal address') });
    expect(rx.got).toEqual([]);
  });

  it("shows a lead the status of a failed delivery, never the receiver's reply; the admin its start", async () => {
    const s = await startTestServer(redis, { now: T0 });
    servers.push(s);
    await s.application.evaluator.stop();
    await s.built.alerts.setReceivers([{ name: 'hook', type: 'webhook', url: rx.url }]);
    rx.failNext(2);
    const n = notification('firing', firingAlert(), T0);
    await s.application.worker.deliver({ receiver: 'hook', notification: n, attempt: 0 }); // retried later
    await s.application.worker.deliver({ receiver: 'hook', notification: n, attempt: 9 }); // the last attempt: dead
    const health = async (token: string) => {
      const res = await fetch(`${s.url}/api/v1/receivers/health`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return { text: await res.clone().text(), body: await res.json() };
    };
    const lead = await health(TOKENS.lead);
    expect(lead.text).not.toContain(FAILURE_REPLY.slice(0, 20));
    expect(lead.body.receivers[0]).toEqual({
      receiver: 'hook', lastOkAt: null, lastErrorAt: T0, failuresInRow: 2, deadLetters: 1,
      lastError: `webhook receiver "hook" (127.0.0.1:${port}) answered HTTP 503`,
    });
    expect(lead.body.deadLetters[0]).not.toHaveProperty('reply');
    const admin = await health(TOKENS.admin);
    expect(admin.body.receivers[0]).toMatchObject({ lastError: lead.body.receivers[0].lastError, lastReply: FAILURE_REPLY });
    expect(admin.body.deadLetters[0]).toMatchObject({ error: lead.body.receivers[0].lastError, reply: FAILURE_REPLY });

    // An earlier version kept the reply's start in the error itself: a lead does not get it from there either.
    const legacy = `webhook receiver "hook" (127.0.0.1:${port}) answered HTTP 502: ${FAILURE_REPLY}`;
    await s.built.alerts.recordFailure('hook', legacy, T0 + 1);
    await s.built.alerts.deadLetter({ receiver: 'hook', notification: n, attempt: 10, error: legacy, at: T0 + 1 });
    const later = await health(TOKENS.lead);
    expect(later.text).not.toContain(FAILURE_REPLY.slice(0, 20));
    expect(later.body.receivers[0].lastError).toBe(`webhook receiver "hook" (127.0.0.1:${port}) answered HTTP 502`);
    expect(later.body.deadLetters[0].error).toBe(later.body.receivers[0].lastError);
  });
});
