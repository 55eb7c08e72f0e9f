import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_STATUSES } from '../../shared/channels';
import { INGEST_KEY, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import {
  DEEP, NAMES, NOW, body, contentEncoding, contentType, deep, headersOf, json, lookupId, mutated, mutation, retractBody, withBadBytes,
} from '../helpers/fuzz-input';
import { connect } from '../helpers/redis';
import { tenantDump } from '../helpers/tenant-dump';

/**
 * Hostile and broken input, generated: random JSON and text, event-like objects with fields mangled, huge
 * numbers, deep nesting, `__proto__`/`constructor`/`prototype` keys, invalid UTF-8 bytes, wrong content types
 * and encodings, sent to the ingest API and to the admin's configuration API of an in-process server. The
 * server never answers 500 (nor anything outside the contract), never crashes, always answers in the one
 * JSON error shape, and a request that applied nothing changed nothing in Redis.
 */

let redis: Redis;
let srv: TestServer;
const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
});
afterAll(async () => {
  await srv?.close();
  redis.disconnect();
});

// ---- what a request may answer, and what it may change ----

interface Reply { status: number; type: string; text: string; body: any }

async function send(method: 'POST' | 'PUT', path: string, body: string | Buffer, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${srv.url}${path}`, { method, headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: parsed };
}

/** The contract's answers: a JSON body always, the one error shape for errors, never a stack trace. */
function expectContractReply(r: Reply, allowed: number[]) {
  expect(allowed, `status ${r.status}: ${r.text.slice(0, 300)}`).toContain(r.status);
  expect(r.type).toMatch(/^application\/json/);
  expect(r.body).toBeDefined();
  expect(r.text).not.toMatch(/\bat (?:\S+ )?\(?(?:file:\/\/|\/|node:)\S*:\d+:\d+/); // a stack frame
  if (r.status >= 400) expect(typeof r.body.error, r.text.slice(0, 300)).toBe('string');
}

/** Every key of the test's tenant with its value (the alerting keys and health counters left out). */
const dump = () => tenantDump(redis, srv.store.keys);

// ---- properties ----

describe('fuzz: POST /api/v1/events', () => {
  it('never a 500 nor a crash; the contract reply; a request that applied nothing changed nothing', async () => {
    const seen = { applied: 0, refused: 0 };
    await fc.assert(fc.asyncProperty(body, contentType, contentEncoding, async (b, type, encoding) => {
      const before = await dump();
      const r = await send('POST', '/api/v1/events', b, headersOf(INGEST_KEY, type, encoding));
      expectContractReply(r, [200, 400, 413, 415]);
      if (r.status === 200) {
        const { accepted, duplicates, rejected } = r.body;
        expect(Number.isInteger(accepted) && Number.isInteger(duplicates) && accepted >= 0 && duplicates >= 0).toBe(true);
        for (const x of rejected) expect(Number.isInteger(x.index) && typeof x.error === 'string').toBe(true);
        // When the body reads the same to us as to the server, every event is accounted for once.
        let sent: unknown;
        try { sent = JSON.parse(typeof b === 'string' ? b : b.toString('utf8')); } catch { sent = undefined; }
        const events = Array.isArray(sent) ? sent : (sent as { events?: unknown })?.events;
        const plain = encoding === undefined || encoding === 'identity';
        if (plain && typeof b === 'string' && Array.isArray(events)) expect(accepted + duplicates + rejected.length).toBe(events.length);
      }
      if (r.status !== 200 || r.body.accepted === 0) {
        seen.refused++;
        expect(await dump()).toEqual(before);
      } else {
        seen.applied++;
      }
    }), { numRuns: 250 });
    // Both halves of the property were exercised.
    expect(seen.applied).toBeGreaterThan(10);
    expect(seen.refused).toBeGreaterThan(50);
  }, 30_000);

  it('names that are also Object.prototype\'s (constructor, __proto__, toString...) as reason, queue, contact or agent are counted like any other', async () => {
    const s = await startTestServer(redis, { now: NOW });
    try {
      const reasons = new Map<string, number>();
      const queues = new Map<string, number>();
      const agents = new Map<string, string>();
      let seq = 0;
      let arrivals = 0;
      await fc.assert(fc.asyncProperty(
        fc.array(fc.record({ reason: fc.constantFrom(...NAMES), queue: fc.constantFrom(...NAMES) }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.record({ agentId: fc.constantFrom(...NAMES), status: fc.constantFrom(...AGENT_STATUSES) }), { maxLength: 4 }),
        async (contacts, statuses) => {
          const events = [
            ...contacts.map((c) => ({ id: `n-${++seq}`, type: 'contact.queued', at: NOW - 1_000, channel: 'chat', contactId: `n-c${seq}`, ...c })),
            // Later runs post later times: the last status posted stands.
            ...statuses.map((a) => ({ id: `n-${++seq}`, type: 'agent.status', at: NOW - 3_600_000 + seq * 10, channel: 'voice', ...a })),
          ];
          expect((await s.post(events)).body).toEqual({ accepted: events.length, duplicates: 0, rejected: [] });
          for (const c of contacts) {
            reasons.set(c.reason, (reasons.get(c.reason) ?? 0) + 1);
            queues.set(c.queue, (queues.get(c.queue) ?? 0) + 1);
          }
          for (const a of statuses) agents.set(a.agentId, a.status);
          arrivals += contacts.length;

          const snap = await s.snapshot('?queues=1');
          const sorted = (xs: [string, number][]) => xs.sort(([a], [b]) => (a < b ? -1 : 1));
          expect(sorted(snap.reasons.map((x) => [x.reason, x.count]))).toEqual(sorted([...reasons]));
          for (const x of snap.reasons) {
            // No orders were posted: no intensity.
            expect(x).toEqual({
              reason: x.reason, count: reasons.get(x.reason), share: x.count / arrivals, previousCount: 0, previousShare: null, change: null,
              todayCount: reasons.get(x.reason), intensity: { '60m': null, today: null }, previousIntensity: null,
            });
          }
          const shownQueues = Object.entries(snap.channels.chat!.queues ?? {}).map(([q, f]): [string, number] => [q, f.waiting]);
          expect(sorted(shownQueues)).toEqual(sorted([...queues]));
          const byStatus = Object.fromEntries(AGENT_STATUSES.map((st) => [st, [...agents.values()].filter((v) => v === st).length]));
          expect(snap.channels.voice!.agents).toEqual(byStatus);
        },
      ), { numRuns: 30 });
    } finally {
      await s.close();
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
  }, 30_000);
});

describe('fuzz: PUT /api/v1/targets, /rules, /receivers (admin)', () => {
  it('never a 500 nor a crash; a refused configuration changes nothing; an accepted one is what GET then returns', async () => {
    const get = async (path: string) => (await fetch(`${srv.url}${path}`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json();
    const bases: Record<string, unknown> = {
      '/api/v1/targets': await get('/api/v1/targets'),
      '/api/v1/rules': await get('/api/v1/rules'),
      '/api/v1/receivers': [{ name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 's3cret-s3cret' }],
    };
    const seen = { accepted: 0, refused: 0 };
    const configBody = (base: unknown) => fc.oneof(
      { weight: 5, arbitrary: fc.array(mutation, { maxLength: 3 }).map((ms) => mutated(base, ms)) },
      { weight: 2, arbitrary: json },
      { weight: 1, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }) },
      { weight: 1, arbitrary: withBadBytes },
      { weight: 1, arbitrary: fc.constantFrom(...DEEP) },
    );
    const request = fc.constantFrom(...Object.keys(bases)).chain((path) => fc.tuple(fc.constant(path), configBody(bases[path])));
    await fc.assert(fc.asyncProperty(request, contentType, contentEncoding, async ([path, b], type, encoding) => {
      const before = await dump();
      const r = await send('PUT', path, b, headersOf(TOKENS.admin, type, encoding));
      expectContractReply(r, [200, 400, 413, 415]);
      if (r.status === 200) {
        seen.accepted++;
        expect(await get(path)).toEqual(r.body);
      } else {
        seen.refused++;
        expect(await dump()).toEqual(before);
      }
    }), { numRuns: 250 });
    expect(seen.accepted).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(50);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
  }, 30_000);
});

describe('fuzz: POST /api/v1/events/retract, GET /api/v1/events/<id> (admin)', () => {
  it('never a 500 nor a crash; a refused retraction changes nothing; an accepted one counts each distinct id once', async () => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(fc.asyncProperty(retractBody, contentType, contentEncoding, async (b, type, encoding) => {
      const before = await dump();
      const r = await send('POST', '/api/v1/events/retract', b, headersOf(TOKENS.admin, type, encoding));
      expectContractReply(r, [200, 400, 413, 415]);
      if (r.status === 200) {
        seen.accepted++;
        const { retracted, unknown } = r.body;
        expect(Object.keys(r.body).sort()).toEqual(['retracted', 'unknown']);
        expect(Number.isInteger(retracted) && Number.isInteger(unknown) && retracted >= 0 && unknown >= 0).toBe(true);
        const ids = (JSON.parse(typeof b === 'string' ? b : b.toString('utf8')) as { ids: string[] }).ids;
        if (encoding === undefined || encoding === 'identity') expect(retracted + unknown).toBe(new Set(ids).size);
      } else {
        seen.refused++;
        expect(await dump()).toEqual(before);
      }
    }), { numRuns: 200 });
    // About one body in sixteen is a valid retraction: at least a few must have been accepted, or the property
    // proved nothing of accepted ones.
    expect(seen.accepted).toBeGreaterThan(3);
    expect(seen.refused).toBeGreaterThan(50);
  }, 40_000);

  it('a lookup of any id answers 200 or 400 in the contract shape, and changes nothing', async () => {
    await fc.assert(fc.asyncProperty(lookupId, async (id) => {
      const before = await dump();
      const res = await fetch(`${srv.url}/api/v1/events/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${TOKENS.admin}` } });
      const text = await res.text();
      let parsed: any;
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
      expectContractReply({ status: res.status, type: res.headers.get('content-type') ?? '', text, body: parsed }, [200, 400]);
      if (res.status === 200) expect(parsed).toMatchObject({ id, state: expect.stringMatching(/^(applied|retracted|unknown)$/) });
      expect(await dump()).toEqual(before);
    }), { numRuns: 60 });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
  }, 30_000);
});

describe('hostile cases, each on purpose', () => {
  const ROUTES: [method: 'POST' | 'PUT', path: string, auth: string][] = [
    ['POST', '/api/v1/events', INGEST_KEY], ['PUT', '/api/v1/targets', TOKENS.admin],
    ['PUT', '/api/v1/rules', TOKENS.admin], ['PUT', '/api/v1/receivers', TOKENS.admin], ['POST', '/api/v1/events/retract', TOKENS.admin],
  ];

  it('nesting 10,000 to 450,000 levels deep, on every route: a 400 or 413, nothing changed', async () => {
    for (const [method, path, auth] of ROUTES) {
      for (const b of DEEP) {
        const before = await dump();
        const r = await send(method, path, b, headersOf(auth, 'application/json'));
        expectContractReply(r, path === '/api/v1/events' ? [200, 400, 413] : [400, 413]);
        if (r.status === 200) expect(r.body).toMatchObject({ accepted: 0, duplicates: 0 });
        expect(await dump(), `${path} ${b.slice(0, 40)}`).toEqual(before);
      }
    }
  });

  it('__proto__, constructor and prototype keys: neither obeyed nor polluting; refused where keys are checked', async () => {
    const at = NOW - 1_000;
    const orders = async () => (await srv.snapshot()).totals.windows['15m'].orders;
    const ch = '{"serviceLevel":0.8,"slThresholdSeconds":120,"shortAbandonSeconds":5,"abandonRate":0.05,"oldestOpenSeconds":null,"concurrency":1}';
    const refused: [string, string, string, RegExp][] = [
      ['POST', '/api/v1/events', `{"__proto__":{"events":[{"id":"p-1","type":"orders.placed","at":${at},"count":1}]}}`, /JSON array of events/],
      ['PUT', '/api/v1/targets', `{"channels":{"__proto__":${ch}},"contactRate":0.01,"csat":0.99}`, /channels\.__proto__: not a configured channel/],
      ['PUT', '/api/v1/targets', `{"channels":{"chat":${ch}},"contactRate":0.01,"csat":0.99,"__proto__":{"csat":0.5}}`, /__proto__/],
      ['PUT', '/api/v1/rules', '[{"id":"r","metric":"serviceLevel","channel":"chat","window":"15m","op":"<","threshold":0.8,"__proto__":{"for":0}}]', /__proto__/],
      ['PUT', '/api/v1/receivers', '[{"name":"x","type":"webhook","url":"http://127.0.0.1:9/","__proto__":{"secret":"aaaaaaaaaaa"}}]', /__proto__/],
    ];
    for (const [method, path, b, error] of refused) {
      const before = await dump();
      const r = await send(method as 'POST' | 'PUT', path, b, headersOf(method === 'POST' ? INGEST_KEY : TOKENS.admin, 'application/json'));
      expectContractReply(r, [400]);
      expect(r.body.error).toMatch(error);
      expect(await dump(), b).toEqual(before);
    }
    // An event's type cannot come from a key that would be its prototype.
    const before = await dump();
    const r = await send('POST', '/api/v1/events', `[{"__proto__":{"type":"orders.placed","count":1},"id":"p-2","at":${at},"count":1}]`, headersOf(INGEST_KEY, 'application/json'));
    expect(r.body).toMatchObject({ accepted: 0, rejected: [{ index: 0, error: expect.stringMatching(/^type:/) }] });
    expect(await dump()).toEqual(before);
    // Extra keys are ignored, not obeyed: one order, not five.
    const was = await orders();
    const ok = await send('POST', '/api/v1/events', `[{"id":"p-3","type":"orders.placed","at":${at},"count":1,"__proto__":{"count":5},"constructor":{"prototype":{"polluted":1}},"prototype":{"count":7}}]`, headersOf(INGEST_KEY, 'application/json'));
    expect(ok.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await orders()).toBe(was + 1);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('fuzz: the server survives it all', () => {
  it('still live, ready and serving a snapshot; nothing leaked onto Object.prototype', async () => {
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${srv.url}/readyz`)).status).toBe(200);
    expect((await srv.snapshot()).channels.chat).toBeDefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
