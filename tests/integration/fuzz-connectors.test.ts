import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../scripts/sim/dialects/index';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { ConnectorInputError } from '../../server/connectors/connector';
import { connectorTypes } from '../../server/connectors/registry';
import { GENERIC_SAMPLE_MAPPING } from '../../server/connectors/sources/generic';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { type PeakEvent, checkEvent } from '../../shared/events';
import { type TestServer, startTestServer } from '../helpers/app';
import { putConnectors } from '../helpers/connector-day';
import { DEEP, NOW, contentType, json, mutated, mutation, validEvent, withBadBytes } from '../helpers/fuzz-input';
import { connect } from '../helpers/redis';
import { tenantDump } from '../helpers/tenant-dump';

/**
 * Every registered source type's webhook, fuzzed as the event API is: its own requests (from its dialect) as they
 * are, with the body mangled after signing, or replaced by garbage; bearer- and token-proved sources see mangled
 * bodies pass the proof and reach their translation. Never a 5xx nor a crash, always the contract's reply, and a
 * request that applied nothing changed nothing (the health counters aside).
 */

const SECRET = 'fuzz-connector-secret-0123';
const CHANNELS = new Set<string>(DEFAULT_CHANNELS);
const configOf = (type: string): ConnectorConfig => ({
  name: `fz-${type}`, type, secret: SECRET, ...(type === 'generic' ? { mapping: GENERIC_SAMPLE_MAPPING } : {}),
} as ConnectorConfig);

let redis: Redis;
let srv: TestServer;
beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
  await putConnectors(srv, [...dialects.keys()].filter((t) => connectorTypes.has(t)).map(configOf));
});
afterAll(async () => { await srv?.close(); redis.disconnect(); });

const events = fc.array(validEvent, { minLength: 1, maxLength: 5 }).map((es) => es.flatMap((e) => {
  const c = checkEvent(e, { channels: CHANNELS, now: NOW });
  return c.ok ? [c.event] : [];
}));

/** A source's body mutated after it was signed: a JSON body as JSON, a form body (Twilio's) field by field. */
function mangled(r: { headers: Record<string, string>; body: string }, ms: Parameters<typeof mutated>[1]): string {
  if (!(r.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return mutated(JSON.parse(r.body), ms);
  const changed = JSON.parse(mutated(Object.fromEntries(new URLSearchParams(r.body)), ms)) as unknown;
  if (changed === null || typeof changed !== 'object' || Array.isArray(changed)) return JSON.stringify(changed);
  return new URLSearchParams(Object.entries(changed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
}

describe('fuzz: POST /api/v1/connectors/<name>, every source type', () => {
  it('never a 5xx nor a crash; the contract reply; a request that applied nothing changed nothing', async () => {
    const types = [...dialects.keys()].filter((t) => connectorTypes.has(t));
    const seen = { applied: 0, nothing: 0, refused: 0 };
    const variant = fc.constantFrom('as-is', 'mangled', 'mangled', 'garbage', 'deep');
    await fc.assert(fc.asyncProperty(fc.constantFrom(...types), events, variant, fc.array(mutation, { minLength: 1, maxLength: 3 }),
      fc.oneof(json, withBadBytes), contentType, async (type, evs: PeakEvent[], v, ms, garbage, ctype) => {
        const config = configOf(type);
        const { requests } = dialects.get(type)!.encode(evs, config, { publicUrl: srv.url, now: NOW });
        const r = requests[0] ?? { path: `/api/v1/connectors/${config.name}`, headers: {}, body: '{}' };
        let body: string | Buffer = r.body;
        const headers = { ...r.headers };
        let path = r.path;
        if (v !== 'as-is') {
          body = v === 'mangled' ? mangled(r, ms) : v === 'deep' ? DEEP[ms[0]!.at % DEEP.length]! : garbage;
          if (ctype !== undefined) headers['content-type'] = ctype;
          // A Chatwoot installation that does not sign proves itself with ?token=: the mangled body is then read.
          if (type === 'chatwoot') { delete headers['x-chatwoot-signature']; path = `${path}?token=${SECRET}`; }
        }
        const before = await tenantDump(redis, srv.store.keys);
        const res = await fetch(`${srv.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
        const text = await res.text();
        expect([200, 400, 401, 413, 415], `${res.status}: ${text.slice(0, 300)}`).toContain(res.status);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const reply = JSON.parse(text) as { error?: string; accepted?: number };
        if (res.status >= 400) expect(typeof reply.error).toBe('string');
        if (res.status === 401) seen.refused++;
        if (res.status !== 200 || reply.accepted === 0) {
          if (res.status === 200) seen.nothing++;
          expect(await tenantDump(redis, srv.store.keys)).toEqual(before);
        } else {
          seen.applied++;
        }
      }), { numRuns: 200 });
    expect(seen.applied).toBeGreaterThan(10);
    expect(seen.nothing).toBeGreaterThan(10);
  }, 60_000);

  it("each type's translation of any JSON: events or ignored, or a ConnectorInputError; nothing else thrown", () => {
    for (const t of connectorTypes.values()) {
      const config = configOf(t.type);
      fc.assert(fc.property(json, (text) => {
        let parsed: unknown;
        try {
          parsed = t.parse({ rawBody: Buffer.from(text), headers: {}, query: {}, publicUrl: '' });
        } catch (err) {
          expect(err).toBeInstanceOf(ConnectorInputError);
          return;
        }
        try {
          const out = t.translate(parsed, { config, now: NOW });
          expect(Array.isArray(out.events) && Array.isArray(out.ignored)).toBe(true);
          for (const e of out.events) expect(typeof e).toBe('object');
        } catch (err) {
          expect(err).toBeInstanceOf(ConnectorInputError);
        }
      }), { numRuns: 300 });
    }
  });
});
