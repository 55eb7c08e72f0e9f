import { describe, expect, it } from 'vitest';
import { DISCONNECT_GRACE_MS, STALE_AFTER_MS, staleness } from '../../client/src/model/stale';

const T0 = 1_000_000;

describe('staleness', () => {
  it('is fresh while updates keep coming over a connected socket', () => {
    expect(staleness({ startedAt: T0, lastDataAt: T0 + 5_000, disconnectedAt: null }, T0 + 14_999)).toBeNull();
  });

  it('is stale after 10 s without a snapshot or update, even while connected, since the last data', () => {
    const s = staleness({ startedAt: T0, lastDataAt: T0 + 5_000, disconnectedAt: null }, T0 + 5_000 + STALE_AFTER_MS);
    expect(s).toEqual({ since: T0 + 5_000, hadData: true, reason: 'silent' });
  });

  it('is stale shortly after the socket drops, not only after 10 s', () => {
    const f = { startedAt: T0, lastDataAt: T0 + 9_000, disconnectedAt: T0 + 9_500 };
    expect(staleness(f, T0 + 9_500 + DISCONNECT_GRACE_MS - 1)).toBeNull();
    expect(staleness(f, T0 + 9_500 + DISCONNECT_GRACE_MS)).toEqual({ since: T0 + 9_000, hadData: true, reason: 'disconnected' });
  });

  it('gives a socket that drops long after the last data no grace', () => {
    const f = { startedAt: T0, lastDataAt: T0, disconnectedAt: T0 + 12_000 };
    expect(staleness(f, T0 + 12_000)?.reason).toBe('disconnected');
  });

  it('counts from the page start when no data ever came', () => {
    const f = { startedAt: T0, lastDataAt: null, disconnectedAt: T0 };
    expect(staleness(f, T0 + 1_000)).toBeNull();
    expect(staleness(f, T0 + STALE_AFTER_MS)).toEqual({ since: T0, hadData: false, reason: 'disconnected' });
  });

  it('is fresh again as soon as data arrives', () => {
    expect(staleness({ startedAt: T0, lastDataAt: T0 + 60_000, disconnectedAt: null }, T0 + 60_001)).toBeNull();
  });
});
