import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../scripts/sim/options';
import { startSimulator } from '../../scripts/sim/runner';
import { type TestServer, startTestServer } from '../helpers/app';
import { connectorHealth, putConnectors } from '../helpers/connector-day';
import { connect } from '../helpers/redis';

const NOON = Date.parse('2026-11-27T12:00:00Z');
const SECRET = 'simulated-chatwoot-secret';

let redis: Redis;
let srv: TestServer;
beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOON });
  await putConnectors(srv, [{ name: 'chat-eu', type: 'chatwoot', secret: SECRET }]);
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

describe('simulate --as chatwoot --connector <name>', () => {
  it('parses the flags: the dialect, the connector, its secret; no ingest key needed', () => {
    const p = parseCli(['--as', 'chatwoot', '--connector', 'chat-eu'], { PEAKWATCH_CONNECTOR_SECRET: SECRET });
    expect(p.kind).toBe('run');
    if (p.kind !== 'run') return;
    expect(p.options.as?.config).toMatchObject({ name: 'chat-eu', type: 'chatwoot', secret: SECRET });
    expect(parseCli(['--as', 'pbx'], {})).toEqual({ kind: 'error', message: expect.stringContaining('--as must be one of chatwoot') });
    expect(parseCli(['--as', 'chatwoot'], {})).toEqual({ kind: 'error', message: expect.stringContaining('--secret') });
    expect(parseCli(['--connector', 'x'], { PEAKWATCH_INGEST_KEYS: 'k'.repeat(20) })).toEqual({ kind: 'error', message: '--connector and --secret go with --as <type>' });
  });

  it('posts half an hour of the simulated day through the connector: contacts on the wall, counted in its health', async () => {
    const p = parseCli(['--as', 'chatwoot', '--connector', 'chat-eu', '--secret', SECRET, '--url', srv.url, '--intensity', '0.2'], {});
    if (p.kind !== 'run') throw new Error(JSON.stringify(p));
    const sim = startSimulator({ ...p.options, backfillHours: 0.5, once: true, now: () => NOON, progressEveryMs: 0, log: () => {}, warn: () => {} });
    await sim.done;
    const snap = await srv.snapshot();
    expect(snap.channels.chat!.windows['60m'].arrivals).toBeGreaterThan(0);
    expect(snap.totals.windows['60m'].orders).toBe(0); // Chatwoot cannot say orders
    const h = await connectorHealth(srv, 'chat-eu');
    expect(h.accepted).toBeGreaterThan(10);
    expect(h.refused).toBe(0);
    expect(h.lastError).toBeNull();
  }, 60_000);
});
