import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type PeakEvent, checkEvent } from '../../shared/events';
import { PeakModel } from '../../scripts/sim/model';
import type { ModelOptions } from '../../scripts/sim/profile';
import { parseCli } from '../../scripts/sim/options';
import { FatalIngestError } from '../../scripts/sim/client';
import { type SimulatorOptions, startSimulator } from '../../scripts/sim/runner';

const HOUR = 3_600_000;
/** Black Friday 2025, 00:00 UTC: the model's day starts at a local midnight, as the runner starts it. */
const DAY = Date.UTC(2025, 10, 28);
const CHANNELS = new Set(['chat', 'voice', 'email', 'messaging', 'social']);

const days = new Map<string, PeakEvent[]>();
/** One simulated day (cached per options: several tests read the same day). */
function simulateDay(options: ModelOptions = {}): PeakEvent[] {
  const key = JSON.stringify(options);
  if (!days.has(key)) days.set(key, new PeakModel(options, DAY).advanceTo(DAY + 24 * HOUR));
  return days.get(key)!;
}

type ContactEv = Extract<PeakEvent, { contactId: string; type: `contact.${string}` }>;
const contactEvents = (events: PeakEvent[]) => events.filter((e): e is ContactEv => e.type.startsWith('contact.'));
const within = (e: PeakEvent, fromHour: number, toHour: number) => e.at >= DAY + fromHour * HOUR && e.at < DAY + toHour * HOUR;

