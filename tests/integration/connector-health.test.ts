import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorType } from '../../server/connectors/connector';
import { receive } from '../../server/connectors/receive';
import { chatwoot } from '../../server/connectors/sources/chatwoot';
import { createMetrics } from '../../server/metrics/prometheus';
import { ConnectorStore } from '../../server/store/connector-store';
import { TOKENS, type TestServer, startTestServer } from '../helpers/app';
import { connectorHealth, putConnectors, sendRequest } from '../helpers/connector-day';
import { connect, testStore } from '../helpers/redis';

const NOW = Date.parse('2026-11-27T12:00:30Z');
const MIN = 60_000;
const SECRET = 'health-test-secret-123';

let redis: Redis;
let srv: TestServer;
beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
  await putConnectors(srv, [{ name: 'chat-eu', type: 'chatwoot', secret: SECRET, silentAfter: 5 }, { name: 'chat-us', type: 'chatwoot', secret: SECRET }]);
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

describe('connector health', () => {
  it('is for leads; counts show in /metrics', async () => {
    const as = (token: string) => fetch(`${srv.url}/api/v1/connectors/health`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await as(TOKENS.viewer)).toBe(403);
    expect(await as(TOKENS.lead)).toBe(200);
    await sendRequest(srv, { path: '/api/v1/connectors/chat-eu?token=wrong-token-1', headers: { 'content-type': 'application/json' }, body: '{}' });
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    expect(metrics).toMatch(/peakwatch_connector_requests_total\{connector="chat-eu",result="refused"\} 1/);
    expect((await connectorHealth(srv, 'chat-eu')).configuredAt).toBe(NOW);
  });

  it('connector-silent fires for the connector silent past its own silentAfter, not for the other', async () => {
    srv.clock.set(NOW + 7 * MIN);
    await srv.application.evaluator.evaluate(await srv.built.snapshot());
    const alerts = (await srv.built.alerts.activeAlerts()).filter((a) => a.ruleId === 'connector-silent');
    // chat-eu: its refused request 7 min ago, silentAfter 5; chat-us: configured 7 min ago, silentAfter 10.
    expect(alerts.map((a) => [a.channel, a.state, a.threshold])).toEqual([['chat-eu', 'firing', 5]]);
    srv.clock.set(NOW);
  });

  it('a failed signature of a type that signs the URL says the public URL is likely wrong, naming both URLs', async () => {
    const signsUrl: ConnectorType = { ...chatwoot, signsUrl: true, verify: () => ({ ok: false, reason: 'signature does not match' }) };
    const store = testStore(redis, () => NOW);
    const connectors = new ConnectorStore(redis, store.keys);
    const config = { name: 'tw', type: 'twilio-taskrouter' as const, secret: SECRET };
    const deps = { store, connectors, channels: new Set(['voice']), clock: () => NOW, metrics: createMetrics(async () => { throw new Error('unused'); }) };
    const webhook = { rawBody: Buffer.from('A=1'), headers: {}, query: {}, pathAndQuery: '/api/v1/connectors/tw', seenUrl: 'http://10.0.0.5:8080/api/v1/connectors/tw' };
    await expect(receive(signsUrl, config, webhook, { ...deps, publicUrl: 'https://peakwatch.example.com' })).rejects.toMatchObject({ status: 401 });
    let [h] = await connectors.health([config]);
    expect(h!.lastError).toBe('signature failed: the public URL is likely wrong (PEAKWATCH_PUBLIC_URL gives https://peakwatch.example.com/api/v1/connectors/tw, '
      + 'the server saw http://10.0.0.5:8080/api/v1/connectors/tw); it must be the URL the source calls');
    await expect(receive(signsUrl, config, webhook, { ...deps, publicUrl: null })).rejects.toMatchObject({ status: 401 });
    [h] = await connectors.health([config]);
    expect(h!.lastError).toContain('PEAKWATCH_PUBLIC_URL is not set');
    expect(h).toMatchObject({ refused: 2, accepted: 0 });
    // A type that does not sign the URL gets no such hint.
    await connectors.forget(['tw']);
    await expect(receive({ ...signsUrl, signsUrl: false }, config, webhook, { ...deps, publicUrl: null })).rejects.toMatchObject({ status: 401 });
    expect((await connectors.health([config]))[0]!.lastError).toBeNull();
  });
});
