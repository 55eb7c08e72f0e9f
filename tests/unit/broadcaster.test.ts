import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Broadcaster } from '../../server/realtime/broadcaster';
import { diffSnapshot } from '../../server/realtime/diff';
import type { Snapshot } from '../../shared/snapshot';
import { applyUpdate } from '../../shared/socket';
import { makeSnapshot } from '../helpers/snapshot-factory';

const snap = (at: number, waiting = 0): Snapshot => ({
  at, timeZone: 'UTC', todayStart: 0, reasons: [], alerts: [], annotations: [], lastEventAt: null, watchingSince: null, silenceAfterSeconds: 600,
  targets: { channels: {}, contactRate: 0.052, csat: 0.65 },
  totals: { windows: {} as Snapshot['totals']['windows'] },
  channels: { chat: { waiting } as Snapshot['channels'][string], voice: { waiting: 0 } as Snapshot['channels'][string] },
});

describe('Broadcaster pacing', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  function make(heartbeatMs = 5000) {
    let n = 0;
    const emitted: number[] = [];
    const b = new Broadcaster({
      compute: async () => snap(++n),
      emit: () => emitted.push(Date.now()),
      monotonic: () => Date.now(),
      minIntervalMs: 100,
      heartbeatMs,
    });
    return { b, emitted, computes: () => n };
  }

  it('recomputes at once after a quiet spell', async () => {
    const { b, emitted } = make();
    b.markDirty();
    await vi.advanceTimersByTimeAsync(0);
    expect(emitted).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    const t = Date.now();
    b.markDirty();
    await vi.advanceTimersByTimeAsync(0);
    expect(emitted).toEqual([expect.any(Number), t]);
  });

  it('recomputes at most every 100 ms while signals stream in, and once more after the last', async () => {
    const { b, emitted } = make();
    for (let i = 0; i < 50; i++) { b.markDirty(); await vi.advanceTimersByTimeAsync(10); } // 500 ms of signals
    await vi.advanceTimersByTimeAsync(200);
    expect(emitted.length).toBeGreaterThanOrEqual(5);
    expect(emitted.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < emitted.length; i++) expect(emitted[i]! - emitted[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('recomputes at least every heartbeat without signals', async () => {
    const { b, emitted } = make(5000);
    b.start();
    await vi.advanceTimersByTimeAsync(15_001);
    expect(emitted.length).toBe(4); // at start, 5 s, 10 s, 15 s
    b.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(emitted.length).toBe(4);
  });

  it('serves its snapshot as fresh only while nothing changed since', async () => {
    const { b } = make();
    expect(b.fresh(1000)).toBeNull();
    b.markDirty();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.fresh(1000)?.at).toBe(1);
    b.markDirty();
    expect(b.fresh(1000)).toBeNull();
    await vi.advanceTimersByTimeAsync(100);
    expect(b.fresh(1000)?.at).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(b.fresh(1000)).toBeNull();
  });

  it('gives every caller until the next recompute starts that one snapshot, after its update, and no computation of its own', async () => {
    let n = 0;
    let release: () => void = () => {};
    const order: string[] = [];
    const b = new Broadcaster({
      compute: () => new Promise<Snapshot>((ok) => { const at = ++n; release = () => ok(snap(at)); }),
      emit: (_u, s) => order.push(`update ${s.at}`),
      monotonic: () => Date.now(),
      minIntervalMs: 100,
    });
    b.markDirty();
    await vi.advanceTimersByTimeAsync(0); // recompute 1 runs
    const during = [b.next(), b.next(), b.next()].map((p) => p.then((s) => { order.push(`next ${s.at}`); return s.at; }));
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['update 1']); // started before they asked: not theirs
    await vi.advanceTimersByTimeAsync(100);
    release();
    expect(await Promise.all(during)).toEqual([2, 2, 2]);
    expect(order).toEqual(['update 1', 'update 2', 'next 2', 'next 2', 'next 2']);
    expect(n).toBe(2);
  });

  it('fails the callers of a recompute that fails, and those still waiting when it stops', async () => {
    let fail = true;
    const b = new Broadcaster({
      compute: async () => { if (fail) throw new Error('redis down'); return snap(1); },
      emit: () => {},
      monotonic: () => Date.now(),
    });
    const first = b.next();
    const failed = expect(first).rejects.toThrow('redis down');
    await vi.advanceTimersByTimeAsync(0);
    await failed;
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    b.markDirty();
    const pending = b.next();
    b.stop();
    await expect(pending).rejects.toThrow(/stopped/);
  });
});

describe('snapshot updates', () => {
  it('carry only the channels and parts that changed, and applying them gives the new snapshot', () => {
    const a = snap(1, 3);
    const b = { ...snap(2, 4), reasons: [{ reason: 'wismo', count: 1, share: 1, previousCount: 0, previousShare: null, change: null, todayCount: 1, intensity: { '60m': null, today: null }, previousIntensity: null }] };
    const u = diffSnapshot(a, b);
    expect(Object.keys(u.channels!)).toEqual(['chat']);
    expect(u.reasons).toHaveLength(1);
    expect(u.totals).toBeUndefined();
    expect(applyUpdate(a, u)).toEqual(b);
  });

  it('without a previous snapshot, the update is the whole snapshot', () => {
    expect(diffSnapshot(null, snap(5, 1))).toEqual(snap(5, 1));
  });

  it('every top-level part that changed is in the update, including one the diff was never told about', () => {
    const a = makeSnapshot();
    // One changed value per field of Snapshot: the type makes a new field fail to compile until it is given one.
    const changed: { [K in keyof Snapshot]-?: Snapshot[K] } = {
      at: a.at + 1_000,
      timeZone: 'Europe/Berlin',
      todayStart: a.todayStart - 3_600_000,
      channels: { ...a.channels, chat: { ...a.channels.chat!, waiting: a.channels.chat!.waiting + 1 } },
      totals: { windows: { ...a.totals.windows, '15m': { ...a.totals.windows['15m'], arrivals: 1 } } },
      reasons: [{ reason: 'wismo', count: 1, share: 1, previousCount: 0, previousShare: null, change: null, todayCount: 1, intensity: { '60m': null, today: null }, previousIntensity: null }],
      alerts: [{ id: 'x' } as Snapshot['alerts'][number]],
      annotations: [{ id: 'n' } as Snapshot['annotations'][number]],
      targets: { ...a.targets, csat: a.targets.csat + 0.01 },
      display: { wallSurvey: 'nps' },
      lastEventAt: a.at + 500,
      watchingSince: a.at - 7_200_000,
      silenceAfterSeconds: 300,
      demoNote: 'DEMO · simulated peak',
      cardinality: { queues: {}, reasons: { names: 501, limit: 500, folded: 1, lastFoldedAt: a.at } },
    };
    const b = { ...changed, addedLater: { v: 2 } } as Snapshot;
    const u = diffSnapshot({ ...a, addedLater: { v: 1 } } as Snapshot, b);
    expect(Object.keys(u).sort()).toEqual([...Object.keys(changed), 'addedLater'].sort());
    expect(u.channels).toEqual({ chat: b.channels.chat });
    expect(applyUpdate(a, u)).toEqual(b);
  });

  it('with nothing changed, the update is just the time', () => {
    expect(diffSnapshot(snap(1), snap(2))).toEqual({ at: 2 });
  });
});