/** Waits (ms) of answered contacts and the number abandoned, on one channel. */
function waits(events: PeakEvent[], channel: string): { answered: number[]; abandoned: number } {
  const queuedAt = new Map<string, number>();
  const answered: number[] = [];
  let abandoned = 0;
  for (const e of contactEvents(events)) {
    if (e.channel !== channel) continue;
    if (e.type === 'contact.queued') queuedAt.set(e.contactId, e.at);
    if (e.type === 'contact.answered') answered.push(e.at - queuedAt.get(e.contactId)!);
    if (e.type === 'contact.abandoned') abandoned++;
  }
  return { answered, abandoned };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('peak model', () => {
  it('the same seed gives the same events, ids included', () => {
    const a = new PeakModel({ seed: 7 }, DAY).advanceTo(DAY + 14 * HOUR);
    const b = new PeakModel({ seed: 7 }, DAY).advanceTo(DAY + 14 * HOUR);
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toEqual(a);
  });

  it('a different seed gives a different day', () => {
    const a = new PeakModel({ seed: 7 }, DAY).advanceTo(DAY + 14 * HOUR);
    const b = new PeakModel({ seed: 8 }, DAY).advanceTo(DAY + 14 * HOUR);
    const shape = (evs: PeakEvent[]) => evs.map((e) => `${e.type}@${e.at}`);
    expect(shape(b)).not.toEqual(shape(a));
    expect(new Set(b.map((e) => e.id)).has(a[0]!.id)).toBe(false);
  });

  it('advancing in uneven steps gives the same events as one step, none at or after the step end', () => {
    const whole = new PeakModel({ seed: 3 }, DAY).advanceTo(DAY + 6 * HOUR);
    const model = new PeakModel({ seed: 3 }, DAY);
    const stepped: PeakEvent[] = [];
    for (let t = DAY, i = 0; t < DAY + 6 * HOUR; i++) {
      t = Math.min(DAY + 6 * HOUR, t + [1, 997, 60_000, 3_333_333][i % 4]!);
      const batch = model.advanceTo(t);
      expect(batch.every((e) => e.at < t)).toBe(true);
      stepped.push(...batch);
    }
    expect(stepped).toEqual(whole);
  });

  it('every event passes the real ingest validator', () => {
    const events = simulateDay();
    const now = DAY + 24 * HOUR;
    const failures = events.map((e) => checkEvent(e, { channels: CHANNELS, now })).filter((r) => !r.ok);
    expect(failures).toEqual([]);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['contact.queued', 'contact.answered', 'contact.abandoned', 'contact.resolved', 'orders.placed', 'csat.submitted', 'survey.submitted', 'agent.status']));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('per contact: queued ≤ answered or abandoned ≤ resolved, each at most once', () => {
    const byContact = new Map<string, Partial<Record<ContactEv['type'], number[]>>>();
    for (const e of contactEvents(simulateDay())) {
      const c = byContact.get(e.contactId) ?? {};
      (c[e.type] ??= []).push(e.at);
      byContact.set(e.contactId, c);
    }
    expect(byContact.size).toBeGreaterThan(5_000);
    for (const [id, c] of byContact) {
      const q = c['contact.queued'];
      expect(q, id).toHaveLength(1);
      const left = [...(c['contact.answered'] ?? []), ...(c['contact.abandoned'] ?? [])];
      expect(left.length, id).toBeLessThanOrEqual(1);
      if (left[0] !== undefined) expect(left[0], id).toBeGreaterThanOrEqual(q![0]!);
      const resolved = c['contact.resolved'];
      if (resolved) {
        expect(resolved, id).toHaveLength(1);
        expect(c['contact.answered'], `${id} resolved without an answer`).toHaveLength(1);
        expect(resolved[0]!, id).toBeGreaterThanOrEqual(c['contact.answered']![0]!);
      }
      if (c['contact.abandoned']) expect(resolved, id).toBeUndefined();
    }
  });

  it('about half of the contacts are chats, and every channel gets some', () => {
    const queued = contactEvents(simulateDay()).filter((e) => e.type === 'contact.queued');
    const share = (ch: string) => queued.filter((e) => e.channel === ch).length / queued.length;
    expect(share('chat')).toBeGreaterThan(0.45);
    expect(share('chat')).toBeLessThan(0.55);
    for (const ch of ['voice', 'email', 'messaging', 'social']) expect(share(ch), ch).toBeGreaterThan(0.02);
    expect(new Set(queued.map((e) => e.queue)).size).toBeGreaterThanOrEqual(4);
  });

  it('every contact has a customer; most come once, some come back (more of those who gave up)', () => {
    const events = contactEvents(simulateDay());
    const queued = events.filter((e) => e.type === 'contact.queued');
    expect(queued.every((e) => typeof e.customerId === 'string')).toBe(true);
    const customerOf = new Map(queued.map((e) => [e.contactId, e.customerId!]));
    const contactsOf = new Map<string, number>();
    for (const e of queued) contactsOf.set(e.customerId!, (contactsOf.get(e.customerId!) ?? 0) + 1);
    const repeatShare = (queued.length - contactsOf.size) / queued.length;
    expect(repeatShare).toBeGreaterThan(0.03);
    expect(repeatShare).toBeLessThan(0.2);
    expect([...contactsOf.values()].filter((n) => n === 1).length / contactsOf.size).toBeGreaterThan(0.85);
    // Customers who abandoned come back more often than those answered.
    const cameBack = (type: string) => {
      const last = new Map<string, number>();
      for (const e of queued) last.set(e.customerId!, Math.max(last.get(e.customerId!) ?? 0, e.at));
      const ended = events.filter((e) => e.type === type);
      return ended.filter((e) => last.get(customerOf.get(e.contactId)!)! > e.at).length / ended.length;
    };
    expect(cameBack('contact.abandoned')).toBeGreaterThan(cameBack('contact.resolved') * 2);
  });

  it('arrivals follow the day: the night is far quieter than midday', () => {
    const queued = contactEvents(simulateDay()).filter((e) => e.type === 'contact.queued');
    const night = queued.filter((e) => within(e, 2, 5)).length;
    const midday = queued.filter((e) => within(e, 9, 12)).length;
    expect(midday).toBeGreaterThan(night * 5);
  });

  it('the carrier incident raises where-is-my-order\'s share in its window, and only then', () => {
    const share = (events: PeakEvent[], from: number, to: number) => {
      const q = contactEvents(events).filter((e) => e.type === 'contact.queued' && within(e, from, to));
      return q.filter((e) => e.reason === 'where-is-my-order').length / q.length;
    };
    const day = simulateDay();
    const before = share(day, 9, 11.5);
    const during = share(day, 12.5, 13.75);
    expect(during).toBeGreaterThan(before * 1.5);
    expect(share(day, 15, 17)).toBeLessThan(before * 1.25);
    const calm = simulateDay({ incident: null });
    expect(share(calm, 12.5, 13.75)).toBeLessThan(share(calm, 9, 11.5) * 1.25);
  });

  it('fewer agents mean longer waits and more abandons', () => {
    const thin = waits(simulateDay({ staffing: 0.85 }), 'chat');
    const ample = waits(simulateDay({ staffing: 1.4 }), 'chat');
    expect(mean(thin.answered)).toBeGreaterThan(mean(ample.answered) * 2);
    expect(thin.abandoned).toBeGreaterThan(ample.abandoned * 2);
  });

  it('staffing follows the day: fewer chat agents on shift at night than at midday', () => {
    const onShiftAt = (t: number) => {
      const latest = new Map<string, string>();
      for (const e of simulateDay()) if (e.type === 'agent.status' && e.channel === 'chat' && e.at <= t) latest.set(e.agentId, e.status);
      return [...latest.values()].filter((s) => s !== 'offline').length;
    };
    const night = onShiftAt(DAY + 3.5 * HOUR);
    const noon = onShiftAt(DAY + 11 * HOUR);
    expect(night).toBeGreaterThanOrEqual(2);
    expect(noon).toBeGreaterThan(night * 4);
    const statuses = new Set(simulateDay().filter((e) => e.type === 'agent.status').map((e) => e.status));
    expect(statuses).toEqual(new Set(['available', 'busy', 'away', 'offline']));
  });

  it('orders arrive every minute and the contact rate is plausible', () => {
    const day = simulateDay();
    const orders = day.filter((e) => e.type === 'orders.placed');
    expect(orders.length).toBeGreaterThan(1_400);
    const count = (from: number, to: number) => {
      const placed = orders.filter((e) => within(e, from, to)).reduce((s, e) => s + e.count, 0);
      const contacts = contactEvents(day).filter((e) => e.type === 'contact.queued' && within(e, from, to)).length;
      return contacts / placed;
    };
    expect(count(8, 11.5)).toBeGreaterThan(0.035);
    expect(count(8, 11.5)).toBeLessThan(0.06);
    expect(count(0, 24)).toBeGreaterThan(0.04);
    expect(count(0, 24)).toBeLessThan(0.065);
  });

  it('CSAT scores fall with long waits', () => {
    const day = simulateDay({ staffing: 0.85 });
    const wait = new Map<string, number>();
    const queuedAt = new Map<string, number>();
    for (const e of contactEvents(day)) {
      if (e.type === 'contact.queued') queuedAt.set(e.contactId, e.at);
      if (e.type === 'contact.answered' && e.channel === 'chat') wait.set(e.contactId, e.at - queuedAt.get(e.contactId)!);
    }
    const short: number[] = [];
    const long: number[] = [];
    for (const e of day) {
      if (e.type !== 'csat.submitted' || !e.contactId || !wait.has(e.contactId)) continue;
      (wait.get(e.contactId)! <= 30_000 ? short : wait.get(e.contactId)! >= 120_000 ? long : []).push(e.score);
    }
    expect(short.length).toBeGreaterThan(100);
    expect(long.length).toBeGreaterThan(30);
    expect(mean(long)).toBeLessThan(mean(short) - 0.7);
  });

  it('CES and NPS: a share of resolved contacts answers each, within its scale, scoring lower after long waits', () => {
    const day = simulateDay({ staffing: 0.85 });
    const wait = new Map<string, number>();
    const queuedAt = new Map<string, number>();
    let resolved = 0;
    for (const e of contactEvents(day)) {
      if (e.type === 'contact.queued') queuedAt.set(e.contactId, e.at);
      if (e.type === 'contact.answered' && e.channel === 'chat') wait.set(e.contactId, e.at - queuedAt.get(e.contactId)!);
      if (e.type === 'contact.resolved') resolved++;
    }
    for (const [kind, rate, lo, hi] of [['ces', 0.15, 1, 7], ['nps', 0.1, 0, 10]] as const) {
      const answers = day.filter((e) => e.type === 'survey.submitted' && e.kind === kind) as Extract<PeakEvent, { type: 'survey.submitted' }>[];
      expect(answers.length / resolved).toBeGreaterThan(rate * 0.8);
      expect(answers.length / resolved).toBeLessThan(rate * 1.2);
      expect(answers.every((e) => Number.isInteger(e.score) && e.score >= lo && e.score <= hi)).toBe(true);
      const short = answers.filter((e) => wait.has(e.contactId!) && wait.get(e.contactId!)! <= 30_000).map((e) => e.score);
      const long = answers.filter((e) => wait.has(e.contactId!) && wait.get(e.contactId!)! >= 120_000).map((e) => e.score);
      expect(short.length).toBeGreaterThan(30);
      expect(long.length).toBeGreaterThan(5);
      expect(mean(long)).toBeLessThan(mean(short) - (kind === 'nps' ? 1 : 0.7));
    }
  });

  it('email never abandons; chat and voice do', () => {
    const day = simulateDay({ staffing: 0.85 });
    expect(waits(day, 'email').abandoned).toBe(0);
    expect(waits(day, 'chat').abandoned).toBeGreaterThan(0);
    expect(waits(day, 'voice').abandoned).toBeGreaterThan(0);
  });
});

describe('simulator CLI flags', () => {
  it('takes the key from PEAKWATCH_INGEST_KEYS and reads the flags', () => {
    const r = parseCli(['--speed', '30', '--backfill', '6', '--seed', '42', '--once'], { PEAKWATCH_INGEST_KEYS: ' first-key-0123456789, second-key-0123456789' });
    expect(r.kind).toBe('run');
    if (r.kind !== 'run') return;
    expect(r.options).toMatchObject({ key: 'first-key-0123456789', url: 'http://127.0.0.1:8080', speed: 30, backfillHours: 6, seed: 42, once: true });
  });

  it('names the flag or variable to fix', () => {
    expect(parseCli([], {})).toMatchObject({ kind: 'error', message: expect.stringContaining('PEAKWATCH_INGEST_KEYS') });
    expect(parseCli(['--key', 'k', '--speed', '90'], {})).toMatchObject({ kind: 'error', message: expect.stringContaining('--speed') });
    expect(parseCli(['--key', 'k', '--url', 'localhost:8080'], {})).toMatchObject({ kind: 'error', message: expect.stringContaining('--url') });
    expect(parseCli(['--help'], {})).toEqual({ kind: 'help' });
  });
});

interface Received {
  auth: string | undefined;
  events: PeakEvent[];
  status: number;
  /** The simulator's clock when the batch arrived. */
  clock: number;
}

/** A stand-in for Peakwatch's ingest API on a free port: answers each request with `answer(n)` (n from 0). */
async function fakePeakwatch(answer: (n: number) => number, clock: () => number = Date.now) {
  const received: Received[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const events = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PeakEvent[];
    const status = req.method === 'POST' && req.url === '/api/v1/events' ? answer(received.length) : 404;
    received.push({ auth: req.headers.authorization, events, status, clock: clock() });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { accepted: events.length, duplicates: 0, rejected: [] } : { error: `status ${status}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const KEY = 'test-ingest-key-0123456789';
/** A Friday 13:00 UTC in the recent past, as the simulator's wall clock. */
const NOON = DAY + 13 * HOUR;
const quiet: Partial<SimulatorOptions> = { log: () => undefined, warn: () => undefined, progressEveryMs: 0, timeZone: 'UTC' };

describe('simulator against an HTTP API', () => {
  it('posts the backfill in batches of at most 1,000 with the bearer key, and retries a batch answered 503', async () => {
    const api = await fakePeakwatch((n) => (n === 0 ? 503 : 200));
    const sim = startSimulator({ ...quiet, url: api.url, key: KEY, backfillHours: 1, once: true, now: () => NOON, retry: { retryBaseMs: 5 } });
    const summary = await sim.done;
    expect(summary.reason).toBe('once');
    expect(api.received.length).toBeGreaterThan(3);
    expect(api.received.every((r) => r.auth === `Bearer ${KEY}`)).toBe(true);
    expect(Math.max(...api.received.map((r) => r.events.length))).toBe(1_000);
    expect(api.received[0]!.status).toBe(503);
    expect(api.received[1]!.events).toEqual(api.received[0]!.events);
    const ok = api.received.filter((r) => r.status === 200).flatMap((r) => r.events);
    expect(new Set(ok.map((e) => e.id)).size).toBe(ok.length);
    expect(summary.accepted).toBe(ok.length);
    expect(summary.retries).toBe(1);
    expect(ok.every((e) => e.at < NOON && checkEvent(e, { channels: CHANNELS, now: NOON }).ok)).toBe(true);
    // The window is the past hour; only contacts still open at its start reach back further, with their
    // events so far (queued, perhaps answered), so the server never sees half a contact.
    const before = ok.filter((e) => e.at < NOON - HOUR);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((e) => e.type === 'contact.queued' || e.type === 'contact.answered')).toBe(true);
    const carried = new Set(before.map((e) => (e as ContactEv).contactId));
    expect(ok.filter((e) => e.type === 'contact.queued' && carried.has(e.contactId))).toHaveLength(carried.size);
    expect(ok.some((e) => e.type === 'orders.placed' && e.at >= NOON - 2 * 60_000)).toBe(true);
  });

  it('posts what it would post again with the same ids when re-run with the same seed', async () => {
    const api = await fakePeakwatch(() => 200);
    const run = () => startSimulator({ ...quiet, url: api.url, key: KEY, backfillHours: 0.5, once: true, seed: 5, now: () => NOON }).done;
    await run();
    const first = api.received.flatMap((r) => r.events.map((e) => e.id));
    api.received.length = 0;
    await run();
    expect(api.received.flatMap((r) => r.events.map((e) => e.id))).toEqual(first);
  });

  it('a refused key stops the run with a line naming --key and PEAKWATCH_INGEST_KEYS', async () => {
    const api = await fakePeakwatch(() => 401);
    const warnings: string[] = [];
    const sim = startSimulator({ ...quiet, warn: (l) => warnings.push(l), url: api.url, key: 'wrong-key-0123456789', backfillHours: 0.2, once: true, now: () => NOON });
    const err = await sim.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FatalIngestError);
    expect((err as Error).message).toMatch(/401.*--key.*PEAKWATCH_INGEST_KEYS/);
    expect(api.received).toHaveLength(1);
    expect(warnings).toEqual([(err as Error).message]);
  });

  it('an unreachable server stops the run with a line naming --url', async () => {
    const api = await fakePeakwatch(() => 200);
    await new Promise((resolve) => api.server.close(resolve));
    servers.length = 0;
    const sim = startSimulator({ ...quiet, url: api.url, key: KEY, once: true, now: () => NOON, retry: { retryBaseMs: 5, firstContactAttempts: 2 } });
    await expect(sim.done).rejects.toThrow(/cannot reach Peakwatch at .*connection refused.*--url/);
  });

  it('at speed 60 it replays the past, never posting an event later than its clock, then catches up', async () => {
    // A wall clock running 100x, so a one-hour replay at 60x takes well under a second.
    const t0 = performance.now();
    const clock = () => NOON + Math.round((performance.now() - t0) * 100);
    const api = await fakePeakwatch(() => 200, clock);
    const sim = startSimulator({ ...quiet, url: api.url, key: KEY, speed: 60, backfillHours: 1, once: true, tickMs: 10, now: clock });
    const summary = await sim.done;
    expect(summary.reason).toBe('once');
    expect(api.received.length).toBeGreaterThan(3);
    for (const r of api.received) expect(Math.max(...r.events.map((e) => e.at))).toBeLessThanOrEqual(r.clock);
    const latest = api.received.map((r) => Math.max(...r.events.map((e) => e.at)));
    expect(latest[0]!).toBeLessThan(NOON - 40 * 60_000);
    expect(latest.at(-1)!).toBeGreaterThan(NOON);
  });

  it('live: stop() ends the run cleanly and nothing is posted afterwards', async () => {
    const api = await fakePeakwatch(() => 200);
    const sim = startSimulator({ ...quiet, url: api.url, key: KEY, tickMs: 20 });
    while (api.received.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    await sim.stop();
    const summary = await sim.done;
    expect(summary.reason).toBe('stopped');
    const count = api.received.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(api.received).toHaveLength(count);
    for (const r of api.received) for (const e of r.events) expect(e.at).toBeLessThanOrEqual(r.clock);
    // The first batch tells the server who is on shift right now.
    expect(api.received[0]!.events.some((e) => e.type === 'agent.status')).toBe(true);
  });
});
