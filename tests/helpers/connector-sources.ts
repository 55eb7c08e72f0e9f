/**
 * What the source-type unit tests share: fixtures from tests/fixtures/connectors/<type>/, requests as the HTTP
 * route hands them over, and the round trip dialect.encode → verify → parse → translate.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { checkEvent, type PeakEvent } from '../../shared/events';
import type { ConnectorConfig, ConnectorContext, ConnectorRequest, ConnectorType, Translation } from '../../server/connectors/connector';
import type { Dialect, SourceRequest } from '../../scripts/sim/dialects/dialect';

export const PUBLIC_ORIGIN = 'https://peakwatch.example.com';
/** A clock inside the sample day below. */
export const NOW = Date.parse('2026-11-27T12:00:00Z');

export function fixture(type: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/connectors/${type}/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

export function ctxOf(config: ConnectorConfig, now = NOW): ConnectorContext {
  return { config, now };
}

/** A request as the route passes it: raw bytes, lower-case headers, the public URL the source called. */
export function requestOf(body: string | Buffer, headers: Record<string, string>, path: string, origin = PUBLIC_ORIGIN): ConnectorRequest {
  const url = new URL(path, origin);
  return {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    publicUrl: url.toString(),
    query: Object.fromEntries(url.searchParams),
  };
}

export function sourceRequest(r: SourceRequest, origin = PUBLIC_ORIGIN): ConnectorRequest {
  return requestOf(r.body, r.headers, r.path, origin);
}

/** verify (must pass), parse and translate one request, in the order the route runs them. */
export function receive(type: ConnectorType, req: ConnectorRequest, ctx: ConnectorContext): Translation {
  const verdict = type.verify(req, ctx);
  if (!verdict.ok) throw new Error(`refused: ${verdict.reason}`);
  return type.translate(type.parse(req), ctx);
}

/** Every event the connector made must pass the ingest contract (configured channels, the clock). */
export function expectValid(events: Record<string, unknown>[], now = NOW): void {
  for (const e of events) {
    const check = checkEvent(e, { channels: new Set(DEFAULT_CHANNELS), now });
    if (!check.ok) throw new Error(`invalid event ${JSON.stringify(e)}: ${check.error}`);
  }
}

/** An event without its id, its contact/agent id unscoped: what a source round trip must give back. */
export function comparable(e: Record<string, unknown>, connector: string): Record<string, unknown> {
  const { id: _id, ...rest } = e;
  for (const k of ['contactId', 'agentId'] as const) {
    if (typeof rest[k] === 'string') rest[k] = (rest[k] as string).replace(`${connector}:`, '');
  }
  if (typeof rest.at === 'string') rest.at = Date.parse(rest.at);
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

/** A few minutes of a day, in every channel and status, plus events no contact system sends (csat, orders). */
export function sampleDay(t0 = NOW - 30 * 60_000): PeakEvent[] {
  const events: PeakEvent[] = [];
  let n = 0;
  const at = (min: number) => t0 + min * 60_000 + (n % 7) * 1_111;
  const contact = (type: PeakEvent['type'], channel: string, contactId: string, min: number, queue = 'uk', reason = 'where-is-my-order') => {
    events.push({ id: `day-${n++}`, type, at: at(min), channel, contactId, queue, reason } as PeakEvent);
  };
  for (const channel of DEFAULT_CHANNELS) {
    contact('contact.queued', channel, `${channel}-1`, 1);
    contact('contact.answered', channel, `${channel}-1`, 3);
    contact('contact.resolved', channel, `${channel}-1`, 9);
    contact('contact.queued', channel, `${channel}-2`, 2, 'de', 'damaged-item');
    contact('contact.abandoned', channel, `${channel}-2`, 6, 'de', 'damaged-item');
  }
  for (const status of ['available', 'busy', 'away', 'offline'] as const) {
    events.push({ id: `day-${n++}`, type: 'agent.status', at: at(10), channel: 'voice', agentId: `agent-${status}`, status });
  }
  events.push({ id: `day-${n++}`, type: 'csat.submitted', at: at(12), channel: 'chat', score: 5, contactId: 'chat-1' });
  events.push({ id: `day-${n++}`, type: 'orders.placed', at: at(12), count: 40 });
  return events;
}

/** A JSON body posted with the connector's bearer token (EventBridge API destinations, forwarders). */
export function bearerPost(config: ConnectorConfig, path: string) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${config.secret}` };
  return (body: unknown, h: Record<string, string> = headers) => requestOf(JSON.stringify(body), h, path);
}

/** The type's own sample, signed by `headersFor`, received: it must make one valid event. */
export function receiveSample(type: ConnectorType, config: ConnectorConfig, path: string, headersFor: (body: string, contentType: string) => Record<string, string>): Translation {
  const sample = type.sample(ctxOf(config));
  const t = receive(type, requestOf(sample.body, headersFor(sample.body, sample.contentType), path), ctxOf(config));
  expectValid(t.events);
  return t;
}

/**
 * The sample day through the dialect and back: what the connector made and what was sent, both made
 * comparable (and passed through `normalize`, which drops what the source cannot carry).
 */
export function dayThrough(dialect: Dialect, type: ConnectorType, config: ConnectorConfig, normalize: (e: Record<string, unknown>) => Record<string, unknown> = (e) => e) {
  const day = sampleDay();
  const out = roundTrip(dialect, type, config, day);
  expectValid(out.events);
  const sent = day.filter((e) => !out.unsent.includes(e));
  return {
    got: out.events.map((e) => normalize(comparable(e, config.name))),
    want: sent.map((e) => normalize(comparable(e as unknown as Record<string, unknown>, config.name))),
    unsent: out.unsent,
    ignored: out.ignored,
  };
}

/** The dialect's requests, each received by the connector: the events and ignored notes it made, and what it left unsent. */
export function roundTrip(dialect: Dialect, type: ConnectorType, config: ConnectorConfig, events: PeakEvent[]): { events: Record<string, unknown>[]; ignored: string[]; unsent: PeakEvent[]; requests: number } {
  const { requests, unsent } = dialect.encode(events, config, { publicUrl: PUBLIC_ORIGIN, now: NOW });
  const out = { events: [] as Record<string, unknown>[], ignored: [] as string[], unsent, requests: requests.length };
  for (const r of requests) {
    const t = receive(type, sourceRequest(r), ctxOf(config));
    out.events.push(...t.events);
    out.ignored.push(...t.ignored);
  }
  return out;
}
