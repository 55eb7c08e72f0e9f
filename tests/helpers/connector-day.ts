/**
 * A day through a connector against the same day as Peakwatch events: the reusable check every source type's
 * test runs. One server receives the day as the source would send it (its dialect: payload shapes and signature),
 * another receives the events the dialect could express through `POST /api/v1/events`; their snapshots must match.
 */
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { ConnectorConfig } from '../../server/connectors/connector';
import type { Dialect, SourceRequest } from '../../scripts/sim/dialects/dialect';
import type { PeakEvent } from '../../shared/events';
import type { Snapshot } from '../../shared/snapshot';
import { TOKENS, type TestServer, startTestServer } from './app';
import { shuffle } from './events';

/** PUTs the connectors as the admin; throws on anything but 200. */
export async function putConnectors(srv: TestServer, list: unknown[]): Promise<any> {
  const res = await fetch(`${srv.url}/api/v1/connectors`, {
    method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.admin}` }, body: JSON.stringify(list),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`PUT /connectors ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Sends one source request to the server as it is (no headers added). */
export async function sendRequest(srv: TestServer, r: SourceRequest): Promise<{ status: number; body: any }> {
  const res = await fetch(`${srv.url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** The health of one connector, read as a lead. */
export async function connectorHealth(srv: TestServer, name: string): Promise<any> {
  const res = await fetch(`${srv.url}/api/v1/connectors/health`, { headers: { authorization: `Bearer ${TOKENS.lead}` } });
  const body = (await res.json()) as { connectors: { name: string }[] };
  return body.connectors.find((c) => c.name === name);
}

/** The figures of a snapshot, without what depends on the alert evaluator's timing. */
export const figures = (s: Snapshot) => ({ channels: s.channels, totals: s.totals, reasons: s.reasons });

const D = (now: number, minutesAgo: number, second = 0) => Math.floor(now / 60_000) * 60_000 - minutesAgo * 60_000 + second * 1000;

/**
 * A scripted day every source can say most of, ending at `now`: times in whole seconds (Chatwoot's conversation
 * times are), every event of a contact with its channel, queue and reason, an abandoned contact resolved at its
 * abandon (Chatwoot's only way to say it). Answered, abandoned and open contacts on every default channel, CSAT
 * with its contact, orders and agent statuses (the sources that cannot say them leave them unsent).
 */
export function connectorDay(now: number, prefix = 'k'): PeakEvent[] {
  const out: PeakEvent[] = [];
  let n = 0;
  const channels = ['chat', 'email', 'messaging', 'social', 'voice'];
  for (let i = 0; i < 40; i++) {
    const channel = channels[i % channels.length]!;
    const contactId = `${prefix}${i}`;
    const x = { channel, contactId, queue: i % 3 === 0 ? 'de' : 'fr', ...(i % 4 === 0 ? {} : { reason: i % 2 ? 'wismo' : 'refund' }) };
    const queuedAt = D(now, 170 - i * 4, i % 50);
    const id = () => `${prefix}-ev-${++n}`;
    out.push({ id: id(), type: 'contact.queued', at: queuedAt, ...x });
    if (i % 5 === 4) continue; // still open
    if (i % 7 === 3) {
      const at = queuedAt + (i % 2 ? 3_000 : 95_000);
      out.push({ id: id(), type: 'contact.abandoned', at, ...x }, { id: id(), type: 'contact.resolved', at, ...x });
      continue;
    }
    const answeredAt = queuedAt + ((i * 37) % 200) * 1000 + 1000;
    out.push({ id: id(), type: 'contact.answered', at: answeredAt, ...x });
    if (i % 3 !== 2) out.push({ id: id(), type: 'contact.resolved', at: answeredAt + 240_000, ...x });
    if (i % 3 === 0) out.push({ id: id(), type: 'csat.submitted', at: answeredAt + 250_000, channel, contactId, queue: x.queue, ...(x.reason ? { reason: x.reason } : {}), score: 1 + (i % 5) });
  }
  out.push({ id: `${prefix}-orders-1`, type: 'orders.placed', at: D(now, 30), count: 120 });
  out.push({ id: `${prefix}-agent-1`, type: 'agent.status', at: D(now, 20), channel: 'voice', agentId: 'a1', status: 'available' });
  return out.filter((e) => e.at <= now);
}

export interface DayResult {
  viaConnector: Snapshot;
  direct: Snapshot;
  unsent: PeakEvent[];
  requests: SourceRequest[];
  replies: { status: number; body: any }[];
  connectorServer: TestServer;
}

/**
 * Runs `day` through a connector of `dialect.type` on one fresh server and the expressible part of it as events
 * on another, and expects the same figures. `shuffle`: the source's requests are sent in a scrambled order. The
 * caller closes `connectorServer` (the other server is closed here).
 */
export async function dayBothWays(redis: Redis, opts: {
  dialect: Dialect; connector: Omit<ConnectorConfig, 'type'>; day: PeakEvent[]; now: number; shuffle?: boolean;
}): Promise<DayResult> {
  const config = { ...opts.connector, type: opts.dialect.type } as ConnectorConfig;
  const viaSrv = await startTestServer(redis, { now: opts.now });
  const directSrv = await startTestServer(redis, { now: opts.now });
  try {
    await putConnectors(viaSrv, [config]);
    const { requests, unsent } = opts.dialect.encode(opts.day, config, { publicUrl: viaSrv.url, now: opts.now });
    const replies = [];
    for (const r of opts.shuffle ? shuffle([...requests], 7) : requests) replies.push(await sendRequest(viaSrv, r));
    for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBe(200);
    for (const r of replies) expect(r.body.rejected, JSON.stringify(r.body)).toEqual([]);
    const sent = opts.day.filter((e) => !unsent.includes(e));
    const res = await directSrv.post(sent);
    expect(res.body.rejected).toEqual([]);
    const [viaConnector, direct] = [await viaSrv.snapshot('?queues=1'), await directSrv.snapshot('?queues=1')];
    expect(figures(viaConnector)).toEqual(figures(direct));
    return { viaConnector, direct, unsent, requests, replies, connectorServer: viaSrv };
  } catch (err) {
    await viaSrv.close();
    throw err;
  } finally {
    await directSrv.close();
  }
}
