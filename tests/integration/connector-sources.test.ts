/**
 * Zendesk, Twilio TaskRouter, Amazon Connect and Genesys Cloud through the real webhook route: a scripted day in
 * the source's own shapes and signature gives the figures of the same day posted as events (in order and out of
 * order), a re-delivered day is all duplicates, a forged or changed request is a 401 that changes nothing and is
 * counted, and an event that means nothing to Peakwatch is answered 200 and counted as ignored.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorConfig } from '../../server/connectors/connector';
import type { Dialect, SourceRequest } from '../../scripts/sim/dialects/dialect';
import { amazonConnectDialect } from '../../scripts/sim/dialects/amazon-connect';
import { genesysCloudDialect } from '../../scripts/sim/dialects/genesys-cloud';
import { twilioSignature, twilioTaskrouterDialect } from '../../scripts/sim/dialects/twilio-taskrouter';
import { zendeskDialect, zendeskHeaders } from '../../scripts/sim/dialects/zendesk';
import { startTestServer, type TestServer } from '../helpers/app';
import { connectorDay, connectorHealth, dayBothWays, figures, putConnectors, sendRequest } from '../helpers/connector-day';
import { fixture } from '../helpers/connector-sources';
import { connect } from '../helpers/redis';
import { tenantDump } from '../helpers/tenant-dump';
import type { PeakEvent } from '../../shared/events';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const SECRET = 'source-secret-0123456789';
let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => { redis.disconnect(); });

/** A request of an event type the source sends but Peakwatch has no use for, signed as the source signs. */
interface Case {
  dialect: Dialect;
  name: string;
  ignorable: (path: string, url: string) => SourceRequest;
  /** The proof covers the body (a signature), not only the sender (a bearer secret). */
  signsBody: boolean;
  /** What of the day the source cannot say at all (Genesys sends no contact reason). */
  sayable?: (e: PeakEvent) => PeakEvent;
}

const bearer = (path: string, body: unknown): SourceRequest => ({
  path, body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
});

const CASES: Case[] = [
  {
    dialect: zendeskDialect, name: 'zd', signsBody: true,
    ignorable: (path) => {
      const body = JSON.stringify(fixture('zendesk', 'ticket-priority-changed.json'));
      return { path, body, headers: { 'content-type': 'application/json', ...zendeskHeaders(SECRET, body, NOW) } };
    },
  },
  {
    dialect: twilioTaskrouterDialect, name: 'tw', signsBody: true,
    ignorable: (path, url) => {
      const body = new URLSearchParams(fixture('twilio-taskrouter', 'workflow-entered.json') as Record<string, string>).toString();
      return { path, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(SECRET, url + path, body) } };
    },
  },
  { dialect: amazonConnectDialect, name: 'ac', signsBody: false, ignorable: (path) => bearer(path, fixture('amazon-connect', 'contact-data-updated.json')) },
  {
    dialect: genesysCloudDialect, name: 'gc', signsBody: false, ignorable: (path) => bearer(path, fixture('genesys-cloud', 'flow-outcome.json')),
    sayable: (e) => { const { reason: _, ...rest } = e as PeakEvent & { reason?: string }; return rest as PeakEvent; },
  },
];

/** The same request with one byte of its body changed after it was signed. */
function tampered(r: SourceRequest): SourceRequest {
  const i = r.body.search(/\d/);
  const digit = r.body[i] === '1' ? '2' : '1';
  return { ...r, body: r.body.slice(0, i) + digit + r.body.slice(i + 1) };
}

/** A request of the day proved with another secret. */
function forged(c: Case, url: string): SourceRequest {
  const config = { name: c.name, type: c.dialect.type, secret: 'not-the-secret-0123456' } as ConnectorConfig;
  return c.dialect.encode(connectorDay(NOW, 'f').slice(0, 1), config, { publicUrl: url, now: NOW }).requests[0]!;
}

const dayOf = (c: Case, prefix: string) => connectorDay(NOW, prefix).map(c.sayable ?? ((e) => e));

describe.each(CASES)('$dialect.type through the webhook route', (c) => {
  it('a scripted day gives the figures of the same day as events; again, all duplicates', async () => {
    const r = await dayBothWays(redis, { dialect: c.dialect, connector: { name: c.name, secret: SECRET }, day: dayOf(c, 'k'), now: NOW });
    try {
      expect(r.requests.length).toBeGreaterThan(10);
      expect(Object.values(r.viaConnector.channels).some((ch) => ch.windows.today.answered > 0)).toBe(true);
      const before = figures(await r.connectorServer.snapshot('?queues=1'));
      for (const req of r.requests) expect((await sendRequest(r.connectorServer, req)).body.accepted).toBe(0);
      expect(figures(await r.connectorServer.snapshot('?queues=1'))).toEqual(before);
      expect((await connectorHealth(r.connectorServer, c.name)).duplicates).toBeGreaterThan(0);
    } finally {
      await r.connectorServer.close();
    }
  });

  it('out of order: the same figures', async () => {
    const r = await dayBothWays(redis, { dialect: c.dialect, connector: { name: c.name, secret: SECRET }, day: dayOf(c, 'o'), now: NOW, shuffle: true });
    await r.connectorServer.close();
  });

  describe('refusals and ignored events', () => {
    let srv: TestServer;
    beforeAll(async () => {
      srv = await startTestServer(redis, { now: NOW });
      await putConnectors(srv, [{ name: c.name, type: c.dialect.type, secret: SECRET }]);
    });
    afterAll(async () => { await srv.close(); });

    it('a wrong or missing proof, a body changed after signing, a stale signature: 401, nothing applied, counted as refused', async () => {
      const config = { name: c.name, type: c.dialect.type, secret: SECRET } as ConnectorConfig;
      const good = c.dialect.encode(connectorDay(NOW, 'r').slice(0, 1), config, { publicUrl: srv.url, now: NOW }).requests[0]!;
      const before = await tenantDump(redis, srv.store.keys);
      const bad = [forged(c, srv.url), { ...good, headers: { 'content-type': good.headers['content-type']! } }];
      if (c.signsBody) bad.push(tampered(good));
      // Zendesk signs a timestamp: the same request proved 10 minutes ago is a replay.
      if (c.dialect === zendeskDialect) bad.push({ ...good, headers: { 'content-type': 'application/json', ...zendeskHeaders(SECRET, good.body, NOW - 600_000) } });
      for (const req of bad) {
        const res = await sendRequest(srv, req);
        expect(res.status, JSON.stringify(res.body)).toBe(401);
      }
      expect(await tenantDump(redis, srv.store.keys)).toEqual(before);
      expect((await connectorHealth(srv, c.name)).refused).toBe(bad.length);
      expect((await sendRequest(srv, good)).body.accepted).toBe(1);
    });

    it('an event type that means nothing to Peakwatch: 200, counted as ignored, nothing applied', async () => {
      const req = c.ignorable(`/api/v1/connectors/${c.name}`, srv.url);
      const before = await tenantDump(redis, srv.store.keys);
      const res = await sendRequest(srv, req);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ accepted: 0, duplicates: 0, rejected: [] });
      expect(res.body.ignored).toBeGreaterThan(0);
      expect(await tenantDump(redis, srv.store.keys)).toEqual(before);
      expect((await connectorHealth(srv, c.name)).ignored).toBeGreaterThan(0);
    });
  });
});
