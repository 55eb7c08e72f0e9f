import { readFileSync, readdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatwootDialect } from '../../scripts/sim/dialects/chatwoot';
import { chatwootSignature } from '../../server/connectors/sources/chatwoot';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { connectorDay, connectorHealth, dayBothWays, figures, putConnectors, sendRequest } from '../helpers/connector-day';
import { connect } from '../helpers/redis';

const NOW = Date.parse('2026-11-27T12:00:30Z');
const SECRET = 'chatwoot-webhook-secret-1';
const FIXTURES = new URL('../fixtures/connectors/chatwoot/', import.meta.url);

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => { redis.disconnect(); });

/** A fixture with its times moved to `NOW` (ISO and epoch seconds alike), as Chatwoot would send it now. */
function fixture(file: string, conversationId = 1, opts: { createdAt?: number; updatedAt?: number } = {}): string {
  const body = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as Record<string, any>;
  const conv = body.event.startsWith('message_') ? body.conversation : body;
  conv.id = conversationId;
  const created = Math.floor((opts.createdAt ?? NOW - 120_000) / 1000);
  const updated = (opts.updatedAt ?? NOW - 60_000) / 1000;
  conv.created_at = created;
  conv.updated_at = updated;
  conv.timestamp = Math.floor(updated);
  if (body.event === 'message_created') body.created_at = new Date(opts.updatedAt ?? NOW - 60_000).toISOString();
  return JSON.stringify(body);
}

const signed = (body: string, ts = Math.floor(NOW / 1000), secret = SECRET) => ({
  path: '/api/v1/connectors/chat-eu',
  headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': String(ts), 'x-chatwoot-signature': chatwootSignature(secret, String(ts), body) },
  body,
});

/** A server with one Chatwoot connector, `chat-eu`. */
async function chatwootServer(): Promise<TestServer> {
  const srv = await startTestServer(redis, { now: NOW });
  await putConnectors(srv, [{ name: 'chat-eu', type: 'chatwoot', secret: SECRET }]);
  return srv;
}

