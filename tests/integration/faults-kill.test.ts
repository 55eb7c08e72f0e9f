import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../server/store/embedded';
import type { Snapshot } from '../../shared/snapshot';
import { cleanupProcesses, dataDir, isRedis, post, runId, snapshot, startServer, type Server } from '../helpers/process';
import { ingestWithRetries } from '../helpers/retrying-ingest';
import { shuffle } from '../helpers/events';

/**
 * A target of the design: kill -9 of the server loses no acknowledged event and double-counts none. The server
 * (embedded Redis) is killed in the middle of a 20,000-event ingest by a client that retries every batch it
 * got no answer for; it is started again on the same data folder (its orphaned redis-server is stopped by the
 * new start) and the client finishes against it. The figures must then be exactly those of the events sent.
 */

afterEach(cleanupProcesses);

const BATCH = 500;
const QUEUED = 16_000;
const ANSWERED = 2_000; // the first 2,000 of the queued contacts, 30 s after they queued: in target
const ORDERS = 2_000;
const REASONS = ['where-is-my-order', 'refund', 'damaged', 'login'];


function events(r: string, t0: number) {
  const queuedAt = t0 - 60_000;
  const all: object[] = [];
  for (let i = 0; i < QUEUED; i++) {
    all.push({ id: `${r}-q${i}`, type: 'contact.queued', at: queuedAt, channel: 'chat', contactId: `${r}-c${i}`, reason: REASONS[i % 4] });
  }
  for (let i = 0; i < ANSWERED; i++) {
    all.push({ id: `${r}-a${i}`, type: 'contact.answered', at: queuedAt + 30_000, channel: 'chat', contactId: `${r}-c${i}`, reason: REASONS[i % 4] });
  }
  let orders = 0;
  for (let i = 0; i < ORDERS; i++) {
    const count = (i % 7) + 1;
    orders += count;
    all.push({ id: `${r}-o${i}`, type: 'orders.placed', at: queuedAt, count });
  }
  shuffle(all, 42);
  const batches: object[][] = [];
  for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));
  return { batches, orders, queuedAt };
}

/** Every figure the events determine, exactly. */
function expectExactFigures(snap: Snapshot, orders: number, queuedAt: number) {
  const chat = snap.channels.chat!;
  expect({ waiting: chat.waiting, open: chat.open, oldestWaitingSince: chat.oldestWaitingSince, oldestOpenSince: chat.oldestOpenSince })
    .toEqual({ waiting: QUEUED - ANSWERED, open: QUEUED, oldestWaitingSince: queuedAt, oldestOpenSince: queuedAt });
  const windows: ('15m' | '60m' | 'today')[] = ['15m', '60m'];
  // "today" too, unless the test straddles midnight (then the events belong to yesterday).
  if (snap.todayStart <= queuedAt) windows.push('today');
  for (const w of windows) {
    expect(chat.windows[w], w).toMatchObject({ arrivals: QUEUED, answered: ANSWERED, answeredInTarget: ANSWERED, abandoned: 0, asa: 30 });
    expect(snap.totals.windows[w], w).toMatchObject({ arrivals: QUEUED, orders });
    expect(snap.totals.windows[w].contactRate, w).toBeCloseTo(QUEUED / orders, 12);
  }
  expect(Object.fromEntries(snap.reasons.map((x) => [x.reason, x.count]))).toEqual(Object.fromEntries(REASONS.map((x) => [x, QUEUED / 4])));
  for (const ch of ['voice', 'email', 'messaging', 'social']) expect(snap.channels[ch]!.windows['60m'].arrivals, ch).toBe(0);
}

describe('fault: kill -9 of the server during ingest', () => {
  it('a retrying client ends with every event counted exactly once after a restart on the same data folder', async () => {
    const dir = dataDir();
    const port = await freePort();
    const first = await startServer(dir, { PORT: String(port) });
    const t0 = Date.now();
    const { batches, orders, queuedAt } = events(runId(), t0);
    expect(batches).toHaveLength(40);

    let killed = false;
    const ingest = ingestWithRetries({
      base: () => `http://127.0.0.1:${port}`,
      key: () => first.tokens.ingest, // development tokens are kept in Redis: the restarted server has the same
      batches,
      concurrency: 4,
      timeoutMs: 5_000,
      retryDelayMs: 100,
      deadlineMs: 25_000,
      // Mid-ingest: 10 of 40 batches acknowledged, the next ones in flight.
      onAck: (_b, acked) => {
        if (acked === 10 && !killed) { killed = true; process.kill(-first.child.pid!, 'SIGKILL'); }
      },
    });
    ingest.catch(() => undefined); // its failure is reported where it is awaited, below
    await expect.poll(() => killed, { timeout: 15_000 }).toBe(true);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(isRedis(first.redisPid!)).toBe(true); // orphaned, still holding the data folder

    const second: Server = await startServer(dir, { PORT: String(port) });
    expect(second.tokens).toEqual(first.tokens);
    expect(isRedis(first.redisPid!)).toBe(false); // stopped (and its append-only file flushed) by the new start

    const { acks, attempts } = await ingest;
    // The fault happened where it should: some attempts got no answer and were sent again.
    const failed = attempts.filter((a) => a.outcome.kind === 'error');
    expect(failed.length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.outcome.kind === 'answer' && a.outcome.status !== 200)).toEqual([]); // no 5xx either
    for (const a of acks) {
      expect(a.rejected).toEqual([]);
      expect(a.accepted + a.duplicates).toBe(BATCH);
    }
    // A batch applied by Redis whose answer the kill cut off comes back as duplicates on its retry; nothing else may.
    const retried = new Set(failed.map((a) => a.batch));
    acks.forEach((a, b) => { if (!retried.has(b)) expect(a.duplicates, `batch ${b}`).toBe(0); });

    expectExactFigures(await snapshot(second), orders, queuedAt);

    // Everything sent is recorded as seen: sending it all again changes nothing.
    const again = await Promise.all(batches.map((b) => post(second, b)));
    expect(again.map((r) => r.status)).toEqual(batches.map(() => 200));
    expect(again.reduce((n, r) => n + r.body.accepted, 0)).toBe(0);
    expectExactFigures(await snapshot(second), orders, queuedAt);
  });
});
