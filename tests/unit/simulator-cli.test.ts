import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type PeakEvent, checkEvent } from '../../shared/events';
import { parseCli } from '../../scripts/sim/options';
import { FatalIngestError } from '../../scripts/sim/client';
import { type SimulatorOptions, startSimulator } from '../../scripts/sim/runner';

/** The simulator's command line and its runs against an HTTP API (the model's own day: simulator.test.ts). */
const HOUR = 3_600_000;
/** Black Friday 2025, 00:00 UTC: the model's day starts at a local midnight, as the runner starts it. */
const DAY = Date.UTC(2025, 10, 28);
const CHANNELS = new Set(['chat', 'voice', 'email', 'messaging', 'social']);
type ContactEv = Extract<PeakEvent, { contactId: string; type: `contact.${string}` }>;

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
