/**
 * Pieces the source types share: proofs compared in constant time, JSON bodies, EventBridge envelopes, the
 * event and contact ids a connector makes, and the lookups through an admin's maps.
 */
import { parseJson as parseJsonBody } from '../parse';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AgentStatus } from '../../../shared/channels';
import { isSafeText } from '../../../shared/text';
import { bearer, safeEqual } from '../../http/auth';
import { ConnectorInputError, type ConnectorConfig, type ConnectorContext, type ConnectorRequest, type Translation, type Verdict } from '../connector';

export type Json = Record<string, unknown>;

/** The object itself when `v` is a plain JSON object, else undefined. */
export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

/** A non-empty string (numbers are ids too: Zendesk sends some as numbers, some as strings), else undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** `o[key]`, or the same key with its first letter in the other case (sources that changed casing over time). */
export function field(o: Json | undefined, key: string): unknown {
  if (!o) return undefined;
  if (o[key] !== undefined) return o[key];
  const first = key.charAt(0);
  const other = (first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase()) + key.slice(1);
  return o[other];
}

/** An ISO-8601 time (any fraction of a second) as epoch ms, or undefined. */
export function isoMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  const ms = Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Whether `given` (base64, as the source sent it) is the HMAC of `data` under `secret`. Compared with
 * timingSafeEqual on buffers of the digest's own length: a value of another length, or not canonical base64,
 * is refused before any comparison (its shape is the sender's, not a secret).
 */
export function hmacMatches(algorithm: 'sha1' | 'sha256', secret: string, data: Buffer, given: string): boolean {
  const expected = createHmac(algorithm, secret).update(data).digest();
  const text = given.trim();
  const got = Buffer.from(text, 'base64');
  // Only canonical base64 of a digest-sized value: Node's decoder would skip trailing or stray characters.
  if (got.length !== expected.length || got.toString('base64') !== text) return false;
  return timingSafeEqual(got, expected);
}

/** `Authorization: Bearer <secret>`, as an EventBridge API destination (or any forwarder) sends it. */
export function verifyBearer(req: ConnectorRequest, secret: string): Verdict {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return { ok: false, reason: 'missing Authorization header (expected "Bearer <secret>")' };
  const token = bearer(header);
  if (token === null) return { ok: false, reason: 'Authorization header is not "Bearer <secret>"' };
  return safeEqual(token, secret) ? { ok: true } : { ok: false, reason: 'wrong bearer token' };
}

/** The raw body as JSON; a ConnectorInputError naming what is wrong otherwise. */
export const parseJson = (req: ConnectorRequest): unknown => parseJsonBody(req.rawBody);

/** One JSON object or an array of them (what an EventBridge API destination or a forwarder posts). */
export function objectList(body: unknown, what: string): Json[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw new ConnectorInputError(`body is an empty array (expected ${what})`);
  return list.map((item, i) => {
    const o = obj(item);
    if (!o) throw new ConnectorInputError(`${Array.isArray(body) ? `item ${i}` : 'body'} is not a JSON object (expected ${what})`);
    return o;
  });
}

/** `<connector>:<source id>:<kind>`: the same source event delivered twice makes the same id (a duplicate). */
export function eventId(config: ConnectorConfig, sourceId: string, kind: string): string {
  return `${config.name}:${sourceId}:${kind}`;
}

/** A contact's or agent's id in Peakwatch: the source's own id, scoped by the connector's name. */
export function scopedId(config: ConnectorConfig, sourceId: string): string {
  return `${config.name}:${sourceId}`;
}

/** Longest customerId the ingest contract takes. */
const CUSTOMER_ID_MAX = 128;

/**
 * The customer of a contact as the source names them (its contact, requester or caller id), scoped to the connector
 * like contact ids; undefined when there is none or it would not pass the ingest contract (too long, control
 * characters): the contact is counted without a customer rather than refused. Only a keyed hash of it is stored.
 */
export function customerId(config: ConnectorConfig, sourceCustomer: string | undefined): string | undefined {
  if (sourceCustomer === undefined) return undefined;
  const id = scopedId(config, sourceCustomer);
  return id.length <= CUSTOMER_ID_MAX && isSafeText(id) ? id : undefined;
}

/** `key` through the admin's map first, then the type's defaults; undefined when neither knows it. */
export function mapped<T extends string>(key: string | undefined, override: Record<string, T> | undefined, defaults: Readonly<Record<string, T>>): T | undefined {
  if (key === undefined) return undefined;
  if (override && Object.hasOwn(override, key)) return override[key];
  return Object.hasOwn(defaults, key) ? defaults[key] : undefined;
}

/** The queue name for a source queue id, name or ARN: the admin's map, else the source's own value. */
export function queueName(config: ConnectorConfig, sourceQueue: string | undefined): string | undefined {
  if (sourceQueue === undefined) return undefined;
  return mapped(sourceQueue, config.queues, {}) ?? sourceQueue;
}

/** An agent status name through the admin's `statuses` map, else `fallback` (the type's default rule). */
export function agentStatus(config: ConnectorConfig, sourceStatus: string, fallback: AgentStatus): AgentStatus {
  return mapped(sourceStatus, config.statuses, {}) ?? fallback;
}

/** The channel of agent statuses when the source does not say. */
export function agentChannel(config: ConnectorConfig): string {
  return config.agentChannel ?? 'voice';
}

/**
 * Translates a parsed list of source events one by one: `one` gives an event, or a string saying why the item
 * means nothing to Peakwatch (counted as ignored).
 */
export function translateEach(body: unknown, ctx: ConnectorContext, one: (item: Json, ctx: ConnectorContext) => Record<string, unknown> | string): Translation {
  if (!Array.isArray(body)) throw new ConnectorInputError('expected a list of events');
  const out: Translation = { events: [], ignored: [] };
  for (const item of body) {
    const r = one(obj(item) ?? {}, ctx);
    if (typeof r === 'string') out.ignored.push(r);
    else out.events.push(r);
  }
  return out;
}