describe('chatwoot: the published payload shapes', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await chatwootServer(); });
  afterAll(async () => { await srv.close(); });

  it('every fixture is answered 200, and each does what its name says', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(8);
    const replies: Record<string, any> = {};
    for (const [i, f] of files.entries()) {
      const r = await sendRequest(srv, signed(fixture(f, 100 + i)));
      expect(r.status, `${f}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.rejected, f).toEqual([]);
      replies[f] = r.body;
    }
    expect(replies['conversation_created.json']).toMatchObject({ accepted: 1, ignored: 0 });
    expect(replies['conversation_created_pending.json']).toMatchObject({ accepted: 0, ignored: 1 });
    expect(replies['conversation_status_changed_open.json']).toMatchObject({ accepted: 1 });
    expect(replies['message_created_agent.json']).toMatchObject({ accepted: 1 });
    expect(replies['message_created_incoming.json']).toMatchObject({ accepted: 0, ignored: 1 });
    expect(replies['message_created_bot.json']).toMatchObject({ accepted: 0, ignored: 1 });
    expect(replies['message_created_private.json']).toMatchObject({ accepted: 0, ignored: 1 });
    expect(replies['conversation_status_changed_resolved.json']).toMatchObject({ accepted: 2 }); // answered (first reply) + resolved
    expect(replies['conversation_status_changed_resolved_unanswered.json']).toMatchObject({ accepted: 2 }); // abandoned + resolved
    expect(replies['message_updated_csat.json']).toMatchObject({ accepted: 1 });
    expect(replies['contact_created.json']).toMatchObject({ accepted: 0, ignored: 1 });
    // The conversation's contact (meta.sender) is its customer: the chats queued carry one.
    const today = (await srv.snapshot()).channels.chat!.windows.today;
    expect(today.customerArrivals).toBeGreaterThan(0);
    expect(today.customerArrivals).toBe(today.arrivals);
  });

  it('a message event whose message_type is a number (as inside messages[]) reads the same', async () => {
    const body = JSON.parse(fixture('message_created_agent.json', 900)) as Record<string, unknown>;
    body.message_type = 1;
    const r = await sendRequest(srv, signed(JSON.stringify(body)));
    expect(r.body).toMatchObject({ accepted: 1, ignored: 0 });
  });
});

describe('chatwoot: refusals', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await chatwootServer(); });
  afterAll(async () => { await srv.close(); });

  it('wrong, missing or stale signatures and a body changed after signing: 401, nothing applied, counted', async () => {
    const before = figures(await srv.snapshot());
    const body = fixture('conversation_created.json', 7);
    const good = signed(body);
    const cases = [
      { ...good, headers: { ...good.headers, 'x-chatwoot-signature': chatwootSignature('another-secret', good.headers['x-chatwoot-timestamp'], body) } },
      { ...good, headers: { 'content-type': 'application/json' } },
      signed(body, Math.floor(NOW / 1000) - 301),
      { ...good, body: body.replace('"open"', '"open" ') },
      { ...good, path: `${good.path}?token=wrong-token-123`, headers: { 'content-type': 'application/json' } },
    ];
    for (const c of cases) {
      const r = await sendRequest(srv, c);
      expect(r.status, JSON.stringify(r.body)).toBe(401);
      expect(r.body.error).toMatch(/^refused: /);
    }
    expect(figures(await srv.snapshot())).toEqual(before);
    const h = await connectorHealth(srv, 'chat-eu');
    expect(h.refused).toBe(cases.length);
    expect(h.accepted).toBe(0);
    expect(h.refusals).toHaveLength(cases.length);
    expect(h.refusals[0].reason).toBe('wrong ?token=');
    expect(h.refusals.map((x: { reason: string }) => x.reason)).toContain('X-Chatwoot-Timestamp is more than 5 minutes from now (replay or clock skew)');
    // The unsigned installation's way works.
    const ok = await sendRequest(srv, { ...good, path: `${good.path}?token=${SECRET}`, headers: { 'content-type': 'application/json' } });
    expect(ok.body).toMatchObject({ accepted: 1 });
  });

  it('re-delivery is a duplicate; unknown events are ignored with 200; an unreadable body is a 400; unknown connector 404', async () => {
    const req = signed(fixture('conversation_created.json', 8));
    expect((await sendRequest(srv, req)).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await sendRequest(srv, req)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const typing = await sendRequest(srv, signed(JSON.stringify({ event: 'conversation_typing_on', conversation: { id: 8 } })));
    expect(typing).toMatchObject({ status: 200, body: { accepted: 0, ignored: 1 } });
    const bad = await sendRequest(srv, signed('{not json'));
    expect(bad.status).toBe(400);
    expect((await connectorHealth(srv, 'chat-eu')).lastError).toBe('body is not valid JSON');
    expect((await sendRequest(srv, { ...req, path: '/api/v1/connectors/nope' })).status).toBe(404);
  });
});

describe('chatwoot: a scripted day', () => {
  it('through the connector gives the same figures as the same day posted as events', async () => {
    const day = connectorDay(NOW);
    const r = await dayBothWays(redis, { dialect: chatwootDialect, connector: { name: 'chat-eu', secret: SECRET }, day, now: NOW });
    try {
      expect(r.unsent.map((e) => e.type).sort()).toEqual(['agent.status', 'orders.placed']);
      expect(r.viaConnector.channels.chat!.windows.today.answered).toBeGreaterThan(0);
      expect(r.viaConnector.channels.email!.windows.today.abandoned).toBeGreaterThan(0);
      // Re-delivering the whole day changes nothing: every request is a duplicate.
      const before = figures(await r.connectorServer.snapshot('?queues=1'));
      for (const req of r.requests) {
        const again = await sendRequest(r.connectorServer, req);
        expect(again.body.accepted).toBe(0);
      }
      expect(figures(await r.connectorServer.snapshot('?queues=1'))).toEqual(before);
      const h = await connectorHealth(r.connectorServer, 'chat-eu');
      expect(h.lastRequestAt).toBe(NOW);
      expect(h.duplicates).toBeGreaterThan(0);
    } finally {
      await r.connectorServer.close();
    }
  });

  it('out of order: the same figures', async () => {
    const r = await dayBothWays(redis, { dialect: chatwootDialect, connector: { name: 'chat-eu', secret: SECRET }, day: connectorDay(NOW, 'o'), now: NOW, shuffle: true });
    await r.connectorServer.close();
  });
});

describe('connector configuration', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startTestServer(redis, { now: NOW }); });
  afterAll(async () => { await srv.close(); });
  const put = (body: unknown, token = TOKENS.admin) => fetch(`${srv.url}/api/v1/connectors`, {
    method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('admin writes, lead reads, the secret is never returned and kept when left out', async () => {
    expect((await put([{ name: 'chat-eu', type: 'chatwoot', secret: SECRET }], TOKENS.lead)).status).toBe(403);
    const saved = await put([{ name: 'chat-eu', type: 'chatwoot', secret: SECRET, channels: { 'Channel::Api': 'chat' } }]);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual([{ name: 'chat-eu', type: 'chatwoot', channels: { 'Channel::Api': 'chat' }, hasSecret: true }]);
    expect((await put([{ name: 'chat-eu', type: 'chatwoot' }])).status).toBe(200);
    const read = await fetch(`${srv.url}/api/v1/connectors`, { headers: { authorization: `Bearer ${TOKENS.lead}` } });
    expect(JSON.stringify(await read.json())).not.toContain(SECRET);
    expect((await srv.built.connectors.get('chat-eu'))?.secret).toBe(SECRET);
  });

  it('refuses bad names, unknown channels in maps, a new connector without a secret, a generic one without a mapping', async () => {
    const bad = [
      [{ name: 'Chat EU', type: 'chatwoot', secret: SECRET }, 'connectors[0].name'],
      [{ name: 'chat-eu', type: 'chatwoot', secret: SECRET, channels: { 'Channel::Api': 'pigeon' } }, 'connectors[0].channels.Channel::Api'],
      [{ name: 'new-one', type: 'chatwoot' }, 'connectors[0].secret'],
      [{ name: 'gen', type: 'generic', secret: SECRET }, 'connectors[0].mapping'],
      [{ name: 'chat-eu', type: 'pbx', secret: SECRET }, 'connectors[0].type'],
    ] as const;
    for (const [c, field] of bad) {
      const r = await put([c]);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error).toContain(field);
    }
  });
});
