import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericDialect } from '../../scripts/sim/dialects/generic';
import { GENERIC_SAMPLE_MAPPING } from '../../server/connectors/sources/generic';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { connectorDay, connectorHealth, dayBothWays, figures, putConnectors, sendRequest } from '../helpers/connector-day';
import { connect } from '../helpers/redis';

const NOW = Date.parse('2026-11-27T12:00:30Z');
const SECRET = 'generic-bearer-secret-1';
const FIXTURES = new URL('../fixtures/connectors/generic/', import.meta.url);

/** A help desk's ticket webhook, mapped field by field (the fixture's README says where its shape comes from). */
const HELPDESK_MAPPING = {
  fields: { type: '/event_type', id: '/ticket/id', at: '/occurred_at', contactId: '/ticket/id', channel: '/ticket/via', queue: '/ticket/group_name', reason: '/ticket/tags/0' },
  types: { 'ticket.created': 'contact.queued', 'ticket.replied': 'contact.answered', 'ticket.solved': 'contact.resolved' },
  constants: { channel: 'email' },
  timeUnit: 's',
};

let redis: Redis;
let srv: TestServer;
beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
  await putConnectors(srv, [{ name: 'desk', type: 'generic', secret: SECRET, mapping: HELPDESK_MAPPING, channels: { web: 'chat' } }]);
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

const post = (body: string, auth: string | null = `Bearer ${SECRET}`) => sendRequest(srv, {
  path: '/api/v1/connectors/desk', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body,
});
const fixture = (file: string) => readFileSync(new URL(file, FIXTURES), 'utf8').replaceAll('1795780800', String(Math.floor(NOW / 1000) - 60));

describe('generic: a declarative mapping', () => {
  it('reads each field by its pointer, maps type and channel values, fills constants, epoch seconds', async () => {
    const created = await post(fixture('ticket_created.json'));
    expect(created.body).toEqual({ accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
    const snap = await srv.snapshot('?queues=1');
    expect(snap.channels.email!.waiting).toBe(1); // no `via`: the constant channel
    expect(snap.channels.email!.queues!.billing!.waiting).toBe(1);
    const web = await post(fixture('ticket_created.json').replace('"id": 5521', '"id": 5522').replace('"tags"', '"via": "web", "tags"'));
    expect(web.body.accepted).toBe(1);
    expect((await srv.snapshot()).channels.chat!.waiting).toBe(1); // `via: web` through the channels map
    expect((await post(fixture('ticket_created.json'))).body).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('a type not in the map is ignored with 200; an item that is no object too', async () => {
    const r = await post(fixture('ticket_updated.json'));
    expect(r).toMatchObject({ status: 200, body: { accepted: 0, ignored: 1 } });
    const h = await connectorHealth(srv, 'desk');
    expect(h.ignored).toBeGreaterThanOrEqual(1);
  });

  it('a wrong or missing bearer: 401, nothing applied, counted', async () => {
    const before = figures(await srv.snapshot());
    const body = fixture('ticket_created.json').replace('"id": 5521', '"id": 6000');
    expect((await post(body, 'Bearer wrong-secret-123')).status).toBe(401);
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, `Bearer ${TOKENS.admin}`)).status).toBe(401);
    expect(figures(await srv.snapshot())).toEqual(before);
    const h = await connectorHealth(srv, 'desk');
    expect(h.refused).toBe(3);
    expect(h.refusals[2].reason).toBe('wrong bearer secret');
  });

  it('a field the contract refuses is rejected by the ingest path, named, and counted as the last error', async () => {
    const r = await post(fixture('ticket_created.json').replace('"id": 5521', '"id": 6001').replace('"tags"', '"via": "fax", "tags"'));
    expect(r.status).toBe(200);
    expect(r.body.rejected).toEqual([{ index: 0, error: expect.stringContaining('unknown channel "fax"') }]);
    expect((await connectorHealth(srv, 'desk')).lastError).toContain('unknown channel "fax"');
  });
});

describe('generic: a scripted day', () => {
  it('through the connector (the sample mapping) gives the same figures as the same day posted as events, in order or not', async () => {
    for (const shuffle of [false, true]) {
      const r = await dayBothWays(redis, {
        dialect: genericDialect, connector: { name: 'gen', secret: SECRET, mapping: GENERIC_SAMPLE_MAPPING }, day: connectorDay(NOW, shuffle ? 's' : 'g'), now: NOW, shuffle,
      });
      expect(r.unsent).toEqual([]);
      expect(r.viaConnector.totals.windows.today.orders).toBe(120);
      await r.connectorServer.close();
    }
  });
});
